package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.tensor.VectorMath;

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

    /** out = tanh(x): in Java for FLOAT on the CPU (see {@link #inJava}), else ND4J's tanh with x in, out out. */
    @Override
    protected void apply(INDArray x, INDArray out) {
        if (!inJava(x, out, VectorMath::tanh)) {
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(x, out));
        }
    }

    /** out = 1 - y ⊙ y. */
    @Override
    protected void derivative(INDArray x, INDArray y, INDArray out) {
        if (!inJava(y, out, Tanh::oneMinusSquare)) {
            y.mul(y, out).rsubi(1);
        }
    }

    private static void oneMinusSquare(float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = 1 - y[i] * y[i];
        }
    }
}
