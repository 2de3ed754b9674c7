package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.tensor.NativeFloats;
import org.nnlab.tensor.VectorMath;

/**
 * An element-wise activation y = f(x): it has no parameters, keeps the shape, and its backward is
 * the chain rule for one variable, {@code dL/dx = dL/dy ⊙ f'(x)}.
 *
 * <p>A subclass gives the function {@link #apply(INDArray)} and its derivative
 * {@link #derivative(INDArray, INDArray)}; both are public so that plots and notebooks can draw them.
 * Works on any shape, in the data type of the input.
 */
public abstract class Activation extends Module {

    private INDArray input;  // x, cached by forward
    private INDArray output; // y = f(x), cached by forward
    // reused from step to step inside a Sequential (see Module#forwardToBuffer)
    private INDArray buffer;
    private INDArray gradInput;
    private float[] values; // see inJava

    /** What {@link #inJava} applies to the values, in place: for example {@code VectorMath::tanh}. */
    @FunctionalInterface
    protected interface FloatRange {
        void apply(float[] values, int from, int to);
    }

    /**
     * out = f(x) for FLOAT arrays on the CPU, computed on a Java copy of the values (one block copy in, one
     * out): libnd4j's tanh and sigmoid take 5 to 9 ns a value, the JDK's vector API about 0.3 ns
     * ({@link VectorMath}). Returns false, having done nothing, where it does not apply.
     */
    protected boolean inJava(INDArray x, INDArray out, FloatRange f) {
        if (!NativeFloats.copyable(x) || !NativeFloats.copyable(out) || x.length() != out.length()
                || x.length() > Integer.MAX_VALUE) {
            return false;
        }
        int n = (int) x.length();
        if (values == null || values.length < n) {
            values = new float[n];
        }
        NativeFloats.read(x, values, 0);
        f.apply(values, 0, n);
        NativeFloats.write(values, 0, n, out, 0);
        return true;
    }

    /** f(x), element by element, in a new array. */
    public abstract INDArray apply(INDArray x);

    /** f'(x), element by element, in a new array; {@code y = f(x)} is given because some need it. */
    protected abstract INDArray derivative(INDArray x, INDArray y);

    /** f'(x), element by element, in a new array. */
    public INDArray derivative(INDArray x) {
        return derivative(x, apply(x));
    }

    /**
     * f(x) written into {@code out} (same shape as x; out may be x itself). The default computes
     * {@link #apply(INDArray)} and copies it; subclasses override it with one in-place operation.
     */
    protected void apply(INDArray x, INDArray out) {
        out.assign(apply(x));
    }

    /**
     * f'(x) written into {@code out} (same shape as x), with y = f(x). The default copies
     * {@link #derivative(INDArray, INDArray)}; subclasses override it without a temporary array.
     */
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        out.assign(derivative(x, y));
    }

    @Override
    public INDArray forward(INDArray x) {
        input = x;
        output = apply(x);
        return output;
    }

    /** y = f(x) in this module's buffer (see {@link Module#forwardToBuffer(INDArray)}). */
    @Override
    protected INDArray forwardToBuffer(INDArray x) {
        input = x;
        buffer = reuse(buffer, x.dataType(), x.shape());
        apply(x, buffer);
        output = buffer;
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (output == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, output);
        // dL/dx = dL/dy ⊙ f'(x)
        return derivative(input, output).muli(gradOutput);
    }

    /** dL/dx = dL/dy ⊙ f'(x) in this module's buffer (see {@link Module#backwardToBuffer(INDArray)}). */
    @Override
    protected INDArray backwardToBuffer(INDArray gradOutput) {
        if (output == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, output);
        gradInput = reuse(gradInput, output.dataType(), output.shape());
        derivative(input, output, gradInput);  // f'(x)
        return gradInput.muli(gradOutput);     // dL/dx = dL/dy ⊙ f'(x)
    }
}
