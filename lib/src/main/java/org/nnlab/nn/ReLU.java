package org.nnlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** ReLU(x) = max(0, x); its derivative is 1 for x > 0 and 0 otherwise (0 at x = 0, as in PyTorch). */
public class ReLU extends Activation {

    @Override
    public INDArray apply(INDArray x) {
        return Transforms.relu(x, true);
    }

    /** 1 where x > 0, else 0. */
    @Override
    protected INDArray derivative(INDArray x, INDArray y) {
        return x.gt(0).castTo(x.dataType());
    }

    /**
     * The share of dead units: given the pre-activations {@code z} of one layer for a whole data set
     * ({@code [examples, units]}), the share of units (columns) whose z is at most 0 in every row. Such a
     * unit outputs 0 for every example and passes no gradient back, so nothing revives it.
     */
    public static double deadShare(INDArray z) {
        INDArray largest = z.max(0);   // per unit: its largest pre-activation over all examples
        return largest.lte(0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / largest.length();
    }

    /** out = x, then max(0, out) in place. */
    @Override
    protected void apply(INDArray x, INDArray out) {
        Transforms.relu(out.assign(x), false);
    }

    /** out = x, then the step function in place: 1 where out > 0, else 0. */
    @Override
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        Transforms.step(out.assign(x), false);
    }
}
