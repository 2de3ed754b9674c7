package org.nnlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The average of a sequence's vectors over its valid time steps, the "averaging" of the deep averaging
 * network (DAN): a text of any length becomes one vector of fixed size.
 * <pre>
 *   x [batch, time, dim], mask [batch, time] (1 = a real token, 0 = padding)
 *   y_b = (1 / n_b) Σ_t mask[b, t] x[b, t, :]      with n_b = Σ_t mask[b, t]     -&gt;  y [batch, dim]
 * </pre>
 * Padding does not count: a 3-word sentence padded to 10 steps is averaged over its 3 words.
 *
 * <p>Backward spreads the gradient equally over the valid steps and gives padding nothing:
 * {@code dL/dx[b, t, :] = mask[b, t] / n_b · dL/dy_b}.
 *
 * <p>The mask is given with {@link #forward(INDArray, INDArray)}, or beforehand with
 * {@link #useMask(INDArray)} so that the module also works inside a {@link Sequential}; without a mask
 * every step is valid (the plain mean over time). Works in the data type of the input.
 */
public class MeanOverTime extends Module {

    private INDArray nextMask;  // set by useMask, used by forward(x)
    private INDArray weights;   // mask[b, t] / n_b as a column [batch * time, 1], cached for backward
    private long[] inputShape;  // [batch, time, dim]

    /**
     * The mask {@code [batch, time]} (1 = valid, 0 = padding) that the following calls of
     * {@link #forward(INDArray)} use, for example before each batch of a {@link Sequential};
     * {@code null} makes every step valid.
     */
    public void useMask(INDArray mask) {
        this.nextMask = mask;
    }

    /** The mean over time, with the mask of {@link #useMask(INDArray)} (or all steps valid if none). */
    @Override
    public INDArray forward(INDArray x) {
        return forward(x, nextMask);
    }

    /** The mean over the valid steps: x {@code [batch, time, dim]}, mask {@code [batch, time]} of 0 and 1. */
    public INDArray forward(INDArray x, INDArray mask) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(this + " expects input [batch, time, dim] but got "
                    + Arrays.toString(x.shape()));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(this + " expects a floating-point input but got " + x.dataType());
        }
        long batch = x.size(0);
        long time = x.size(1);
        long dim = x.size(2);
        INDArray m;
        if (mask == null) {
            m = Nd4j.ones(x.dataType(), batch, time);
        } else {
            if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
                throw new IllegalArgumentException(this + " expects a mask [batch, time] = [" + batch + ", " + time
                        + "] for input " + Arrays.toString(x.shape()) + " but got " + Arrays.toString(mask.shape()));
            }
            m = mask.castTo(x.dataType());
            INDArray d = mask.castTo(DataType.DOUBLE);
            if (d.length() > 0 && d.mul(d.rsub(1)).amaxNumber().doubleValue() != 0) { // m (1 - m) = 0 only for 0 and 1
                throw new IllegalArgumentException(this + ": a mask holds only 1 (valid step) and 0 (padding)");
            }
        }
        INDArray counts = m.sum(true, 1); // n_b, shape [batch, 1]
        if (batch > 0 && counts.minNumber().doubleValue() == 0) { // find the empty sequence, to name it
            for (long b = 0; b < batch; b++) {
                if (counts.getDouble(b, 0) == 0) {
                    throw new IllegalArgumentException(this + ": sequence " + b
                            + " of the batch has no valid time step (its mask is all 0), so it has no mean");
                }
            }
        }
        // w[b, t] = mask[b, t] / n_b, one weight per time step, as a column of batch * time rows
        weights = m.divColumnVector(counts).reshape('c', batch * time, 1);
        inputShape = x.shape();
        // y_b = Σ_t w[b, t] x[b, t, :]: weight each step's row, then sum over time
        INDArray weighted = x.dup('c').reshape('c', batch * time, dim).muliColumnVector(weights);
        return weighted.reshape('c', batch, time, dim).sum(1);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (weights == null) {
            throw backwardBeforeForward();
        }
        long batch = inputShape[0];
        long time = inputShape[1];
        long dim = inputShape[2];
        if (gradOutput.rank() != 2 || gradOutput.size(0) != batch || gradOutput.size(1) != dim) {
            throw new IllegalArgumentException(this + ": backward expects gradOutput [" + batch + ", " + dim
                    + "] but got " + Arrays.toString(gradOutput.shape()));
        }
        // dL/dx[b, t, :] = w[b, t] · dL/dy_b: copy dL/dy_b to every step, then weight each step (0 for padding)
        INDArray spread = Nd4j.tile(gradOutput.reshape('c', batch, 1, dim), 1, (int) time, 1).reshape('c', batch * time, dim);
        return spread.muliColumnVector(weights.castTo(gradOutput.dataType())).reshape('c', batch, time, dim);
    }

    /** {@code MeanOverTime}. */
    @Override
    public String toString() {
        return "MeanOverTime";
    }
}
