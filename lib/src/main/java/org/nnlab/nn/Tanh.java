package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    /** out = tanh(x), ND4J's tanh operation with x as input and out as output. */
    @Override
    protected void apply(INDArray x, INDArray out) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, out));
    }

    /** out = y ⊙ y, then 1 - out in place. */
    @Override
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        y.mul(y, out).rsubi(1);
    }
}
