package org.nnlab.nn.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy on probabilities p (the output of a sigmoid):
 * {@code L = -mean(y log p + (1 - y) log(1 - p))}, targets y in [0, 1].
 *
 * <p>As in PyTorch, each log is clamped at -100 so that p = 0 or 1 gives a large but finite loss.
 * When the network ends in a sigmoid, {@link BCEWithLogitsLoss} on the scores is more stable.
 */
public class BCELoss extends Loss {

    private static final double LOG_FLOOR = -100;   // PyTorch's clamp of log p and log(1 - p)
    private static final double EPSILON = 1e-12;    // PyTorch's floor of p (1 - p) in the gradient

    private INDArray p; // cached by forward
    private INDArray y;

    @Override
    public double forward(INDArray prediction, INDArray target) {
        INDArray t = sameShape(prediction, target);
        checkProbabilities("probabilities", prediction,
                " (apply Sigmoid first, or use BCEWithLogitsLoss on the scores)");
        checkProbabilities("targets", t, "");
        p = prediction;
        y = t;
        INDArray logP = Transforms.max(Transforms.log(p, true), LOG_FLOOR, false);
        INDArray log1MinusP = Transforms.max(Transforms.log(p.rsub(1), false), LOG_FLOOR, false);
        // y log p + (1 - y) log(1 - p)
        INDArray likelihood = logP.muli(y).addi(log1MinusP.muli(y.rsub(1)));
        return -likelihood.sumNumber().doubleValue() / p.length();
    }

    @Override
    public INDArray backward() {
        if (p == null) {
            throw backwardBeforeForward();
        }
        // dL/dp = (p - y) / (p (1 - p)) / N
        INDArray denominator = Transforms.max(p.rsub(1).muli(p), EPSILON, false);
        return p.sub(y).divi(denominator).divi(p.length());
    }
}
