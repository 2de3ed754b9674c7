package org.nnlab.nn;

import java.util.Random;

/**
 * Drawing the next token from a language model's scores, with a temperature:
 * <pre>
 *   p_i = exp(z_i / T) / Σ_j exp(z_j / T)
 * </pre>
 * T = 1 samples from the model's own distribution; T &lt; 1 sharpens it (safer, more repetitive text);
 * T &gt; 1 flattens it (more surprising text, more mistakes); T = 0 means always the most likely token
 * (greedy). The caller's {@link Random} makes samples repeatable: the same seed, the same text.
 */
public final class Sampling {

    private Sampling() {
    }

    /** Samples an index from {@code scores} at temperature {@code temperature} (0 = argmax). */
    public static int sample(double[] scores, double temperature, Random random) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("cannot sample from an empty list of scores");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the temperature must be 0 (greedy) or positive but was " + temperature);
        }
        if (temperature == 0) {
            return argMax(scores);
        }
        double[] p = probabilities(scores, temperature);
        double u = random.nextDouble(); // walk the cumulative distribution until it passes u
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u < cumulative) {
                return i;
            }
        }
        return p.length - 1; // u just below 1 and rounding in the sum
    }

    /** softmax(scores / T), computed stably (the largest score is subtracted first). */
    public static double[] probabilities(double[] scores, double temperature) {
        double max = scores[argMax(scores)];
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((scores[i] - max) / temperature);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static int argMax(double[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
