package org.nnlab.nn.loss;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss compares the network's prediction with the target and says, as one number, how wrong it is
 * (the mean over all entries of the batch, as PyTorch's default {@code reduction='mean'}).
 *
 * <p>{@link #forward(INDArray, INDArray)} returns the loss and caches what {@link #backward()} needs;
 * {@code backward()} returns dL/d(prediction), the gradient that starts backpropagation:
 * <pre>{@code
 * double loss = lossFunction.forward(model.forward(x), y);
 * model.zeroGrad();
 * model.backward(lossFunction.backward());
 * }</pre>
 * Works in the prediction's data type; a target of another type is converted to it.
 */
public abstract class Loss {

    /** The mean loss over the batch; remembers what backward needs. */
    public abstract double forward(INDArray prediction, INDArray target);

    /** dL/d(prediction) for the last forward, a new array of the prediction's shape. */
    public abstract INDArray backward();

    /** The name the lectures use, for example {@code MSELoss}. */
    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    /** The error for a backward without a forward. */
    protected IllegalStateException backwardBeforeForward() {
        return new IllegalStateException(this + ": backward called before forward");
    }

    /** Checks that target and prediction have the same shape; returns the target in the prediction's type. */
    protected INDArray sameShape(INDArray prediction, INDArray target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw new IllegalArgumentException(this + " expects a target of the prediction's shape "
                    + Arrays.toString(prediction.shape()) + " but got " + Arrays.toString(target.shape()));
        }
        if (prediction.length() == 0) {
            throw new IllegalArgumentException(this + " got an empty batch");
        }
        return target.castTo(prediction.dataType());
    }

    /** Checks that every entry lies in [0, 1] (probabilities, or targets of a binary loss). */
    protected void checkProbabilities(String what, INDArray values, String hint) {
        checkProbabilities(what, entries(values), hint);
    }

    /** Checks that every entry lies in [0, 1]; the entries as {@link #entries(INDArray)} gives them. */
    protected void checkProbabilities(String what, double[] values, String hint) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean nan = false;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            nan |= Double.isNaN(v);
        }
        if (nan || !(min >= 0 && max <= 1)) {
            throw new IllegalArgumentException(this + " expects " + what + " in [0, 1] but got values from "
                    + (nan ? Double.NaN : min) + " to " + (nan ? Double.NaN : max) + hint);
        }
    }

    /**
     * The entries of an array, row by row, as Java doubles (a copy). A loss looks at arrays as small as
     * the network's output, for example [batch, 1]: a plain loop over them takes a few microseconds,
     * less than the call of a single ND4J operation.
     */
    protected static double[] entries(INDArray a) {
        boolean plain = !a.isView() && a.ordering() == 'c' && a.length() == a.data().length();
        return (plain ? a : a.dup('c')).data().asDouble();
    }
}
