package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.tensor.VectorMath;

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

    /** out = σ(x): in Java for FLOAT on the CPU (see {@link #inJava}), else ND4J's sigmoid with x in, out out. */
    @Override
    protected void apply(INDArray x, INDArray out) {
        if (!inJava(x, out, VectorMath::sigmoid)) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid(x, out));
        }
    }

    /** out = (1 - y) ⊙ y. */
    @Override
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        if (!inJava(y, out, Sigmoid::timesOneMinus)) {
            y.rsub(1, out).muli(y);
        }
    }

    private static void timesOneMinus(float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = (1 - y[i]) * y[i];
        }
    }
}
