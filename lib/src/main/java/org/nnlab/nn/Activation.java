package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

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

    /** f(x), element by element, in a new array. */
    public abstract INDArray apply(INDArray x);

    /** f'(x), element by element, in a new array; {@code y = f(x)} is given because some need it. */
    protected abstract INDArray derivative(INDArray x, INDArray y);

    /** f'(x), element by element, in a new array. */
    public INDArray derivative(INDArray x) {
        return derivative(x, apply(x));
    }

    @Override
    public INDArray forward(INDArray x) {
        input = x;
        output = apply(x);
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
}
