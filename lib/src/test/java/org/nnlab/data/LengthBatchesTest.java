package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LengthBatchesTest {

    private static List<int[]> randomSequences(int n) {
        Random random = new Random(1);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sequences.add(new int[1 + random.nextInt(40)]);
        }
        return sequences;
    }

    @Test
    void everyPositionOnceAndBatchesHoldSimilarLengths() {
        List<int[]> sequences = randomSequences(1000);
        List<int[]> batches = LengthBatches.of(sequences, 32, 7);
        boolean[] seen = new boolean[sequences.size()];
        int paddedCells = 0;
        int realCells = 0;
        for (int[] batch : batches) {
            assertTrue(batch.length <= 32);
            int max = 0;
            for (int i : batch) {
                assertTrue(!seen[i], "position " + i + " in two batches");
                seen[i] = true;
                max = Math.max(max, sequences.get(i).length);
                realCells += sequences.get(i).length;
            }
            paddedCells += max * batch.length;
        }
        for (boolean s : seen) {
            assertTrue(s);
        }
        // Sorted buckets waste little: lengths 1..40 in batches of 32 differ by at most about 2 within a batch.
        assertTrue(paddedCells < realCells * 1.1, "padding overhead " + paddedCells + " vs " + realCells);
        assertEquals(32, batches.size()); // ceil(1000 / 32)
    }

    @Test
    void seedFixesTheOrder() {
        List<int[]> sequences = randomSequences(200);
        List<int[]> a = LengthBatches.of(sequences, 16, 3);
        List<int[]> b = LengthBatches.of(sequences, 16, 3);
        List<int[]> c = LengthBatches.of(sequences, 16, 4);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(java.util.Arrays.toString(a.get(i)), java.util.Arrays.toString(b.get(i)));
        }
        assertNotEquals(java.util.Arrays.toString(a.get(0)), java.util.Arrays.toString(c.get(0)));
    }
}
