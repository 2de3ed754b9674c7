package org.nnlab.tensor;

import java.lang.ref.Reference;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.cpu.nativecpu.CpuNDArrayFactory;

/**
 * ND4J's CPU array factory, with the fix of {@link KeepAliveOpExecutioner} for the one native call of the
 * factory that the library and notebooks use: {@code pullRows} (behind {@code Nd4j.pullRows} and
 * {@code INDArray.getRows}). ND4J passes the source array's native buffer to C++ and does not use the array
 * afterwards, so for a temporary source, say {@code a.dup().getRows(rows)}, a garbage collection started by
 * another thread could free it mid-call (SIGSEGV in {@code sd::DataBuffer::primary()}). Here source and
 * destination stay reachable until the native call has returned. ({@code concat} and the other operations
 * go through the executioner, which {@link KeepAliveOpExecutioner} fixes.)
 *
 * <p>ND4J reads the factory's class from the system property {@code ndarrayfactory.class}; {@link #install()}
 * sets it, as {@link KeepAliveOpExecutioner#install()} sets the executioner's.
 */
public class KeepAliveNDArrayFactory extends CpuNDArrayFactory {

    /** The system property from which ND4J reads the class of its array factory. */
    public static final String PROPERTY = "ndarrayfactory.class";

    public KeepAliveNDArrayFactory() {
    }

    public KeepAliveNDArrayFactory(DataType dtype, Character order) {
        super(dtype, order);
    }

    public KeepAliveNDArrayFactory(DataType dtype, char order) {
        super(dtype, order);
    }

    /**
     * Makes ND4J use this factory, if ND4J has not started yet and will start on the CPU backend. Returns
     * false when it could not (a CUDA backend, or another factory chosen explicitly).
     */
    public static boolean install() {
        return KeepAlive.installProperty(PROPERTY, KeepAlive.FACTORY);
    }

    /** All the other pullRows variants come here. */
    @Override
    public INDArray pullRows(INDArray source, INDArray destination, int sourceDimension, long[] indexes) {
        try {
            return super.pullRows(source, destination, sourceDimension, indexes);
        } finally {
            Reference.reachabilityFence(source);
            Reference.reachabilityFence(destination);
        }
    }
}
