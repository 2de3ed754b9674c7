package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FoldsTest {

    /** Every example is tested exactly once, fold sizes differ by at most one, train = the rest. */
    static void checkPartition(Folds folds, int n, int k) {
        assertEquals(k, folds.k());
        assertEquals(n, folds.size());
        int[] timesTested = new int[n];
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int f = 0; f < k; f++) {
            int[] test = folds.test(f);
            int[] train = folds.train(f);
            assertEquals(n, test.length + train.length, "fold " + f);
            min = Math.min(min, test.length);
            max = Math.max(max, test.length);
            boolean[] inTest = new boolean[n];
            for (int i : test) {
                timesTested[i]++;
                inTest[i] = true;
                assertEquals(f, folds.foldOf(i));
            }
            for (int i : train) {
                assertTrue(!inTest[i], "example " + i + " is both trained on and tested in fold " + f);
            }
            assertTrue(isIncreasing(test) && isIncreasing(train), "indices in increasing order");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, timesTested[i], "example " + i + " tested " + timesTested[i] + " times");
        }
        assertTrue(max - min <= 1, "fold sizes " + min + " to " + max);
    }

    static boolean isIncreasing(int[] a) {
        for (int i = 1; i < a.length; i++) {
            if (a[i] <= a[i - 1]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void plainFoldsTestEveryExampleOnce() {
        checkPartition(Folds.of(103, 10, 1), 103, 10);
        checkPartition(Folds.of(10, 10, 2), 10, 10);
        checkPartition(Folds.of(7, 2, 3), 7, 2);
        assertEquals("Folds(10 folds of 103 examples, 10 to 11 each)", Folds.of(103, 10, 1).toString());
    }

    @Test
    void theSameSeedGivesTheSameFoldsAndAnotherSeedOthers() {
        assertArrayEquals(Folds.of(50, 5, 7).test(2), Folds.of(50, 5, 7).test(2));
        assertNotEquals(Arrays.toString(Folds.of(50, 5, 7).test(2)), Arrays.toString(Folds.of(50, 5, 8).test(2)));
        // shuffled: fold 0 is not just the first examples or every k-th one
        int[] first = Folds.of(50, 5, 7).test(0);
        assertNotEquals(Arrays.toString(IntStream.range(0, 10).toArray()), Arrays.toString(first));
        assertNotEquals(Arrays.toString(IntStream.range(0, 10).map(i -> 5 * i).toArray()), Arrays.toString(first));
    }

    @Test
    void stratifiedFoldsKeepTheClassShares() {
        // 30 % class 1, 60 % class 0, 10 % class 2, in a random order
        Random random = new Random(5);
        int[] labels = new int[997];
        for (int i = 0; i < labels.length; i++) {
            double u = random.nextDouble();
            labels[i] = u < 0.3 ? 1 : u < 0.9 ? 0 : 2;
        }
        Folds folds = Folds.stratified(labels, 10, 42);
        checkPartition(folds, labels.length, 10);
        int[] total = new int[3];
        for (int y : labels) {
            total[y]++;
        }
        for (int f = 0; f < 10; f++) {
            int[] count = new int[3];
            for (int y : Folds.pick(labels, folds.test(f))) {
                count[y]++;
            }
            for (int c = 0; c < 3; c++) {
                // each class dealt in turn: a fold has floor or ceil of the class's tenth
                assertTrue(Math.abs(count[c] - total[c] / 10.0) < 1, "fold " + f + " class " + c + ": " + count[c]
                        + " of " + total[c]);
            }
        }
    }

    @Test
    void pickSelectsInTheGivenOrder() {
        assertEquals(List.of("c", "a"), Folds.pick(List.of("a", "b", "c"), new int[] {2, 0}));
        assertArrayEquals(new int[] {30, 10}, Folds.pick(new int[] {10, 20, 30}, new int[] {2, 0}));
    }

    @Test
    void clearErrors() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> Folds.of(10, 1, 1));
        assertTrue(one.getMessage().contains("at least 2 folds"), one.getMessage());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> Folds.of(3, 5, 1));
        assertTrue(few.getMessage().contains("5 folds need at least 5 examples but there are 3"), few.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> Folds.stratified(new int[] {0, 1, -1, 0}, 2, 1));
        assertTrue(label.getMessage().contains("label of example 2 is -1"), label.getMessage());
        IndexOutOfBoundsException fold = assertThrows(IndexOutOfBoundsException.class, () -> Folds.of(10, 5, 1).test(5));
        assertTrue(fold.getMessage().contains("there are 5 folds, 0..4"), fold.getMessage());
    }
}
