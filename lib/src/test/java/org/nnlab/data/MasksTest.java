package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Masks from sequence lengths: the ones first, as PaddedBatch makes them, and back; clear errors. */
class MasksTest {

    @Test
    void onesForTheRealStepsThenZeros() {
        INDArray mask = Masks.fromLengths(new int[] {3, 1, 0}, 4);
        assertEquals(DataType.FLOAT, mask.dataType());
        assertArrayEquals(new long[] {3, 4}, mask.shape());
        assertArrayEquals(new float[][] {{1, 1, 1, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}}, mask.toFloatMatrix());
        assertArrayEquals(new int[] {3, 1, 0}, Masks.lengths(mask));
        assertEquals(DataType.DOUBLE, Masks.fromLengths(new int[] {2}, 2, DataType.DOUBLE).dataType());
        assertArrayEquals(new long[] {2, 5}, Masks.fromLengths(new int[] {5, 2}).shape());
    }

    @Test
    void sameAsPaddedBatch() {
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {4, 5, 6}, new int[] {7}, new int[] {8, 9}));
        assertEquals(batch.maskArray(), Masks.fromLengths(batch.lengths(), batch.timeSteps()));
    }

    @Test
    void clearErrors() {
        String tooLong = assertThrows(IllegalArgumentException.class,
                () -> Masks.fromLengths(new int[] {2, 6}, 5)).getMessage();
        assertTrue(tooLong.contains("sequence 1 has length 6") && tooLong.contains("maxLength"), tooLong);
        assertThrows(IllegalArgumentException.class, () -> Masks.fromLengths(new int[] {-1}, 5));
        assertThrows(IllegalArgumentException.class, () -> Masks.fromLengths(new int[0], 5));
        String gap = assertThrows(IllegalArgumentException.class,
                () -> Masks.lengths(Nd4j.createFromArray(new float[][] {{1, 0, 1}}))).getMessage();
        assertTrue(gap.contains("row 0") && gap.contains("step 2"), gap);
    }
}
