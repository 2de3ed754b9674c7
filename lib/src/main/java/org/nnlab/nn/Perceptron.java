package org.nnlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.data.Dataset;

/**
 * Rosenblatt's perceptron, the classic mistake-driven learning rule for two classes. It predicts with
 * the sign of a weighted sum plus bias,
 * <pre>
 *   score(x) = w · x + b        prediction = +1 if score(x) &gt; 0, else -1
 * </pre>
 * and learns one example at a time, changing the weights only when it is wrong:
 * <pre>
 *   if y · score(x) ≤ 0:   w += lr · y · x,   b += lr · y          (y is +1 or -1)
 * </pre>
 * A point exactly on the line (score 0) counts as a mistake, as in the textbook proof. If some line
 * separates the classes, the rule reaches an epoch with no mistake after finitely many updates
 * (Novikoff); on XOR, where no line separates them, it never does.
 *
 * <p>Labels are given either as +1/-1 or as 0/1 (0 is read as -1); {@link #predict(double[])} always
 * answers +1 or -1. Weights and bias start at zero, and the examples are visited in the given order, so
 * training is deterministic. This is not a {@link Module}: it learns by its own rule, not by gradients.
 */
public class Perceptron {

    private final double learningRate;
    private final double[] weights;
    private double bias;

    /** A perceptron for {@code features} inputs with learning rate 1 (the classic rule). */
    public Perceptron(int features) {
        this(features, 1.0);
    }

    /** A perceptron for {@code features} inputs with the given learning rate {@code lr > 0}. */
    public Perceptron(int features, double learningRate) {
        if (features < 1) {
            throw new IllegalArgumentException("Perceptron expects at least 1 feature but got " + features);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("Perceptron expects a learning rate > 0 but got " + learningRate);
        }
        this.learningRate = learningRate;
        this.weights = new double[features];
    }

    /** The number of input features. */
    public int features() {
        return weights.length;
    }

    /** The learning rate lr of the update. */
    public double learningRate() {
        return learningRate;
    }

    /** The weights w (a copy). The separating line is {@code w · x + b = 0}. */
    public double[] weights() {
        return weights.clone();
    }

    /** The bias b. */
    public double bias() {
        return bias;
    }

    /** score(x) = w · x + b: positive on the +1 side of the line, negative on the -1 side. */
    public double score(double[] x) {
        checkFeatures(x, "the input");
        double s = bias;
        for (int j = 0; j < weights.length; j++) {
            s += weights[j] * x[j];
        }
        return s;
    }

    /** +1 if score(x) &gt; 0, else -1. */
    public int predict(double[] x) {
        return score(x) > 0 ? 1 : -1;
    }

    /** The prediction (+1 or -1) for every row. */
    public int[] predict(double[][] xs) {
        int[] predictions = new int[xs.length];
        for (int i = 0; i < xs.length; i++) {
            predictions[i] = predict(xs[i]);
        }
        return predictions;
    }

    /**
     * One step of the rule on one example with label {@code y} (+1 or -1): if it is a mistake
     * ({@code y · score(x) ≤ 0}), move the line towards x's side and return true; otherwise change
     * nothing and return false.
     */
    public boolean step(double[] x, int y) {
        if (y != 1 && y != -1) {
            throw new IllegalArgumentException("Perceptron.step expects the label +1 or -1 but got " + y);
        }
        if (y * score(x) > 0) {
            return false;                             // on its side of the line: nothing to learn
        }
        for (int j = 0; j < weights.length; j++) {
            weights[j] += learningRate * y * x[j];    // w += lr · y · x
        }
        bias += learningRate * y;                     // b += lr · y
        return true;
    }

    /**
     * Runs the perceptron rule over the examples, epoch after epoch, until an epoch without a mistake or
     * until {@code maxEpochs}. Returns the number of mistakes (updates) in each epoch that ran: it ends
     * with 0 when the rule converged. Training continues from the current weights.
     *
     * @param features one row per example, {@code [n][features()]}
     * @param labels   one label per example, all +1/-1 or all 0/1
     */
    public int[] fit(double[][] features, int[] labels, int maxEpochs) {
        // check everything first: a failed call leaves the perceptron unchanged
        if (features.length == 0) {
            throw new IllegalArgumentException("Perceptron got no examples to learn from");
        }
        if (labels.length != features.length) {
            throw new IllegalArgumentException("Perceptron expects one label per example: " + features.length
                    + " examples but " + labels.length + " labels");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("Perceptron expects maxEpochs ≥ 1 but got " + maxEpochs);
        }
        for (int i = 0; i < features.length; i++) {
            checkFeatures(features[i], "example " + i);
        }
        int[] y = signedLabels(labels);

        int[] mistakes = new int[maxEpochs];
        for (int epoch = 0; epoch < maxEpochs; epoch++) {
            for (int i = 0; i < features.length; i++) {
                if (step(features[i], y[i])) {
                    mistakes[epoch]++;
                }
            }
            if (mistakes[epoch] == 0) {
                return Arrays.copyOf(mistakes, epoch + 1); // converged: every example is on its side
            }
        }
        return mistakes;
    }

    /** {@link #fit(double[][], int[], int)} on a two-class data set (labels 0 and 1). */
    public int[] fit(Dataset data, int maxEpochs) {
        if (data.numClasses() != 2) {
            throw new IllegalArgumentException("Perceptron separates two classes but the data set has "
                    + data.numClasses());
        }
        return fit(data.features(), data.labels(), maxEpochs);
    }

    /**
     * {@link #fit(double[][], int[], int)} on ND4J arrays: features {@code [n, features()]}, labels
     * {@code [n]} or {@code [n, 1]} of whole numbers (+1/-1 or 0/1).
     */
    public int[] fit(INDArray features, INDArray labels, int maxEpochs) {
        if (features.rank() != 2) {
            throw new IllegalArgumentException("Perceptron expects features [n, " + weights.length + "] but got "
                    + Arrays.toString(features.shape()));
        }
        if (labels.rank() > 2 || labels.length() != labels.size(0)) {
            throw new IllegalArgumentException("Perceptron expects labels [n] or [n, 1] but got "
                    + Arrays.toString(labels.shape()));
        }
        double[] values = labels.ravel().toDoubleVector();
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException("Perceptron expects labels +1/-1 or 0/1 but got " + values[i]
                        + " at example " + i);
            }
            ints[i] = (int) values[i];
        }
        return fit(features.toDoubleMatrix(), ints, maxEpochs);
    }

    /** {@code Perceptron(2 features, lr=1.0)}. */
    @Override
    public String toString() {
        return "Perceptron(" + weights.length + " features, lr=" + learningRate + ")";
    }

    /** The labels as +1/-1: +1/-1 labels are kept, 0/1 labels are read as -1/+1. */
    private static int[] signedLabels(int[] labels) {
        boolean hasMinusOne = false;
        boolean hasZero = false;
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label != 1 && label != -1 && label != 0) {
                throw new IllegalArgumentException("Perceptron expects labels +1/-1 or 0/1 but got " + label
                        + " at example " + i);
            }
            hasMinusOne |= label == -1;
            hasZero |= label == 0;
        }
        if (hasMinusOne && hasZero) {
            throw new IllegalArgumentException("Perceptron expects labels +1/-1 or 0/1 but got a mix of -1 and 0");
        }
        int[] y = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            y[i] = labels[i] == 0 ? -1 : labels[i];
        }
        return y;
    }

    private void checkFeatures(double[] x, String what) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException(this + " expects " + weights.length + " features but "
                    + what + " has " + x.length);
        }
    }
}
