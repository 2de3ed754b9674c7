package org.nnlab.check;

import java.util.Arrays;

/**
 * The common slips a check looks for in a wrong answer, so that its feedback can name the likely one
 * instead of only the first number that is off. Each test compares your whole answer with the expected
 * one:
 * <ul>
 *   <li>the opposite sign everywhere (p - y where the lecture has y - p, + where it has -);</li>
 *   <li>a constant factor everywhere (a sum where a mean is wanted, a missing 1/2 or learning rate);</li>
 *   <li>a constant offset everywhere (a bias or constant term missing or counted twice);</li>
 *   <li>the transpose of a square matrix (rows and columns swapped);</li>
 *   <li>the right values in another order (an index mixed up);</li>
 *   <li>all zeros (a result never filled in), or NaN (0/0, log 0, an overflow);</li>
 *   <li>all the wrong values in one row or one column of a matrix.</li>
 * </ul>
 */
final class Mistakes {

    private Mistakes() {
    }

    /**
     * The likely mistake ("the opposite sign everywhere: ..."), or null when none of the common ones fits.
     * {@code expected} and {@code yours} have the same length; {@code shape} is their shape.
     */
    static String likely(double[] expected, double[] yours, long[] shape, double tolerance) {
        // the patterns are looked for with some slack: your answer may have gone through floats
        double slack = Math.max(10 * tolerance, 1e-9);
        int n = expected.length;
        if (n == 0 || !someAreNotZero(expected, tolerance)) {
            return null; // nothing to compare a pattern against
        }
        int nan = firstNaN(expected, yours);
        if (nan >= 0) {
            return "yours has NaN at " + Numbers.index(shape, nan) + ": a 0/0, the log of 0, or a number that"
                    + " grew too large on the way?";
        }
        if (!someAreNotZero(yours, 0)) {
            return "yours is all zeros: is the result ever computed or filled in?";
        }
        if (allClose(expected, yours, -1, 0, slack)) {
            return "yours has the opposite sign everywhere: a sign is flipped (p - y for y - p, or + for -?)";
        }
        int largest = largestMagnitude(expected);
        double factor = yours[largest] / expected[largest];
        if ((n > 1 || isSimpleFactor(factor)) && !Numbers.close(1, factor, slack) && Double.isFinite(factor)
                && factor != 0 && allClose(expected, yours, factor, 0, slack)) {
            return factorMessage(factor);
        }
        double offset = yours[0] - expected[0];
        if (n > 1 && allClose(expected, yours, 1, offset, slack)) {
            return "yours is the expected answer " + (offset > 0 ? "+ " : "- ") + Numbers.format(Math.abs(offset))
                    + " everywhere: a constant term (a bias?) is missing or added twice";
        }
        if (isTransposeOf(expected, yours, shape, slack)) {
            return "yours is the transpose of the expected matrix: rows and columns are swapped"
                    + " (transpose it, or multiply in the other order)";
        }
        if (n > 1 && sameValuesInAnotherOrder(expected, yours, slack)) {
            return "yours has the right values in another order: an index is mixed up";
        }
        return oneRowOrColumn(expected, yours, shape, slack);
    }

    /** The message when the shapes differ; it names the transpose when that is what the shape is. */
    static String shapeHint(long[] expected, long[] yours) {
        boolean swapped = expected.length == 2 && yours.length == 2
                && expected[0] == yours[1] && expected[1] == yours[0];
        return swapped ? ". Likely mistake: that is the transposed shape (rows and columns swapped: transpose"
                + " it, or multiply in the other order)" : "";
    }

