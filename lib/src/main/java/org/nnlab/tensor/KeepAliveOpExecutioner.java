package org.nnlab.tensor;

import java.lang.ref.Reference;
import java.util.function.Supplier;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BroadcastOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.IndexAccumulation;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.impl.summarystats.Variance;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner;

/**
 * ND4J's CPU executioner, with one fix: every operation is kept reachable until its native code has
 * finished.
 *
 * <p><b>The bug it fixes.</b> ND4J (1.0.0-M2.1) frees an array's native memory when the garbage collector
 * finds its Java object unreachable. An operation such as {@code a.addiRowVector(b)} builds an op object
 * that owns small arrays of its own (for a broadcast, the array of dimensions), hands their native buffers
 * to C++, and is not used again by the Java code afterwards. The JIT compiler may therefore treat the op as
 * dead while the C++ code is still running; if another thread triggers a garbage collection at that moment,
 * ND4J's deallocator thread frees the op's arrays under the running C++ code, and the JVM dies with
 * SIGSEGV in {@code sd::DataBuffer::primary()}. It takes only a second thread that allocates (in a Jupyter
 * kernel the messaging threads do), and a small heap makes it likely within seconds
 * ({@code KeepAliveOpExecutionerTest} reproduces it).
 *
 * <p><b>The fix.</b> Each {@code exec} below calls ND4J's and then {@link Reference#reachabilityFence} on the
 * op (and its context): the op, and so everything it owns, stays reachable until the native call has
 * returned.
 *
 * <p>ND4J reads the executioner's class from the system property {@code opexec}; {@link KeepAlive#install()} sets it
 * (the kernel, the tests and the benchmarks do this before ND4J starts). The CUDA backend has its own
 * executioner and is left alone. {@link KeepAliveNDArrayFactory} does the same for {@code pullRows}.
 */
public class KeepAliveOpExecutioner extends NativeOpExecutioner {

    /** The system property from which ND4J reads the class of its executioner. */
    public static final String PROPERTY = "opexec";

    /**
     * Makes ND4J use this executioner, if ND4J has not started yet and will start on the CPU backend.
     * Returns false when it could not (a CUDA backend, or another executioner chosen explicitly).
     * Prefer {@link KeepAlive#install()}, which does not load ND4J's classes.
     */
    public static boolean install() {
        return KeepAlive.installProperty(PROPERTY, KeepAlive.EXECUTIONER);
    }

    @Override
    public INDArray exec(Op op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(Op op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    @Override
    public INDArray exec(BroadcastOp op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(BroadcastOp op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    @Override
    public INDArray exec(ReduceOp op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(ReduceOp op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    @Override
    public INDArray exec(Variance op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(IndexAccumulation op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(IndexAccumulation op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    @Override
    public INDArray exec(ScalarOp op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(ScalarOp op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    @Override
    public INDArray exec(RandomOp op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray exec(RandomOp op, Random rng) {
        return fenced(() -> super.exec(op, rng), op, rng);
    }

    @Override
    public INDArray exec(RandomOp op, OpContext context, Random rng) {
        return fenced(() -> super.exec(op, context, rng), op, context, rng);
    }

    @Override
    public INDArray[] exec(CustomOp op) {
        return fenced(() -> super.exec(op), op);
    }

    @Override
    public INDArray[] exec(CustomOp op, OpContext context) {
        return fenced(() -> super.exec(op, context), op, context);
    }

    /** Runs {@code call}; everything in {@code keep} stays reachable until it has returned. */
    private static <T> T fenced(Supplier<T> call, Object... keep) {
        try {
            return call.get();
        } finally {
            for (Object o : keep) {
                Reference.reachabilityFence(o);
            }
        }
    }
}
