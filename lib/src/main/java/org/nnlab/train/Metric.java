package org.nnlab.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A number that says how good the predictions of a batch are, higher is better (for example accuracy).
 * The {@link Trainer} records it per epoch next to the loss.
 *
 * <p>Which metric a trainer uses when none is set: accuracy for a classification loss
 * ({@link #binaryAccuracy(double) binaryAccuracy(0.5)} after {@code BCELoss}, {@code binaryAccuracy(0.0)}
 * after {@code BCEWithLogitsLoss}, {@link #accuracy()} after {@code CrossEntropyLoss}), none otherwise.
 * Any lambda {@code (prediction, target) -> ...} is a metric too.
 */
@FunctionalInterface
public interface Metric {

    /** The metric of a batch: {@code prediction} is the model's output, {@code target} what it should be. */
    double compute(INDArray prediction, INDArray target);

    /**
     * Accuracy of a binary classifier with one output per example: predicted class 1 when the output is
     * above {@code threshold} (0.5 for probabilities after a sigmoid, 0.0 for logits), else 0;
     * targets are 0 or 1.
     */
    static Metric binaryAccuracy(double threshold) {
        return (prediction, target) -> {
            double[] p = prediction.ravel().toDoubleVector();
            double[] t = target.ravel().toDoubleVector();
            if (p.length != t.length) {
                throw new IllegalArgumentException("binaryAccuracy: " + p.length + " predictions but "
                        + t.length + " targets");
            }
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                int predicted = p[i] > threshold ? 1 : 0;
                if (predicted == (int) Math.round(t[i])) {
                    correct++;
                }
            }
            return (double) correct / p.length;
        };
    }

    /**
     * Accuracy of a classifier with one output column per class: the predicted class is the column with
     * the largest score (argmax). Targets are class numbers ({@code [batch]} or {@code [batch, 1]}) or
     * one-hot rows ({@code [batch, classes]}).
     */
    static Metric accuracy() {
        return (prediction, target) -> {
            int[] predicted = argmaxRows(prediction);
            int[] labels = target.length() == target.size(0)
                    ? toInts(target.ravel().toDoubleVector())
                    : argmaxRows(target);
            if (predicted.length != labels.length) {
                throw new IllegalArgumentException("accuracy: " + predicted.length + " predictions but "
                        + labels.length + " targets");
            }
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
            return (double) correct / predicted.length;
        };
    }

    private static int[] argmaxRows(INDArray scores) {
        double[][] rows = scores.toDoubleMatrix();
        int[] best = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 1; j < rows[i].length; j++) {
                if (rows[i][j] > rows[i][best[i]]) {
                    best[i] = j;
                }
            }
        }
        return best;
    }

    private static int[] toInts(double[] values) {
        int[] ints = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ints[i] = (int) Math.round(values[i]);
        }
        return ints;
    }
}
