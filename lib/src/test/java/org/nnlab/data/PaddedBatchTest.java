package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class PaddedBatchTest {

    @Test
    void padsWithZerosAndMasksThePadding() {
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {5, 6, 7}, new int[] {8}, new int[] {}));
        assertEquals(3, batch.batchSize());
        assertEquals(3, batch.timeSteps());
        assertArrayEquals(new int[][] {{5, 6, 7}, {8, 0, 0}, {0, 0, 0}}, batch.ids());
        assertArrayEquals(new float[][] {{1, 1, 1}, {1, 0, 0}, {0, 0, 0}}, batch.mask());
        assertArrayEquals(new int[] {3, 1, 0}, batch.lengths());
    }

    @Test
    void cutsLongSequences() {
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {1, 2, 3, 4, 5}, new int[] {9, 9}), 3);
        assertArrayEquals(new int[][] {{1, 2, 3}, {9, 9, 0}}, batch.ids());
        assertArrayEquals(new int[] {3, 2}, batch.lengths());
    }

    @Test
    void ndArraysAreBatchByTime() {
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {5, 6}, new int[] {8}));
        INDArray ids = batch.idsArray();
        INDArray mask = batch.maskArray();
        assertArrayEquals(new long[] {2, 2}, ids.shape());
        assertArrayEquals(new long[] {2, 2}, mask.shape());
        assertEquals(6, ids.getInt(0, 1));
        assertEquals(0.0, mask.getDouble(1, 1), 0.0);
        assertEquals(3.0, mask.sumNumber().doubleValue(), 0.0);
    }

    @Test
    void emptyBatchIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> PaddedBatch.of(List.of()));
    }
}
