package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final int PAD = Metrics.PADDING;

    @Test
    void accuracyOfClassifiers() {
        assertEquals(0.75, Metrics.accuracy(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {0}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[0], new int[0]));
    }

    @Test
    void tokenAndSentenceAccuracyIgnorePadding() {
        int[][] gold = {{1, 2, 3}, {4, 5, PAD}, {6, PAD, PAD}};
        // sentence 0: 3 of 3 right; sentence 1: 1 of 2 (the padded prediction 9 does not count); sentence 2: 1 of 1
        int[][] predicted = {{1, 2, 3}, {4, 0, 9}, {6, 7, 7}};
        assertEquals(5.0 / 6, Metrics.tokenAccuracy(predicted, gold), 1e-12);
        assertEquals(2.0 / 3, Metrics.sentenceAccuracy(predicted, gold), 1e-12);
    }

    @Test
    void taggerMetricsRejectMismatchedOrEmptyInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.tokenAccuracy(new int[][] {{1, 2}}, new int[][] {{1, 2, 3}}));
        assertEquals("sentence 0 has 2 predicted tags but 3 labels", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.tokenAccuracy(new int[][] {{0}}, new int[][] {{PAD}}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.sentenceAccuracy(new int[0][], new int[0][]));
    }
}
