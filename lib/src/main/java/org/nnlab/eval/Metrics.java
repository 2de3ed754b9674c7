package org.nnlab.eval;

/**
 * Accuracy and the input checks shared by all metrics. Predictions and labels are class indices
 * {@code 0 .. numClasses-1}, one per example, in the same order.
 */
public final class Metrics {

    /** The label of a padded position in {@link #tokenAccuracy} and {@link #sentenceAccuracy}. */
    public static final int PADDING = -1;

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

    /**
     * For taggers: the share of real tokens tagged right, over sentences {@code [sentence][position]};
     * positions whose label is -1 (padding) are not counted.
     */
    public static double tokenAccuracy(int[][] predicted, int[][] labels) {
        long right = 0;
        long all = 0;
        checkSentences(predicted, labels);
        for (int s = 0; s < labels.length; s++) {
            for (int t = 0; t < labels[s].length; t++) {
                if (labels[s][t] != PADDING) {
                    right += predicted[s][t] == labels[s][t] ? 1 : 0;
                    all++;
                }
            }
        }
        if (all == 0) {
            throw new IllegalArgumentException("no tokens to evaluate: every label is padding (-1)");
        }
        return (double) right / all;
    }

    /**
     * For taggers: the share of sentences with every real token tagged right. Much lower than token
     * accuracy: at 97 % per token, a 20-word sentence is all right only about 0.97^20 = 54 % of the time.
     */
    public static double sentenceAccuracy(int[][] predicted, int[][] labels) {
        checkSentences(predicted, labels);
        int right = 0;
        for (int s = 0; s < labels.length; s++) {
            boolean all = true;
            for (int t = 0; t < labels[s].length; t++) {
                all &= labels[s][t] == PADDING || predicted[s][t] == labels[s][t];
            }
            right += all ? 1 : 0;
        }
        return (double) right / labels.length;
    }

    private static void checkSentences(int[][] predicted, int[][] labels) {
        if (predicted == null || labels == null || predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("expected predictions and labels for the same, non-empty list of "
                    + "sentences but got " + (predicted == null ? "null" : predicted.length) + " and "
                    + (labels == null ? "null" : labels.length));
        }
        for (int s = 0; s < labels.length; s++) {
            if (predicted[s].length != labels[s].length) {
                throw new IllegalArgumentException("sentence " + s + " has " + predicted[s].length
                        + " predicted tags but " + labels[s].length + " labels");
            }
        }
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
