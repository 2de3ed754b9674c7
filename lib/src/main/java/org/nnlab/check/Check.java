package org.nnlab.check;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The checks behind the notebook exercises. Each check compares your answer with a reference and
 * either prints a line starting with ✔ or throws an {@link ExerciseFailure} whose message says what is
 * wrong and where:
 * <pre>{@code
 * Check.function("sigmoid'", x -> sigmoidPrime(x), x -> reference(x), -2, 0, 2);
 * // ✔ sigmoid' matches at 3 points
 * // or: ExerciseFailure: sigmoid': off at 3 of 3 points, first at x = -2: expected 0.105, yours is 0.119.
 * //     Likely mistake: yours is the function itself, not its derivative (compare the columns below)
 * //     (and a table of x, expected and yours at every point)
 * }</pre>
 * The feedback compares your whole answer, not only its first wrong number: it names the likely mistake
 * when a common one fits (see {@link Mistakes}) and shows small answers in full beside the expected ones.
 *
 * <p>Two numbers match when {@code |yours - expected| <= tolerance * max(1, |expected|)}: an absolute
 * tolerance near zero, a relative one for large values.
 */
public final class Check {

    /** Default tolerance for double-precision answers. */
    public static final double TOLERANCE = 1e-6;

    /** Default tolerance when an array is FLOAT: a float keeps only about 7 significant digits. */
    public static final double FLOAT_TOLERANCE = 1e-4;

    /** Where a function is checked when no points are given: both tails, around zero, and zero itself. */
    private static final double[] DEFAULT_POINTS = {-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4};

    private Check() {
    }

    /**
     * Checks your function against a reference function at the points {@code xs}
     * (at -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4 when none are given).
     */
    public static void function(String name, DoubleUnaryOperator yours, DoubleUnaryOperator reference,
                                double... xs) {
        function(name, yours, reference, xs, TOLERANCE);
    }

    /** Checks your function against a reference function at the points {@code xs}, with a tolerance. */
    public static void function(String name, DoubleUnaryOperator yours, DoubleUnaryOperator reference,
                                double[] xs, double tolerance) {
        double[] points = compareAt(name, yours, reference, xs, tolerance);
        pass(name + " matches at " + Numbers.count(points.length, "point"));
    }

    /**
     * Checks your derivative of {@code f} against the numerical derivative of {@code f}
     * (a central difference, see {@link FiniteDifference}) at the points {@code xs}.
     */
    public static void derivative(String name, DoubleUnaryOperator yourDerivative, DoubleUnaryOperator f,
                                  double... xs) {
        double[] points = compareAt(name, yourDerivative, FiniteDifference.derivative(f), xs, TOLERANCE, f);
        pass(name + " matches the numerical derivative at " + Numbers.count(points.length, "point"));
    }

    /** Checks one number, with the default tolerance {@value #TOLERANCE}. */
    public static void value(String name, double expected, double actual) {
        value(name, expected, actual, TOLERANCE);
    }

    /** Checks one number: {@code actual} must be within {@code tolerance} of {@code expected}. */
    public static void value(String name, double expected, double actual, double tolerance) {
        if (!Numbers.close(expected, actual, tolerance)) {
            String likely = Mistakes.likely(new double[] {expected}, new double[] {actual}, new long[] {1}, tolerance);
            throw new ExerciseFailure(name + ": " + expectedYours(expected, actual) + likelyMistake(likely));
        }
        pass(name + " = " + Numbers.format(actual));
    }

    /** Checks an array of numbers, with the default tolerance {@value #TOLERANCE}. */
    public static void array(String name, double[] expected, double[] actual) {
        array(name, expected, actual, TOLERANCE);
    }

    /** Checks an array of numbers: same length, and every entry within {@code tolerance}. */
    public static void array(String name, double[] expected, double[] actual, double tolerance) {
        if (actual == null) {
            throw new ExerciseFailure(name + ": yours is null: return the array you computed");
        }
        if (actual.length != expected.length) {
            throw new ExerciseFailure(name + ": yours has " + Numbers.count(actual.length, "value")
                    + " but should have " + expected.length + firstDifference(expected, actual, tolerance));
        }
        compareEntries(name, new long[] {expected.length}, expected, actual, tolerance);
        pass(name + " matches (" + Numbers.count(expected.length, "value") + ")");
    }

    /**
     * Checks an ND4J array: same shape, and every entry within the default tolerance
     * ({@value #TOLERANCE} when both arrays are DOUBLE, {@value #FLOAT_TOLERANCE} otherwise).
     */
    public static void array(String name, INDArray expected, INDArray actual) {
        boolean bothDouble = expected.dataType() == DataType.DOUBLE
                && actual != null && actual.dataType() == DataType.DOUBLE;
        array(name, expected, actual, bothDouble ? TOLERANCE : FLOAT_TOLERANCE);
    }

    /** Checks an ND4J array: same shape, and every entry within {@code tolerance}. */
    public static void array(String name, INDArray expected, INDArray actual, double tolerance) {
        if (actual == null) {
            throw new ExerciseFailure(name + ": yours is null: return the array you computed");
        }
        long[] shape = expected.shape();
        if (!Arrays.equals(shape, actual.shape())) {
            throw new ExerciseFailure(name + ": yours has shape " + Numbers.shape(actual.shape())
                    + " but should have shape " + Numbers.shape(shape) + Mistakes.shapeHint(shape, actual.shape()));
        }
        compareEntries(name, shape, entries(expected), entries(actual), tolerance);
        pass(name + " matches (shape " + Numbers.shape(shape) + ")");
    }

