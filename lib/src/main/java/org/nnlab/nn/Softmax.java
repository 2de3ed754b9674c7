package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * softmax(x)_i = e^(x_i) / Σ_j e^(x_j) over the last dimension: turns scores into probabilities that
 * sum to 1. Computed as e^(x_i - max x) so that large scores do not overflow.
 *
 * <p>Unlike the element-wise activations, each output depends on every input of its row, so the
 * derivative is a Jacobian {@code dy_i/dx_j = y_i (δ_ij - y_j)}; backward applies it without building it.
 * For classification, {@code CrossEntropyLoss} on the scores is simpler and more stable than this
 * module followed by a log.
 */
public class Softmax extends Module {

    private INDArray output; // y, cached by forward

    /** softmax over the last dimension, in a new array. */
    public INDArray apply(INDArray x) {
        int last = x.rank() - 1;
        INDArray shifted = x.sub(x.max(true, last)); // x - max: the largest exponent is e^0 = 1
        INDArray e = Transforms.exp(shifted, false);
        return e.divi(e.sum(true, last));
    }

    @Override
    public INDArray forward(INDArray x) {
        output = apply(x);
        return output;
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (output == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, output);
        int last = output.rank() - 1;
        // dL/dx_j = Σ_i dL/dy_i · y_i (δ_ij - y_j) = y_j (dL/dy_j - Σ_i dL/dy_i y_i)
        INDArray dot = gradOutput.mul(output).sum(true, last);
        return gradOutput.sub(dot).muli(output);
    }
}
