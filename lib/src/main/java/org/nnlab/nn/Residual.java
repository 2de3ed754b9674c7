package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A skip connection (residual block): {@code y = x + f(x)} for a module f whose output has the shape of
 * its input, for example {@code new Residual(new Sequential(new Linear(32, 32), new Tanh()))}.
 *
 * <p>Backward is the chain rule over two paths, the identity and f:
 * <pre>
 *   dL/dx = dL/dy · dy/dx = dL/dy + f.backward(dL/dy)
 * </pre>
 * The first term reaches the input unchanged, however small f's own derivative is. That is why deep
 * networks built from residual blocks keep their gradients: each block adds to the gradient instead of
 * only multiplying it.
 *
 * <p>The parameters are f's, with f's names.
 */
public class Residual extends Module {

    private final Module f;
    private long[] outputShape; // of the last forward, for checking gradOutput

    /** The block {@code y = x + f(x)}. */
    public Residual(Module f) {
        if (f == null) {
            throw new IllegalArgumentException("Residual needs a module f for y = x + f(x)");
        }
        this.f = f;
    }

    /** The module f on the residual path. */
    public Module f() {
        return f;
    }

    /** y = x + f(x). */
    @Override
    public INDArray forward(INDArray x) {
        INDArray fx = f.forward(x);
        if (!Arrays.equals(fx.shape(), x.shape())) {
            throw new IllegalArgumentException(this + ": f must keep the shape for y = x + f(x), but maps "
                    + Arrays.toString(x.shape()) + " to " + Arrays.toString(fx.shape()));
        }
        outputShape = x.shape();
        return fx.add(x);
    }

    /** dL/dx = dL/dy (the identity path) + f.backward(dL/dy) (the path through f). */
    @Override
    public INDArray backward(INDArray gradOutput) {
        if (outputShape == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, outputShape);
        return f.backward(gradOutput).add(gradOutput);
    }

    @Override
    public List<Parameter> parameters() {
        return f.parameters();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return f.namedParameters();
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        f.setTraining(training);
    }

    /** {@code Residual(Sequential(Linear(32 -> 32), Tanh))}. */
    @Override
    public String toString() {
        return "Residual(" + f + ")";
    }
}
