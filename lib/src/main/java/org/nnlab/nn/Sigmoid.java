package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** σ(x) = 1 / (1 + e^(-x)), squashing into (0, 1); σ'(x) = σ(x)(1 - σ(x)), never above 0.25. */
public class Sigmoid extends Activation {

    @Override
    public INDArray apply(INDArray x) {
        return Transforms.sigmoid(x, true);
    }

    /** σ'(x) = y (1 - y) with y = σ(x). */
    @Override
    protected INDArray derivative(INDArray x, INDArray y) {
        return y.rsub(1).muli(y);
    }

    /** out = σ(x), ND4J's sigmoid operation with x as input and out as output. */
    @Override
    protected void apply(INDArray x, INDArray out) {
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(x, out));
    }

    /** out = 1 - y, then out ⊙ y in place. */
    @Override
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        y.rsub(1, out).muli(y);
    }
}
