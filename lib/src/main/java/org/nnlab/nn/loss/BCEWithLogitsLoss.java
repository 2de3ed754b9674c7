package org.nnlab.nn.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy on scores z (logits): the loss of {@link BCELoss} applied to σ(z), computed
 * without forming σ(z), so that it stays finite and exact for large |z|:
 * {@code L = mean(max(z, 0) - z y + log(1 + e^(-|z|)))}. Its gradient is the famous
 * {@code dL/dz = (σ(z) - y) / N}.
 */
public class BCEWithLogitsLoss extends Loss {

    private INDArray z; // cached by forward
    private INDArray y;

    @Override
    public double forward(INDArray logits, INDArray target) {
        INDArray t = sameShape(logits, target);
        checkProbabilities("targets", t, "");
        z = logits;
        y = t;
        // max(z, 0) - z y + log(1 + e^(-|z|)): e^(-|z|) <= 1, so nothing overflows
        INDArray softplus = Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false);
        INDArray perEntry = Transforms.max(z, 0.0, true).subi(z.mul(y)).addi(softplus);
        return perEntry.sumNumber().doubleValue() / z.length();
    }

    @Override
    public INDArray backward() {
        if (z == null) {
            throw backwardBeforeForward();
        }
        // dL/dz = (σ(z) - y) / N
        return Transforms.sigmoid(z, true).subi(y).divi(z.length());
    }
}
