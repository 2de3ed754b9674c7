package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.nnlab.data.Dataset;
import org.nnlab.data.Synthetic;

/** The step-by-step perceptron check: it must pass the rule and name the two bugs the issue saw. */
class PerceptronCheckTest {

    private static final Dataset DATA = Synthetic.linear(60, 0.1, 1);

    /** The rule, written as the exercise asks: a step on augmented vectors, in place. */
    static boolean rightStep(double[] w, double[] x, int y, double lr) {
        double score = dot(w, x);
        if (y * score > 0) {
            return false;
        }
        for (int j = 0; j < w.length; j++) {
            w[j] += lr * y * x[j];
        }
        return true;
    }

    @Test
    void theRulePasses() {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            PerceptronCheck.stepByStep(DATA, PerceptronCheckTest::rightStep);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("✔ perceptronStep follows the rule for "), out);
    }

    @Test
    void anUpdateOnACorrectlyClassifiedExampleIsShownWithThatExample() {
        String feedback = failure((w, x, y, lr) -> {   // updates always
            for (int j = 0; j < w.length; j++) {
                w[j] += lr * y * x[j];
            }
            return true;
        });
        assertTrue(feedback.contains("That example is classified correctly (y (w̃ · x̃) > 0), so the rule leaves w̃"
                + " alone, but yours changed it to ("), feedback);
        assertTrue(feedback.matches("(?s)perceptronStep differs from the rule at epoch \\d+, example \\d+: x̃ = \\(.*\\), y"
                + " = [+-]1, w̃ = \\(.*\\) before, so w̃ · x̃ = .* and y \\(w̃ · x̃\\) = [0-9.]+\\..*"), feedback);
    }

    @Test
    void aStepInTheWrongDirectionIsNamedAsASign() {
        String feedback = failure((w, x, y, lr) -> {   // w̃ -= lr y x̃ on a mistake: away from the example's side
            if (y * dot(w, x) > 0) {
                return false;
            }
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * y * x[j];
            }
            return true;
        });
        assertTrue(feedback.contains("Likely mistake: your change has the opposite sign everywhere"), feedback);
    }

    @Test
    void aScoreOfZeroIsAMistake() {
        String feedback = failure((w, x, y, lr) -> y * dot(w, x) < 0 && rightStep(w, x, y, lr));
        assertTrue(feedback.contains("That is a mistake (y (w̃ · x̃) ≤ 0; a score of exactly 0, on the line, counts"
                + " as one)"), feedback);
    }

    @Test
    void aMissingLearningRateOrTheWrongReturnValueIsNamed() {
        String twice = failure((w, x, y, lr) -> rightStep(w, x, y, 2 * lr));
        assertTrue(twice.contains("Likely mistake: your change is 2 × the expected answer everywhere"), twice);
        String returnsFalse = failure((w, x, y, lr) -> rightStep(w, x, y, lr) && false);
        assertTrue(returnsFalse.contains("your step returned false: return true after an update"), returnsFalse);
    }

    @Test
    void aStubSaysItIsNotImplemented() {
        assertThrows(NotImplementedYet.class, () -> PerceptronCheck.stepByStep(DATA, (w, x, y, lr) -> {
            throw new NotImplementedYet("perceptronStep");
        }));
    }

    private static String failure(PerceptronCheck.Step step) {
        return assertThrows(ExerciseFailure.class, () -> PerceptronCheck.stepByStep(DATA, step)).getMessage();
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
