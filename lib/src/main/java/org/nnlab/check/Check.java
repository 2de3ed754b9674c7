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
 * // or: ExerciseFailure: your sigmoid' is off at x = 2: expected 0.105, got 0.88 (off at 2 of 3 points)
 * }</pre>
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
        double[] points = compareAt(name, yourDerivative, FiniteDifference.derivative(f), xs, TOLERANCE);
        pass(name + " matches the numerical derivative at " + Numbers.count(points.length, "point"));
    }

    /** Checks one number, with the default tolerance {@value #TOLERANCE}. */
    public static void value(String name, double expected, double actual) {
        value(name, expected, actual, TOLERANCE);
    }

    /** Checks one number: {@code actual} must be within {@code tolerance} of {@code expected}. */
    public static void value(String name, double expected, double actual, double tolerance) {
        if (!Numbers.close(expected, actual, tolerance)) {
            throw new ExerciseFailure("your " + name + " is off: " + expectedGot(expected, actual));
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
            throw new ExerciseFailure("your " + name + " is null");
        }
        if (actual.length != expected.length) {
            throw new ExerciseFailure("your " + name + " has length " + actual.length
                    + " but should have length " + expected.length);
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
            throw new ExerciseFailure("your " + name + " is null");
        }
        long[] shape = expected.shape();
        if (!Arrays.equals(shape, actual.shape())) {
            throw new ExerciseFailure("your " + name + " has shape " + Numbers.shape(actual.shape())
                    + " but should have shape " + Numbers.shape(shape) + transposeHint(shape, actual.shape()));
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

    /** Compares the two functions at every point and reports the first point that is off. */
    private static double[] compareAt(String name, DoubleUnaryOperator yours, DoubleUnaryOperator reference,
                                      double[] xs, double tolerance) {
        double[] points = xs.length == 0 ? DEFAULT_POINTS : xs;
        int wrong = 0;
        String first = "";
        for (double x : points) {
            double expected = reference.applyAsDouble(x);
            double actual = evaluate(name, yours, x);
            if (!Numbers.close(expected, actual, tolerance) && wrong++ == 0) {
                first = "at x = " + Numbers.format(x) + ": " + expectedGot(expected, actual);
            }
        }
        if (wrong > 0) {
            throw new ExerciseFailure("your " + name + " is off " + first + offCount(wrong, points.length, "point"));
        }
        return points;
    }

    /** Compares arrays entry by entry (row-major order) and reports the first entry that is off. */
    private static void compareEntries(String name, long[] shape, double[] expected, double[] actual,
                                       double tolerance) {
        int wrong = 0;
        String first = "";
        for (int i = 0; i < expected.length; i++) {
            if (!Numbers.close(expected[i], actual[i], tolerance) && wrong++ == 0) {
                first = "at " + Numbers.index(shape, i) + ": " + expectedGot(expected[i], actual[i]);
            }
        }
        if (wrong > 0) {
            throw new ExerciseFailure("your " + name + " is off " + first + offCount(wrong, expected.length, "value"));
        }
    }

    /** Runs your function; a crash in it becomes feedback that names the point. */
    private static double evaluate(String name, DoubleUnaryOperator yours, double x) {
        try {
            return yours.applyAsDouble(x);
        } catch (ExerciseFailure e) {
            throw e; // NotImplementedYet already says what to do
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? "" : ": " + e.getMessage();
            throw new ExerciseFailure("your " + name + " threw " + e.getClass().getSimpleName()
                    + " at x = " + Numbers.format(x) + detail, e);
        }
    }

    /** All entries of an ND4J array as doubles, in row-major order. */
    private static double[] entries(INDArray array) {
        return array.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private static String expectedGot(double expected, double actual) {
        String[] pair = Numbers.formatPair(expected, actual);
        return "expected " + pair[0] + ", got " + pair[1];
    }

    /** " (off at 4 of 5 points)"; nothing when there is only one. */
    private static String offCount(int wrong, int total, String noun) {
        return total == 1 ? "" : " (off at " + wrong + " of " + Numbers.count(total, noun) + ")";
    }

    /** A matrix with rows and columns swapped is a common slip: say so. */
    private static String transposeHint(long[] expected, long[] actual) {
        boolean swapped = expected.length == 2 && actual.length == 2
                && expected[0] == actual[1] && expected[1] == actual[0];
        return swapped ? " (transposed?)" : "";
    }

    private static void pass(String message) {
        System.out.println("✔ " + message);
    }
}
