package org.nnlab.check;

import java.util.Arrays;

import org.nnlab.data.Dataset;
import org.nnlab.nn.Perceptron;

/**
 * Checks a hand-written step of the perceptron rule by running it beside the library's
 * {@link Perceptron#step} over a data set, example after example, and stopping at the first example where
 * the two differ. The feedback shows that example: its input, label and score, the weights before, and
 * what the rule and your step did with them, so that "an update on a correctly classified example" or
 * "a step in the wrong direction" can be seen, not guessed from counts of mistakes.
 * <pre>{@code
 * PerceptronCheck.stepByStep(data, (w, x, y, lr) -> perceptronStep(w, x, y, lr));
 * }</pre>
 * Your step works on the augmented vectors w̃ = (w1, ..., wd, b) and x̃ = (x1, ..., xd, 1), with learning
 * rate 1, changes w̃ in place and returns whether it updated.
 */
public final class PerceptronCheck {

    /** The exercise's signature: one step on augmented weights w̃ and input x̃, label y = ±1. */
    @FunctionalInterface
    public interface Step {
        boolean step(double[] w, double[] x, int y, double lr);
    }

    private static final int MAX_EPOCHS = 100;

    private PerceptronCheck() {
    }

    /** Runs your step and the rule side by side until the rule has an epoch without mistakes. */
    public static void stepByStep(Dataset data, Step yours) {
        Perceptron rule = new Perceptron(data.numFeatures());
        double[] w = new double[data.numFeatures() + 1];      // yours: w1, ..., wd and b, all 0 at the start
        int steps = 0;
        for (int epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
            int mistakes = 0;
            for (int i = 0; i < data.size(); i++) {
                double[] x = data.row(i);
                int y = data.label(i) == 1 ? 1 : -1;
                double score = rule.score(x);                    // = w̃ · x̃, yours and the rule's agree so far
                double[] before = w.clone();
                boolean yoursUpdated = runYours(yours, w, augmented(x), y);
                boolean ruleUpdated = rule.step(x, y);
                double[] expected = augmented(rule.weights(), rule.bias());
                String difference = difference(before, expected, w, ruleUpdated, yoursUpdated);
                if (difference != null) {
                    throw new ExerciseFailure("perceptronStep differs from the rule at epoch " + epoch + ", example "
                            + i + ": x̃ = " + vector(augmented(x)) + ", y = " + (y > 0 ? "+1" : "-1") + ", w̃ = "
                            + vector(before) + " before, so w̃ · x̃ = " + Numbers.format(score, 4) + " and y (w̃ · x̃) = "
                            + Numbers.format(y * score, 4) + ".\n" + difference);
                }
                mistakes += ruleUpdated ? 1 : 0;
                steps++;
            }
            if (mistakes == 0) {
                System.out.println("✔ perceptronStep follows the rule for " + Numbers.count(steps, "step")
                        + " (" + Numbers.count(epoch, "epoch") + ", until no mistakes)");
                return;
            }
        }
        throw new ExerciseFailure("the rule did not converge on this data in " + MAX_EPOCHS + " epochs: check it"
                + " on linearly separable data");
    }

    /** What went wrong in one step, or null when your step did what the rule did. */
    private static String difference(double[] before, double[] expected, double[] yours,
                                     boolean ruleUpdated, boolean yoursUpdated) {
        boolean sameWeights = closeAll(expected, yours);
        boolean changed = !Arrays.equals(before, yours);
        if (!ruleUpdated) {
            if (changed) {
                return "That example is classified correctly (y (w̃ · x̃) > 0), so the rule leaves w̃ alone, but"
                        + " yours changed it to " + vector(yours) + ". Update only on a mistake.";
            }
            return yoursUpdated ? "That example is classified correctly, so the rule returns false (no update),"
                    + " but yours returned true." : null;
        }
        if (!changed) {
            return "That is a mistake (y (w̃ · x̃) ≤ 0; a score of exactly 0, on the line, counts as one), so the"
                    + " rule moves w̃ to " + vector(expected) + ", but yours left w̃ unchanged.";
        }
        if (!sameWeights) {
            double[] ruleChange = minus(expected, before);
            double[] yourChange = minus(yours, before);
            String likely = Mistakes.likely(ruleChange, yourChange, new long[] {ruleChange.length}, 1e-9);
            return "That is a mistake, so the rule changes w̃ by " + vector(ruleChange) + " to " + vector(expected)
                    + ", but yours changed it by " + vector(yourChange) + " to " + vector(yours) + "."
                    + (likely == null ? "" : "\nLikely mistake: " + likely.replaceFirst("^yours ", "your change "));
        }
        return yoursUpdated ? null : "That is a mistake and your w̃ is right, but your step returned false:"
                + " return true after an update.";
    }

    /** Your step, on copies of the inputs it should not change. */
    private static boolean runYours(Step yours, double[] w, double[] x, int y) {
        try {
            return yours.step(w, x, y, 1.0);
        } catch (ExerciseFailure e) {
            throw e; // NotImplementedYet says what to do
        } catch (RuntimeException e) {
            throw new ExerciseFailure("perceptronStep threw " + e.getClass().getSimpleName() + " on w̃ = "
                    + vector(w) + ", x̃ = " + vector(x) + ", y = " + y + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()), e);
        }
    }

    /** (x1, ..., xd, 1): the input with the always-1 input of the bias. */
    private static double[] augmented(double[] x) {
        return augmented(x, 1);
    }

    private static double[] augmented(double[] values, double last) {
        double[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = last;
        return out;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static boolean closeAll(double[] expected, double[] yours) {
        for (int i = 0; i < expected.length; i++) {
            if (!Numbers.close(expected[i], yours[i], 1e-9)) {
                return false;
            }
        }
        return true;
    }

    /** "(0.5, -1, 1)". */
    private static String vector(double[] values) {
        String list = Numbers.nested(new long[] {values.length}, values);
        return "(" + list.substring(1, list.length() - 1) + ")";
    }
}
