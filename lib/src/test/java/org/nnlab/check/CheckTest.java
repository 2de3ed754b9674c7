package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void functionNamesTheFirstPointThatIsOff() {
        // A typical slip: returning σ(x) instead of σ'(x). σ'(2) = 0.10499, σ(2) = 0.88080.
        String feedback = failure(() -> Check.function("sigmoid'", SIGMOID, SIGMOID_PRIME, 2, 4));
        assertEquals("your sigmoid' is off at x = 2: expected 0.105, got 0.881 (off at 2 of 2 points)", feedback);
    }

    @Test
    void functionCountsOnlyThePointsThatAreOff() {
        DoubleUnaryOperator wrongBelowZero = x -> x < 0 ? 0 : sigmoidPrime(x);
        String feedback = failure(() -> Check.function("sigmoid'", wrongBelowZero, SIGMOID_PRIME, -2, -1, 0, 1));
        assertEquals("your sigmoid' is off at x = -2: expected 0.105, got 0 (off at 2 of 4 points)", feedback);
    }

    @Test
    void functionUsesDefaultPointsWhenNoneAreGiven() {
        assertEquals("✔ tanh matches at 9 points\n", printed(() -> Check.function("tanh", Math::tanh, Math::tanh)));
    }

    @Test
    void functionShowsEnoughDigitsToSeeTheDifference() {
        String feedback = failure(() -> Check.function("f", x -> 0.10512, x -> 0.10499, new double[] {1}, 1e-6));
        assertEquals("your f is off at x = 1: expected 0.1050, got 0.1051", feedback);
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
        assertEquals("your f threw ArithmeticException at x = 3: / by zero", failure.getMessage());
        assertInstanceOf(ArithmeticException.class, failure.getCause());
    }

    @Test
    void functionTreatsNanAsWrong() {
        String feedback = failure(() -> Check.function("f", x -> Double.NaN, SIGMOID, 0));
        assertEquals("your f is off at x = 0: expected 0.5, got NaN", feedback);
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
        assertEquals("your sigmoid' is off at x = 0: expected 0.25, got -0.25 (off at 2 of 2 points)", feedback);
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
        assertEquals("your loss is off: expected 0.6931, got 0.6932",
                failure(() -> Check.value("loss", 0.6931, 0.6932)));
        assertEquals("your learning rate is off: expected 0.1, got 1",
                failure(() -> Check.value("learning rate", 0.1, 1.0, 0.01)));
    }

    @Test
    void valueToleranceIsRelativeForLargeNumbers() {
        // 1e6 * (1 + 1e-7) is within 1e-6 relative, although 0.1 apart in absolute terms.
        printed(() -> Check.value("big", 1e6, 1e6 + 0.1));
        assertEquals("your big is off: expected 1000000, got 1000010",
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
        assertEquals("your h has length 2 but should have length 3",
                failure(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 2})));
        assertEquals("your h is off at [1]: expected 2, got 5 (off at 2 of 3 values)",
                failure(() -> Check.array("h", new double[] {1, 2, 3}, new double[] {1, 5, 6})));
        assertEquals("your h is null", failure(() -> Check.array("h", new double[] {1}, (double[]) null)));
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
        assertEquals("your h has shape [2, 5] but should have shape [2, 3]",
                failure(() -> Check.array("h", expected, Nd4j.zeros(2, 5))));
        assertEquals("your h has shape [3, 2] but should have shape [2, 3] (transposed?)",
                failure(() -> Check.array("h", expected, Nd4j.zeros(3, 2))));
        assertEquals("your h has shape [6] but should have shape [2, 3]",
                failure(() -> Check.array("h", expected, Nd4j.zeros(6))));
        assertEquals("your h is null", failure(() -> Check.array("h", expected, (INDArray) null)));
    }

    @Test
    void ndArrayNamesTheFirstEntryThatIsOff() {
        INDArray expected = Nd4j.linspace(1, 6, 6).reshape(2, 3);
        INDArray yours = expected.dup();
        yours.putScalar(1, 2, 7);
        yours.putScalar(1, 0, 9);
        assertEquals("your h is off at [1, 0]: expected 4, got 9 (off at 2 of 6 values)",
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
        assertEquals("your h is off at [1]: expected 2, got 2.1 (off at 1 of 2 values)",
                failure(() -> Check.array("h", expected, Nd4j.createFromArray(1.0f, 2.1f))));
    }

    // ---- that ----

    @Test
    void thatPrintsTheNameOrThrowsTheFeedback() {
        assertEquals("✔ the loss goes down\n", printed(() -> Check.that("the loss goes down", 0.3 < 0.7, "unused")));
        assertEquals("your loss went up from 0.3 to 0.7",
                failure(() -> Check.that("the loss goes down", 0.7 < 0.3, "your loss went up from 0.3 to 0.7")));
    }

    // ---- helpers ----

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
