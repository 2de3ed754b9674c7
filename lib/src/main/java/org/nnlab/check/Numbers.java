package org.nnlab.check;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.StringJoiner;

/** How checks compare numbers and how they write them in feedback. */
final class Numbers {

    private Numbers() {
    }

    /**
     * True when {@code actual} is close enough to {@code expected}:
     * {@code |actual - expected| <= tolerance * max(1, |expected|)}. Near zero that is an absolute
     * tolerance, for large values a relative one (the same number of correct digits).
     * NaN matches only NaN, and an infinity only the same infinity.
     */
    static boolean close(double expected, double actual, double tolerance) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
    }

    /** A number with at most 6 significant digits: 2, 0.105, -3.5E-8. */
    static String format(double x) {
        return format(x, 6);
    }

    /**
     * Expected and actual value, written so that they can be told apart: with 3 significant digits
     * when that is enough ("0.105" and "0.88"), otherwise with as many digits as it takes, the same
     * number for both ("0.1050" and "0.1051").
     */
    static String[] formatPair(double expected, double actual) {
        String e = format(expected, 3);
        String a = format(actual, 3);
        for (int digits = 4; e.equals(a) && digits <= 17; digits++) {
            e = format(expected, digits, false);
            a = format(actual, digits, false);
        }
        return new String[] {e, a};
    }

    /** The position of the {@code flat}-th element (row-major order) in an array of this shape: "[1, 2]". */
    static String index(long[] shape, long flat) {
        long[] position = new long[shape.length];
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            position[axis] = flat % shape[axis];
            flat /= shape[axis];
        }
        return shape(position);
    }

    /** A shape or an index written as a list: "[2, 3]". */
    static String shape(long[] values) {
        StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (long v : values) {
            joiner.add(Long.toString(v));
        }
        return joiner.toString();
    }

    /** Values of an array of this shape as nested lists with 4 significant digits: "[[1, 0.5], [2, -3]]". */
    static String nested(long[] shape, double[] values) {
        StringBuilder out = new StringBuilder();
        nested(shape, 0, values, new int[] {0}, out);
        return out.toString();
    }

    private static void nested(long[] shape, int axis, double[] values, int[] next, StringBuilder out) {
        out.append('[');
        long length = shape.length == 0 ? 1 : shape[axis];
        for (long i = 0; i < length; i++) {
            out.append(i == 0 ? "" : ", ");
            if (axis + 1 < shape.length) {
                nested(shape, axis + 1, values, next, out);
            } else {
                out.append(format(values[next[0]++], 4));
            }
        }
        out.append(']');
    }

    /** "1 point", "5 points". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A number with at most {@code digits} significant digits. */
    static String format(double x, int digits) {
        return format(x, digits, true);
    }

    /** x rounded to {@code digits} significant digits; trailing zeros dropped when {@code strip}. */
    private static String format(double x, int digits, boolean strip) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return Double.toString(x);
        }
        if (x == 0 && strip) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(digits));
        if (strip) {
            rounded = rounded.stripTrailingZeros();
        } else { // show all the digits, zeros included: 1 with 4 digits is 1.000
            int exponent = rounded.precision() - rounded.scale() - 1;
            rounded = rounded.setScale(digits - 1 - exponent);
        }
        double magnitude = Math.abs(x);
        boolean plain = magnitude >= 1e-4 && magnitude < 1e7;
        return plain ? rounded.toPlainString() : rounded.toString();
    }
}
