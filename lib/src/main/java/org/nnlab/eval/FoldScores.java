package org.nnlab.eval;

import java.util.Arrays;
import java.util.Locale;

/**
 * One model's score (for example accuracy) on each fold of a cross-validation, with their mean and standard
 * deviation:
 * <pre>
 *   mean = (1/k) Σ_f s_f          sd = sqrt( Σ_f (s_f - mean)² / (k - 1) )
 * </pre>
 * (the sample standard deviation, k - 1 in the denominator, as numpy's {@code std(ddof=1)}). The sd says
 * how much the score moves from one held-out fold to the next, not how far the mean is from the truth;
 * to compare two models on the same folds use {@link PairedComparison}.
 */
public record FoldScores(String model, double[] scores) {

    public FoldScores {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException("FoldScores of " + model + ": no scores, one per fold is needed");
        }
        for (int f = 0; f < scores.length; f++) {
            if (!Double.isFinite(scores[f])) {
                throw new IllegalArgumentException("FoldScores of " + model + ": the score of fold " + f + " is "
                        + scores[f]);
            }
        }
        scores = scores.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** The number of folds. */
    public int k() {
        return scores.length;
    }

    /** The mean over the folds. */
    public double mean() {
        return mean(scores);
    }

    /** The sample standard deviation over the folds (0 for a single fold). */
    public double sd() {
        return sd(scores);
    }

    /** The lowest fold's score. */
    public double min() {
        return Arrays.stream(scores).min().getAsDouble();
    }

    /** The highest fold's score. */
    public double max() {
        return Arrays.stream(scores).max().getAsDouble();
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    static double sd(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double m = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - m) * (v - m);
        }
        return Math.sqrt(squares / (x.length - 1));
    }

    /** Scores in [0, 1] as percentages: {@code DAN 76.1 % ± 1.3 (10 folds, 74.0 to 78.4)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.1f %% ± %.1f (%d folds, %.1f to %.1f)", model, 100 * mean(), 100 * sd(),
                k(), 100 * min(), 100 * max());
    }
}
