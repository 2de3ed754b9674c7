package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FirstTokenTaskTest {

    @Test
    void labelIsAlwaysTheFunctionOfTheFirstToken() {
        Dataset data = FirstTokenTask.generate(500, 12, 10, 3, 1);
        for (int i = 0; i < data.size(); i++) {
            assertEquals(FirstTokenTask.label((int) data.row(i)[0], 3), data.label(i), "example " + i);
        }
    }

    @Test
    void shapesIdsAndClassBalance() {
        Dataset data = FirstTokenTask.generate(301, 7, 6, 2, 5);
        assertEquals(301, data.size());
        assertEquals(7, data.numFeatures());
        assertArrayEquals(new int[] {151, 150}, data.classCounts());
        for (int i = 0; i < data.size(); i++) {
            for (double id : data.row(i)) {
                assertEquals(Math.rint(id), id);          // whole numbers: token ids
                assertTrue(id >= 1 && id <= 5, "id " + id); // 0 is kept for padding
            }
        }
        INDArray x = data.x();
        assertArrayEquals(new long[] {301, 7}, x.shape());
        assertEquals(1, FirstTokenTask.generate(4, 1, 3, 2, 0).numFeatures());
    }

    @Test
    void everyFirstTokenOfAClassCanOccur() {
        // vocabSize 8: ids 1..7; class 0 owns 1, 4, 7, class 1 owns 2, 5, class 2 owns 3, 6
        Dataset data = FirstTokenTask.generate(900, 2, 8, 3, 3);
        int[] firsts = new int[8];
        for (int i = 0; i < data.size(); i++) {
            firsts[(int) data.row(i)[0]]++;
        }
        for (int id = 1; id < 8; id++) {
            assertTrue(firsts[id] > 50, "first token " + id + " occurs " + firsts[id] + " times");
        }
        assertEquals(0, firsts[0]);
    }

    @Test
    void otherPositionsCarryNoInformationAboutTheLabel() {
        // For every later position t and token v, the share of class 1 among the examples with v at t
        // must be the overall share 1/2 (about 2000 examples per cell, standard error ~0.011).
        // At position 0 it is 0 or 1: the first token decides the label.
        int n = 20000;
        int length = 8;
        int vocab = 11;
        Dataset data = FirstTokenTask.generate(n, length, vocab, 2, 7);
        for (int t = 0; t < length; t++) {
            int[] seen = new int[vocab];
            int[] ones = new int[vocab];
            for (int i = 0; i < n; i++) {
                int v = (int) data.row(i)[t];
                seen[v]++;
                ones[v] += data.label(i);
            }
            for (int v = 1; v < vocab; v++) {
                double share = (double) ones[v] / seen[v];
                if (t == 0) {
                    assertEquals(FirstTokenTask.label(v, 2), share, 0.0, "position 0, token " + v);
                } else {
                    assertEquals(0.5, share, 0.05, "position " + t + ", token " + v);
                }
            }
        }
    }

    @Test
    void sameSeedSameData() {
        Dataset a = FirstTokenTask.generate(50, 10, 20, 4, 42);
        Dataset b = FirstTokenTask.generate(50, 10, 20, 4, 42);
        Dataset c = FirstTokenTask.generate(50, 10, 20, 4, 43);
        assertTrue(Arrays.deepEquals(a.features(), b.features()));
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(Arrays.deepEquals(a.features(), c.features()));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> FirstTokenTask.generate(10, 5, 3, 3, 0)); // 2 ids, 3 classes
        assertThrows(IllegalArgumentException.class, () -> FirstTokenTask.generate(10, 0, 10, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> FirstTokenTask.generate(10, 5, 10, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FirstTokenTask.label(0, 2));
    }
}
