package org.nnlab.nn.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binary cross-entropy on probabilities p (the output of a sigmoid):
 * {@code L = -mean(y log p + (1 - y) log(1 - p))}, targets y in [0, 1].
 *
 * <p>As in PyTorch, each log is clamped at -100 so that p = 0 or 1 gives a large but finite loss, and the
 * gradient's denominator p (1 - p) at PyTorch's EPSILON, the float nearest to 1e-12 (9.99999996e-13: PyTorch
 * declares it a float, so DOUBLE predictions are clamped at that value too, not at 1e-12 exactly).
 * When the network ends in a sigmoid, {@link BCEWithLogitsLoss} on the scores is more stable.
 */
public class BCELoss extends Loss {

    private static final double LOG_FLOOR = -100;   // PyTorch's clamp of log p and log(1 - p)
    private static final double EPSILON = 1e-12f;   // PyTorch's floor of p (1 - p) in the gradient: a float

    private double[] p; // the probabilities, cached by forward
    private double[] y; // the targets
    private INDArray prediction;

    @Override
    public double forward(INDArray prediction, INDArray target) {
        sameShape(prediction, target);
        double[] probabilities = entries(prediction);
        double[] targets = entries(target);
        checkProbabilities("probabilities", probabilities,
                " (apply Sigmoid first, or use BCEWithLogitsLoss on the scores)");
        checkProbabilities("targets", targets, "");
        this.p = probabilities;
        this.y = targets;
        this.prediction = prediction;
        // the sum of y log p + (1 - y) log(1 - p), each log at least -100
        double likelihood = 0;
        for (int i = 0; i < p.length; i++) {
            double logP = Math.max(Math.log(p[i]), LOG_FLOOR);
            double log1MinusP = Math.max(Math.log(1 - p[i]), LOG_FLOOR);
            likelihood += y[i] * logP + (1 - y[i]) * log1MinusP;
        }
        return -likelihood / p.length;
    }

    @Override
    public INDArray backward() {
        if (p == null) {
            throw backwardBeforeForward();
        }
        // dL/dp = (p - y) / (p (1 - p)) / N
        double[] grad = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double denominator = Math.max(p[i] * (1 - p[i]), EPSILON);
            grad[i] = (p[i] - y[i]) / denominator / p.length;
        }
        return Nd4j.create(grad, prediction.shape(), prediction.dataType());
    }
}
