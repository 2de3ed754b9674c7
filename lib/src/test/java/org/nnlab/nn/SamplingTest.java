package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class SamplingTest {

    private static final double[] SCORES = {1.0, 2.0, 0.5, 2.0 + Math.log(2)}; // last: twice as likely as index 1

    private static double[] frequencies(double temperature, int n, long seed) {
        Random random = new Random(seed);
        double[] counts = new double[SCORES.length];
        for (int i = 0; i < n; i++) {
            counts[Sampling.sample(SCORES, temperature, random)] += 1.0 / n;
        }
        return counts;
    }

    @Test
    void temperatureOneFollowsTheSoftmax() {
        double[] p = Sampling.probabilities(SCORES, 1);
        assertEquals(1, p[0] + p[1] + p[2] + p[3], 1e-12);
        assertEquals(2 * p[1], p[3], 1e-12);
        // 200,000 draws: each frequency within 0.005 of its probability (standard error below 0.0012)
        assertArrayEquals(p, frequencies(1, 200_000, 7), 0.005);
    }

    @Test
    void lowTemperatureSharpensHighFlattensZeroIsGreedy() {
        double[] cold = Sampling.probabilities(SCORES, 0.25);
        double[] warm = Sampling.probabilities(SCORES, 1);
        double[] hot = Sampling.probabilities(SCORES, 4);
        assertTrue(cold[3] > warm[3] && warm[3] > hot[3]);
        assertTrue(cold[2] < warm[2] && warm[2] < hot[2]);
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertEquals(3, Sampling.sample(SCORES, 0, random));
        }
    }

    @Test
    void sameSeedSameSamplesAndLargeScoresDoNotOverflow() {
        assertArrayEquals(frequencies(1, 1000, 3), frequencies(1, 1000, 3), 0);
        double[] p = Sampling.probabilities(new double[] {1000, 1000}, 1);
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Sampling.sample(SCORES, -1, new Random()));
        assertThrows(IllegalArgumentException.class, () -> Sampling.sample(new double[0], 1, new Random()));
    }
}
