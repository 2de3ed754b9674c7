package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckTest {

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The right answer: σ'(x) = σ(x) (1 - σ(x)). */
    static double sigmoidPrime(double x) {
        return sigmoid(x) * (1 - sigmoid(x));
    }

    /** A student stub, as the exercise generator writes it. */
    static double sigmoidPrimeStub(double x) {
        throw new NotImplementedYet("sigmoidPrime");
    }

    private static final DoubleUnaryOperator SIGMOID = CheckTest::sigmoid;
    private static final DoubleUnaryOperator SIGMOID_PRIME = CheckTest::sigmoidPrime;

    // ---- function ----

    @Test
    void functionPassesOnTheRightAnswer() {
        String out = printed(() -> Check.function("sigmoid'", SIGMOID_PRIME, x -> sigmoid(x) * sigmoid(-x),
                -4, -2, 0, 2, 4));
        assertEquals("✔ sigmoid' matches at 5 points\n", out);
    }

    @Test
    void functionShowsTheWholeAnswerAndTheFirstPointThatIsOff() {
        // A typical slip: returning σ(x) instead of σ'(x). σ'(2) = 0.10499, σ(2) = 0.88080.
        String feedback = failure(() -> Check.function("sigmoid'", SIGMOID, SIGMOID_PRIME, 2, 4));
        assertEquals("sigmoid': off at 2 of 2 points, first at x = 2: expected 0.105, yours is 0.881\n"
                + "         x     expected        yours\n"
                + "         2        0.105        0.881  ✘\n"
                + "         4       0.0177        0.982  ✘", feedback);
    }

    @Test
    void functionCountsOnlyThePointsThatAreOff() {
        DoubleUnaryOperator wrongBelowZero = x -> x < 0 ? 0 : sigmoidPrime(x);
        String feedback = failure(() -> Check.function("sigmoid'", wrongBelowZero, SIGMOID_PRIME, -2, -1, 0, 1));
        assertTrue(feedback.startsWith("sigmoid': off at 2 of 4 points, first at x = -2: expected 0.105, yours is 0\n"),
                feedback);
        assertEquals(2, feedback.split("✘", -1).length - 1, feedback);
    }

    @Test
    void functionUsesDefaultPointsWhenNoneAreGiven() {
        assertEquals("✔ tanh matches at 9 points\n", printed(() -> Check.function("tanh", Math::tanh, Math::tanh)));
    }

    @Test
    void functionShowsEnoughDigitsToSeeTheDifference() {
        String feedback = failure(() -> Check.function("f", x -> 0.10512, x -> 0.10499, new double[] {1}, 1e-6));
        assertTrue(feedback.startsWith("f at x = 1: expected 0.1050, yours is 0.1051"), feedback);
    }

    @Test
    void functionToleranceCanBeWidened() {
        DoubleUnaryOperator rough = x -> sigmoidPrime(x) + 1e-4;
        assertEquals("✔ sigmoid' matches at 2 points\n",
                printed(() -> Check.function("sigmoid'", rough, SIGMOID_PRIME, new double[] {0, 1}, 1e-3)));
        failure(() -> Check.function("sigmoid'", rough, SIGMOID_PRIME, 0, 1));
    }

    @Test
    void functionReportsTheStubClearly() {
        ExerciseFailure failure = assertThrows(ExerciseFailure.class,
                () -> Check.function("sigmoid'", CheckTest::sigmoidPrimeStub, SIGMOID_PRIME, 0, 1));
        NotImplementedYet stub = assertInstanceOf(NotImplementedYet.class, failure);
        assertEquals("sigmoidPrime", stub.what());
        assertEquals("sigmoidPrime is not implemented yet: replace the `throw` line with your code",
                stub.getMessage());
    }

    @Test
    void functionTurnsACrashIntoFeedback() {
        DoubleUnaryOperator crashes = x -> {
            throw new ArithmeticException("/ by zero");
        };
        ExerciseFailure failure = assertThrows(ExerciseFailure.class,
                () -> Check.function("f", crashes, SIGMOID, 3, 4));
        assertEquals("f: your code threw ArithmeticException at x = 3: / by zero", failure.getMessage());
        assertInstanceOf(ArithmeticException.class, failure.getCause());
    }

    @Test
    void functionTreatsNanAsWrong() {
        String feedback = failure(() -> Check.function("f", x -> Double.NaN, SIGMOID, 0));
        assertTrue(feedback.startsWith("f at x = 0: expected 0.5, yours is NaN.\nLikely mistake: yours has NaN at [0]"),
                feedback);
    }

    // ---- derivative ----

    @Test
    void derivativePassesOnTheRightAnswer() {
        assertEquals("✔ sigmoid' matches the numerical derivative at 3 points\n",
                printed(() -> Check.derivative("sigmoid'", SIGMOID_PRIME, SIGMOID, -2, 0, 2)));
    }

    @Test
    void derivativeFailsOnAWrongAnswer() {
        // Forgetting the minus sign in d/dx e^(-x) gives -σ'(x).
        DoubleUnaryOperator wrongSign = x -> -sigmoidPrime(x);
        String feedback = failure(() -> Check.derivative("sigmoid'", wrongSign, SIGMOID, 0, 2));
        assertTrue(feedback.startsWith("sigmoid': off at 2 of 2 points, first at x = 0: expected 0.25, yours is -0.25.\n"
                + "Likely mistake: yours has the opposite sign everywhere"), feedback);
    }

    @Test
    void derivativeReportsTheStub() {
        assertThrows(NotImplementedYet.class,
                () -> Check.derivative("sigmoid'", CheckTest::sigmoidPrimeStub, SIGMOID, 0));
    }

    // ---- value ----

    @Test
    void valuePassesWithinTheTolerance() {
        assertEquals("✔ sigmoid'(0) = 0.25\n", printed(() -> Check.value("sigmoid'(0)", 0.25, sigmoidPrime(0))));
        assertEquals("✔ loss = 0.6932\n", printed(() -> Check.value("loss", 0.6931, 0.6932, 1e-3)));
    }

    @Test
    void valueFailsOutsideTheTolerance() {
        assertEquals("loss: expected 0.6931, yours is 0.6932",
                failure(() -> Check.value("loss", 0.6931, 0.6932)));
        assertEquals("learning rate: expected 0.1, yours is 0.3.\nLikely mistake: yours is 3 × the expected answer"
                        + " everywhere: a sum where a mean is wanted (or a 1/3 missing)?",
                failure(() -> Check.value("learning rate", 0.1, 0.3, 0.01)));
        assertEquals("learning rate: expected 0.1, yours is 0.35",
                failure(() -> Check.value("learning rate", 0.1, 0.35, 0.01)));
    }

    @Test
    void valueToleranceIsRelativeForLargeNumbers() {
        // 1e6 * (1 + 1e-7) is within 1e-6 relative, although 0.1 apart in absolute terms.
        printed(() -> Check.value("big", 1e6, 1e6 + 0.1));
        assertEquals("big: expected 1000000, yours is 1000010",
                failure(() -> Check.value("big", 1e6, 1e6 + 10)));
    }

    // ---- double[] ----

    @Test
    void doubleArrayPassesOnTheRightAnswer() {
        assertEquals("✔ h matches (3 values)\n",
                printed(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 2, 3 + 1e-9})));
    }

    @Test
    void doubleArrayNamesLengthAndFirstIndexThatIsOff() {
        assertEquals("h: yours has 2 values but should have 3; the first 2 values agree",
                failure(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 2})));
        assertEquals("mistakes per epoch: yours has 100 values but should have 2; the first difference is at [0]:"
                        + " expected 5, yours is 7",
                failure(() -> Check.array("mistakes per epoch", new double[] {5, 0}, ones(100, 7))));
        assertEquals("h: off at 2 of 3 values, first at [1]: expected 2, yours is 5\n"
                        + "  expected [1, 2, 3]\n"
                        + "  yours    [1, 5, 6]",
                failure(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 5, 6})));
        assertEquals("h: yours is null: return the array you computed",
                failure(() -> Check.array("h", new double[] {1}, (double[]) null)));
    }

    // ---- INDArray ----

    @Test
    void ndArrayPassesOnTheRightAnswer() {
        INDArray expected = Nd4j.linspace(1, 6, 6).reshape(2, 3);
        INDArray yours = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6.00001f}});
        assertEquals("✔ h matches (shape [2, 3])\n", printed(() -> Check.array("h", expected, yours)));
    }

    @Test
    void ndArrayNamesAShapeMismatch() {
        INDArray expected = Nd4j.zeros(2, 3);
        assertEquals("h: yours has shape [2, 5] but should have shape [2, 3]",
                failure(() -> Check.array("h", expected, Nd4j.zeros(2, 5))));
        assertEquals("h: yours has shape [3, 2] but should have shape [2, 3]. Likely mistake: that is the transposed"
                        + " shape (rows and columns swapped: transpose it, or multiply in the other order)",
                failure(() -> Check.array("h", expected, Nd4j.zeros(3, 2))));
        assertEquals("h: yours has shape [6] but should have shape [2, 3]",
                failure(() -> Check.array("h", expected, Nd4j.zeros(6))));
        assertEquals("h: yours is null: return the array you computed",
                failure(() -> Check.array("h", expected, (INDArray) null)));
    }

    @Test
    void ndArrayNamesTheFirstEntryThatIsOff() {
        INDArray expected = Nd4j.linspace(1, 6, 6).reshape(2, 3);
        INDArray yours = expected.dup();
        yours.putScalar(1, 2, 7);
        yours.putScalar(1, 0, 9);
        assertEquals("h: off at 2 of 6 values, first at [1, 0]: expected 4, yours is 9.\n"
                        + "Likely mistake: only row 1 is off (the others are right): look at what is special about it\n"
                        + "  expected [[1, 2, 3], [4, 5, 6]]\n"
                        + "  yours    [[1, 2, 3], [9, 5, 7]]",
                failure(() -> Check.array("h", expected, yours)));
    }

    @Test
    void ndArrayComparesViewsInRowMajorOrder() {
        // A transposed view stores its entries in another order; the check must compare what you see.
        INDArray expected = Nd4j.createFromArray(new double[][] {{1, 4}, {2, 5}, {3, 6}});
        INDArray view = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}}).transpose();
        assertEquals("✔ x matches (shape [3, 2])\n", printed(() -> Check.array("x", expected, view)));
    }

    @Test
    void ndArrayToleranceDependsOnTheDataType() {
        INDArray expected = Nd4j.createFromArray(1.0, 2.0);
        INDArray offBy1e5 = Nd4j.createFromArray(1.0, 2.00001);
        // DOUBLE against DOUBLE: 1e-6, so 1e-5 is too far.
        failure(() -> Check.array("h", expected, offBy1e5));
        // FLOAT is involved: 1e-4, so 1e-5 is fine.
        printed(() -> Check.array("h", expected, offBy1e5.castTo(DataType.FLOAT)));
        assertEquals("h: off at 1 of 2 values, first at [1]: expected 2, yours is 2.1\n"
                        + "  expected [1, 2]\n"
                        + "  yours    [1, 2.1]",
                failure(() -> Check.array("h", expected, Nd4j.createFromArray(1.0f, 2.1f))));
    }

    // ---- that ----

    @Test
    void thatPrintsTheNameOrThrowsTheFeedback() {
        assertEquals("✔ the loss goes down\n", printed(() -> Check.that("the loss goes down", 0.3 < 0.7, "unused")));
        assertEquals("your loss went up from 0.3 to 0.7",
                failure(() -> Check.that("the loss goes down", 0.7 < 0.3, "your loss went up from 0.3 to 0.7")));
    }

    // ---- the likely mistake ----

    @Test
    void derivativeNamesTheFunctionInsteadOfItsDerivative() {
        // The example: returning σ instead of σ' reads like rounding at x = -4 (0.0177 and 0.0180)
        String feedback = failure(() -> Check.derivative("sigmoid'", SIGMOID, SIGMOID, -4, -2, 0, 2, 4));
        assertTrue(feedback.startsWith("sigmoid': off at 5 of 5 points, first at x = -4: expected 0.0177, yours is"
                + " 0.018.\nLikely mistake: yours is the function itself, not its derivative"), feedback);
        assertTrue(feedback.contains("         0         0.25          0.5  ✘"), feedback);
    }

    @Test
    void aConstantFactorIsNamedWithItsUsualCause() {
        double[] expected = {0.5, -1, 2, 0.25};
        assertLikely("yours is 4 × the expected answer everywhere: a sum where a mean is wanted (or a 1/4 missing)?",
                expected, times(expected, 4));
        assertLikely("yours is 1/4 of the expected answer everywhere: a mean where a sum is wanted (or a factor 4"
                + " missing)?", expected, times(expected, 0.25));
        assertLikely("yours is 2 × the expected answer everywhere: a factor 2 too many (or a 1/2 missing)?",
                expected, times(expected, 2));
        assertLikely("yours is 0.3 × the expected answer everywhere: a constant factor (a learning rate, a 1/n, a 2?)"
                + " is missing or extra", expected, times(expected, 0.3));
        assertLikely("yours is -2 × the expected answer everywhere: a factor 2 too many (or a 1/2 missing)? And the"
                + " sign is flipped.", expected, times(expected, -2));
    }

    @Test
    void theOtherCommonSlipsAreNamed() {
        double[] expected = {0.5, -1, 2, 0.25};
        assertLikely("yours has the opposite sign everywhere: a sign is flipped (p - y for y - p, or + for -?)",
                expected, times(expected, -1));
        assertLikely("yours is the expected answer + 0.3 everywhere: a constant term (a bias?) is missing or added"
                + " twice", expected, new double[] {0.8, -0.7, 2.3, 0.55});
        assertLikely("yours has the right values in another order: an index is mixed up",
                expected, new double[] {-1, 0.5, 2, 0.25});
        assertLikely("yours is all zeros: is the result ever computed or filled in?", expected, new double[4]);
        INDArray matrix = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        String transposed = failure(() -> Check.array("W", matrix, matrix.transpose()));
        assertTrue(transposed.contains("Likely mistake: yours is the transpose of the expected matrix"), transposed);
        // a symmetric matrix is its own transpose: no such claim when only some entries are off
        INDArray symmetric = Nd4j.createFromArray(new double[][] {{1, 2}, {2, 1}});
        String other = failure(() -> Check.array("W", symmetric, Nd4j.createFromArray(new double[][] {{1, 5}, {2, 1}})));
        assertTrue(!other.contains("Likely mistake"), other);
    }

    @Test
    void noMistakeIsNamedWhenNoneFits() {
        String feedback = failure(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 5, 6}));
        assertTrue(!feedback.contains("Likely"), feedback);
    }

    @Test
    void namesThatStartWithAnArticleStillReadWell() {
        // the old format ("your " + name) gave "your the norm before clipping is off"
        String feedback = failure(() -> Check.value("the norm before clipping", 5, 4.5));
        assertEquals("the norm before clipping: expected 5, yours is 4.5", feedback);
    }

    @Test
    void largeArraysAreNotPrintedInFull() {
        double[] expected = new double[20];
        double[] yours = new double[20];
        yours[3] = 1;
        String feedback = failure(() -> Check.array("h", expected, yours));
        assertEquals("h: off at 1 of 20 values, first at [3]: expected 0, yours is 1", feedback);
    }

    // ---- helpers ----

    private static void assertLikely(String likely, double[] expected, double[] yours) {
        String feedback = failure(() -> Check.array("h", expected, yours));
        assertTrue(feedback.contains("\nLikely mistake: " + likely + "\n"), feedback);
    }

    private static double[] times(double[] values, double factor) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = factor * values[i];
        }
        return out;
    }

    private static double[] ones(int n, double value) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** Runs a check that must pass and returns what it printed. */
    private static String printed(Runnable check) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            check.run();
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
        assertEquals('✔', out.charAt(0), out);
        return out;
    }

    /** Runs a check that must fail and returns its feedback. */
    private static String failure(Executable check) {
        return assertThrows(ExerciseFailure.class, check).getMessage();
    }
}
