package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReversalTaskTest {

    @Test
    void targetsAreTheSourcesReversed() {
        List<ReversalTask.Example> examples = ReversalTask.generate(500, 3, 9, 5, 1);
        assertEquals(500, examples.size());
        int[] seenLengths = new int[10];
        int[] seenIds = new int[ReversalTask.vocabSize(5)];
        for (ReversalTask.Example e : examples) {
            int n = e.length();
            assertTrue(n >= 3 && n <= 9, "length " + n);
            seenLengths[n]++;
            for (int t = 0; t < n; t++) {
                assertEquals(e.source()[n - 1 - t], e.target()[t]);
                seenIds[e.source()[t]]++;
            }
        }
        for (int n = 3; n <= 9; n++) {
            assertTrue(seenLengths[n] > 40, "every length occurs: " + n + " x " + seenLengths[n]);
        }
        for (int id = 0; id < ReversalTask.FIRST; id++) {
            assertEquals(0, seenIds[id], "special id " + id + " never in a source");
        }
        for (int id = ReversalTask.FIRST; id < seenIds.length; id++) {
            assertTrue(seenIds[id] > 0, "every letter occurs: " + id);
        }
    }

    @Test
    void sameSeedSameExamples() {
        List<ReversalTask.Example> a = ReversalTask.generate(20, 1, 6, 8, 7);
        List<ReversalTask.Example> b = ReversalTask.generate(20, 1, 6, 8, 7);
        List<ReversalTask.Example> c = ReversalTask.generate(20, 1, 6, 8, 8);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(a.get(i).source(), b.get(i).source());
        }
        assertNotEquals(a.toString(), c.toString());
    }

    @Test
    void textAndErrors() {
        assertEquals("cab", ReversalTask.text(new int[] {5, 3, 4}));
        assertEquals("<s>a</s>", ReversalTask.text(new int[] {1, 3, 2}));
        assertEquals("ba -> ab", new ReversalTask.Example(new int[] {4, 3}, new int[] {3, 4}).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReversalTask.generate(1, 5, 4, 5, 0));
        assertTrue(e.getMessage().contains("minLength"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReversalTask.generate(1, 1, 4, 30, 0));
    }

    @Test
    void accuracyOfLengthCountsWholeStringsOfThatLength() {
        List<ReversalTask.Example> few = List.of(new ReversalTask.Example(new int[] {3, 4}, new int[] {4, 3}),
                new ReversalTask.Example(new int[] {5, 4}, new int[] {4, 5}),
                new ReversalTask.Example(new int[] {3, 4, 5}, new int[] {5, 4, 3}));
        int[][] guesses = {{4, 3}, {4, 5, 5}, {5, 4}};
        assertEquals(0.5, ReversalTask.accuracyOfLength(guesses, few, 2), 0);
        assertEquals(0.0, ReversalTask.accuracyOfLength(guesses, few, 3), 0, "a prefix is not right");
        assertEquals(0.0, ReversalTask.accuracyOfLength(guesses, few, 9), 0, "no example of that length");
        assertThrows(IllegalArgumentException.class, () -> ReversalTask.accuracyOfLength(new int[1][], few, 2));
    }
}
