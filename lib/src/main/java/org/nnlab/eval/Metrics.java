package org.nnlab.eval;

/**
 * Accuracy and the input checks shared by all metrics. Predictions and labels are class indices
 * {@code 0 .. numClasses-1}, one per example, in the same order.
 */
public final class Metrics {

    private Metrics() {
    }

    /** The share of examples whose prediction equals the label, in [0, 1]. */
    public static double accuracy(int[] predicted, int[] labels) {
        check(predicted, labels);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** Checks both arrays: not null, not empty, the same length. */
    static void check(int[] predicted, int[] labels) {
        if (predicted == null || labels == null) {
            throw new IllegalArgumentException("predictions and labels must not be null");
        }
        if (predicted.length != labels.length) {
            throw new IllegalArgumentException("there are " + predicted.length + " predictions but "
                    + labels.length + " labels; each example needs exactly one of each");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("no examples to evaluate: predictions and labels are empty");
        }
    }

    /** Checks that every value lies in {@code 0 .. numClasses-1}; {@code what} names the array in the error. */
    static void checkRange(int[] values, int numClasses, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= numClasses) {
                throw new IllegalArgumentException(what + " " + i + " is class " + values[i]
                        + ", outside the class range 0.." + (numClasses - 1) + " (" + numClasses + " classes)");
            }
        }
    }
}
