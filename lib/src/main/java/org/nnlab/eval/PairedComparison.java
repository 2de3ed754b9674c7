package org.nnlab.eval;

import java.util.Locale;

/**
 * Two models compared on the same folds, fold by fold. The folds differ in difficulty (one fold is easy for
 * both models, another hard for both), so the per-fold differences {@code d_f = a_f - b_f} vary much less
 * than either model's scores: they are what tells the models apart.
 * <pre>
 *   mean d = (1/k) Σ_f d_f        sd_d = sqrt( Σ_f (d_f - mean d)² / (k - 1) )
 *   t = mean d / (sd_d / sqrt(k))   (the paired t statistic, k - 1 degrees of freedom)
 * </pre>
 * With 10 folds, |t| above 2.26 is the usual 5 % level of a two-sided paired t test. The folds' training
 * parts overlap, so t overstates the evidence somewhat (Dietterich 1998); read it with the wins per fold.
 */
public record PairedComparison(FoldScores a, FoldScores b) {

    public PairedComparison {
        if (a.k() != b.k()) {
            throw new IllegalArgumentException("a paired comparison needs the same folds, but " + a.model() + " has "
                    + a.k() + " scores and " + b.model() + " has " + b.k());
        }
    }

    /** d_f = a_f - b_f for each fold. */
    public double[] differences() {
        double[] x = a.scores();
        double[] y = b.scores();
        double[] d = new double[x.length];
        for (int f = 0; f < d.length; f++) {
            d[f] = x[f] - y[f];
        }
        return d;
    }

    /** The mean of the per-fold differences (= mean of a - mean of b). */
    public double meanDifference() {
        return FoldScores.mean(differences());
    }

    /** The sample standard deviation of the per-fold differences. */
    public double sdDifference() {
        return FoldScores.sd(differences());
    }

    /** The folds on which a scores higher than b. */
    public int winsA() {
        int w = 0;
        for (double d : differences()) {
            w += d > 0 ? 1 : 0;
        }
        return w;
    }

    /** The folds on which b scores higher than a. */
    public int winsB() {
        int w = 0;
        for (double d : differences()) {
            w += d < 0 ? 1 : 0;
        }
        return w;
    }

    /** The paired t statistic, mean d / (sd_d / sqrt(k)); infinite when every fold has the same nonzero difference. */
    public double t() {
        double m = meanDifference();
        double s = sdDifference();
        if (s == 0) {
            return m == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, m);
        }
        return m / (s / Math.sqrt(a.k()));
    }

    /** {@code DAN - Tribuo: -1.6 points ± 0.9 per fold, DAN higher on 1 of 10 folds, Tribuo on 9, paired t = -5.6}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s - %s: %+.1f points ± %.1f per fold, %s higher on %d of %d folds, %s on %d,"
                + " paired t = %.1f", a.model(), b.model(), 100 * meanDifference(), 100 * sdDifference(), a.model(), winsA(),
                a.k(), b.model(), winsB(), t());
    }
}