    /** "yours is 5 × the expected answer everywhere ...", with the usual reason for that factor. */
    private static String factorMessage(double factor) {
        String sign = factor < 0 ? "-" : "";
        double k = Math.abs(factor);
        long whole = Math.round(k);
        long inverse = Math.round(1 / k);
        if (whole >= 2 && Numbers.close(whole, k, 1e-6)) {
            return "yours is " + sign + whole + " × the expected answer everywhere: "
                    + (whole == 2 ? "a factor 2 too many (or a 1/2 missing)?" : "a sum where a mean is wanted"
                    + " (or a 1/" + whole + " missing)?") + (factor < 0 ? " And the sign is flipped." : "");
        }
        if (inverse >= 2 && Numbers.close(inverse, 1 / k, 1e-6)) {
            return "yours is " + sign + "1/" + inverse + " of the expected answer everywhere: "
                    + (inverse == 2 ? "a 1/2 too many (or a factor 2 missing)?" : "a mean where a sum is wanted"
                    + " (or a factor " + inverse + " missing)?") + (factor < 0 ? " And the sign is flipped." : "");
        }
        return "yours is " + Numbers.format(factor) + " × the expected answer everywhere: a constant factor"
                + " (a learning rate, a 1/n, a 2?) is missing or extra";
    }

    /** 2, 3, ..., or 1/2, 1/3, ..., or minus one of those: a factor worth naming even for one number. */
    private static boolean isSimpleFactor(double factor) {
        double k = Math.abs(factor);
        return Numbers.close(Math.rint(k), k, 1e-9) && k >= 2 && k <= 1000
                || k > 0 && Numbers.close(Math.rint(1 / k), 1 / k, 1e-9) && 1 / k >= 2 && 1 / k <= 1000;
    }

    /** Whether yours[i] is close to factor · expected[i] + offset for every i. */
    private static boolean allClose(double[] expected, double[] yours, double factor, double offset, double slack) {
        for (int i = 0; i < expected.length; i++) {
            if (!Numbers.close(factor * expected[i] + offset, yours[i], slack)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTransposeOf(double[] expected, double[] yours, long[] shape, double slack) {
        if (shape.length != 2 || shape[0] != shape[1] || shape[0] < 2) {
            return false;
        }
        int size = (int) shape[0];
        double[] transposed = new double[expected.length];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                transposed[c * size + r] = expected[r * size + c];
            }
        }
        return !allClose(expected, transposed, 1, 0, slack) && allClose(transposed, yours, 1, 0, slack);
    }

    private static boolean sameValuesInAnotherOrder(double[] expected, double[] yours, double slack) {
        double[] a = expected.clone();
        double[] b = yours.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        return allClose(a, b, 1, 0, slack);
    }

    /** "only row 1 is off" when every wrong entry of a matrix is in one row (or one column). */
    private static String oneRowOrColumn(double[] expected, double[] yours, long[] shape, double slack) {
        if (shape.length != 2 || shape[0] < 2 || shape[1] < 2) {
            return null;
        }
        int columns = (int) shape[1];
        int row = -1;
        int column = -1;
        boolean oneRow = true;
        boolean oneColumn = true;
        int wrong = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Numbers.close(expected[i], yours[i], slack)) {
                wrong++;
                oneRow &= row < 0 || row == i / columns;
                oneColumn &= column < 0 || column == i % columns;
                row = i / columns;
                column = i % columns;
            }
        }
        if (wrong < 2) {
            return null; // one wrong entry: the feedback already says where it is
        }
        if (oneRow) {
            return "only row " + row + " is off (the others are right): look at what is special about it";
        }
        return oneColumn ? "only column " + column + " is off (the others are right): look at what is special"
                + " about it" : null;
    }

    private static boolean someAreNotZero(double[] values, double slack) {
        for (double v : values) {
            if (Double.isNaN(v) || Math.abs(v) > slack) {
                return true;
            }
        }
        return false;
    }

    private static int firstNaN(double[] expected, double[] yours) {
        for (int i = 0; i < yours.length; i++) {
            if (Double.isNaN(yours[i]) && !Double.isNaN(expected[i])) {
                return i;
            }
        }
        return -1;
    }

    private static int largestMagnitude(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (Math.abs(values[i]) > Math.abs(values[best])) {
                best = i;
            }
        }
        return best;
    }
}