    /** Checks a condition; {@code feedback} says what is wrong when it does not hold. */
    public static void that(String name, boolean condition, String feedback) {
        if (!condition) {
            throw new ExerciseFailure(feedback);
        }
        pass(name);
    }

    /** Compares the two functions at every point; when some are off, the feedback shows all of them. */
    private static double[] compareAt(String name, DoubleUnaryOperator yours, DoubleUnaryOperator reference,
                                      double[] xs, double tolerance) {
        return compareAt(name, yours, reference, xs, tolerance, null);
    }

    /**
     * The same, and when {@code f} is given (yours should be its derivative), a wrong answer that equals
     * f itself is named as that mistake.
     */
    private static double[] compareAt(String name, DoubleUnaryOperator yours, DoubleUnaryOperator reference,
                                      double[] xs, double tolerance, DoubleUnaryOperator f) {
        double[] points = xs.length == 0 ? DEFAULT_POINTS : xs;
        double[] expected = new double[points.length];
        double[] actual = new double[points.length];
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < points.length; i++) {
            expected[i] = reference.applyAsDouble(points[i]);
            actual[i] = evaluate(name, yours, points[i]);
            if (!Numbers.close(expected[i], actual[i], tolerance)) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        if (wrong == 0) {
            return points;
        }
        String where = "x = " + Numbers.format(points[first]);
        String feedback = points.length == 1
                ? name + " at " + where + ": " + expectedYours(expected[first], actual[first])
                : name + ": off at " + wrong + " of " + Numbers.count(points.length, "point") + ", first at "
                + where + ": " + expectedYours(expected[first], actual[first]);
        String likely = f != null && isTheFunctionItself(f, points, actual, tolerance)
                ? "yours is the function itself, not its derivative (compare the columns below)"
                : Mistakes.likely(expected, actual, new long[] {points.length}, tolerance);
        throw new ExerciseFailure(feedback + likelyMistake(likely) + table(points, expected, actual, tolerance));
    }

    /** Whether your values are those of f, the function you should have differentiated. */
    private static boolean isTheFunctionItself(DoubleUnaryOperator f, double[] points, double[] actual,
                                               double tolerance) {
        for (int i = 0; i < points.length; i++) {
            if (!Numbers.close(f.applyAsDouble(points[i]), actual[i], Math.max(10 * tolerance, 1e-9))) {
                return false;
            }
        }
        return true;
    }

    /** The whole answer side by side with the expected one, the wrong rows marked. */
    private static String table(double[] points, double[] expected, double[] actual, double tolerance) {
        if (points.length > 12) {
            return "";
        }
        StringBuilder rows = new StringBuilder(String.format("%n%10s %12s %12s", "x", "expected", "yours"));
        for (int i = 0; i < points.length; i++) {
            String[] pair = Numbers.formatPair(expected[i], actual[i]);
            boolean off = !Numbers.close(expected[i], actual[i], tolerance);
            rows.append(String.format("%n%10s %12s %12s%s", Numbers.format(points[i]), pair[0], pair[1],
                    off ? "  ✘" : ""));
        }
        return rows.toString();
    }

    /** Compares arrays entry by entry (row-major order); when some are off, says how many, where, and why. */
    private static void compareEntries(String name, long[] shape, double[] expected, double[] actual,
                                       double tolerance) {
        int wrong = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (!Numbers.close(expected[i], actual[i], tolerance)) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        if (wrong == 0) {
            return;
        }
        String feedback = expected.length == 1
                ? name + ": " + expectedYours(expected[0], actual[0])
                : name + ": off at " + wrong + " of " + Numbers.count(expected.length, "value") + ", first at "
                + Numbers.index(shape, first) + ": " + expectedYours(expected[first], actual[first]);
        String likely = Mistakes.likely(expected, actual, shape, tolerance);
        throw new ExerciseFailure(feedback + likelyMistake(likely) + sideBySide(shape, expected, actual));
    }

    /** Two arrays of different lengths: where they first differ, or that one goes on after the other. */
    private static String firstDifference(double[] expected, double[] actual, double tolerance) {
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (!Numbers.close(expected[i], actual[i], tolerance)) {
                return "; the first difference is at [" + i + "]: " + expectedYours(expected[i], actual[i]);
            }
        }
        return common == 0 ? "" : "; the first " + Numbers.count(common, "value") + " agree";
    }

    /** Small arrays in full, one line each, so that the whole answer can be compared by eye. */
    private static String sideBySide(long[] shape, double[] expected, double[] actual) {
        if (expected.length > 12) {
            return "";
        }
        return String.format("%n  expected %s%n  yours    %s", Numbers.nested(shape, expected),
                Numbers.nested(shape, actual));
    }

    /** Runs your function; a crash in it becomes feedback that names the point. */
    private static double evaluate(String name, DoubleUnaryOperator yours, double x) {
        try {
            return yours.applyAsDouble(x);
        } catch (ExerciseFailure e) {
            throw e; // NotImplementedYet already says what to do
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
            throw new ExerciseFailure(name + ": your code threw " + e.getClass().getSimpleName()
                    + " at x = " + Numbers.format(x) + detail, e);
        }
    }

    /** All entries of an ND4J array as doubles, in row-major order. */
    private static double[] entries(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    /** "expected 0.105, yours is 0.881", with enough digits to tell the two apart. */
    private static String expectedYours(double expected, double actual) {
        String[] pair = Numbers.formatPair(expected, actual);
        return "expected " + pair[0] + ", yours is " + pair[1];
    }

    /** ". Likely mistake: ..." or nothing. */
    private static String likelyMistake(String likely) {
        return likely == null ? "" : ".\nLikely mistake: " + likely;
    }

    private static void pass(String message) {
        System.out.println("✔ " + message);
    }
}
