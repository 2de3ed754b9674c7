package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetTest {

    @Test
    void splitKeepsEveryExampleOnceAndTheClassBalance() {
        Dataset data = Synthetic.gaussians(1000, 4, 0.5, 1);
        Split split = data.split(0.7, 0.15, 42);
        assertEquals(700, split.train().size());
        assertEquals(152, split.validation().size()); // 0.15 * 250 = 37.5 rounds to 38 per class
        assertEquals(148, split.test().size());
        assertArrayEquals(new int[] {175, 175, 175, 175}, split.train().classCounts());
        Set<String> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {split.train(), split.validation(), split.test()}) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(seen.add(java.util.Arrays.toString(part.row(i))), "an example appears twice");
            }
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void splitIsRepeatablePerSeed() {
        Dataset data = Synthetic.moons(200, 0.1, 1);
        assertArrayEquals(data.split(0.8, 0.1, 5).train().features(), data.split(0.8, 0.1, 5).train().features());
        assertTrue(!java.util.Arrays.deepEquals(data.split(0.8, 0.1, 5).train().features(),
                data.split(0.8, 0.1, 6).train().features()));
    }

    @Test
    void emptyValidationShareGivesNoValidationPart() {
        Split split = Synthetic.moons(100, 0.1, 1).split(0.8, 0.0, 1);
        assertNull(split.validation());
        assertEquals(20, split.test().size());
    }

    @Test
    void badInputIsRejectedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new double[][] {{1, 2}}, new int[] {3}, 2));
        assertTrue(e.getMessage().contains("label 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new double[0][], new int[0], 2));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.xorTable().split(0.9, 0.2, 1));
    }

    @Test
    void ndArraysHaveTheBatchFirstShapes() {
        Dataset data = Synthetic.gaussians(10, 3, 0.5, 1);
        INDArray x = data.x();
        assertArrayEquals(new long[] {10, 2}, x.shape());
        assertEquals(data.row(4)[1], x.getDouble(4, 1), 1e-6);
        assertArrayEquals(new long[] {10, 1}, data.y().shape());
        INDArray oneHot = data.oneHot();
        assertArrayEquals(new long[] {10, 3}, oneHot.shape());
        assertEquals(1.0, oneHot.getDouble(4, data.label(4)), 0.0);
        assertEquals(10.0, oneHot.sumNumber().doubleValue(), 0.0);
    }
}
