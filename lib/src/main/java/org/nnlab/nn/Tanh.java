package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** tanh(x), squashing into (-1, 1); tanh'(x) = 1 - tanh²(x). */
public class Tanh extends Activation {

    @Override
    public INDArray apply(INDArray x) {
        return Transforms.tanh(x, true);
    }

    /** tanh'(x) = 1 - y² with y = tanh(x). */
    @Override
    protected INDArray derivative(INDArray x, INDArray y) {
        return y.mul(y).rsubi(1);
    }
}
