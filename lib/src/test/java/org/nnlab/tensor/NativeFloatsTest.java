package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeFloatsTest {

    @Test
    void readsAndWritesChosenRowsAsPullRowsAndAPutWould() {
        INDArray a = Nd4j.arange(15).castTo(DataType.FLOAT).reshape(5, 3);
        int[] rows = {4, 1, 4};
        float[] got = NativeFloats.readRows(a, rows, new float[9]);
        assertArrayEquals(Nd4j.pullRows(a, 1, rows).data().asFloat(), got);
        NativeFloats.writeRows(new float[] {-1, -2, -3, -4, -5, -6}, a, new int[] {0, 3});
        assertArrayEquals(new float[] {-1, -2, -3}, a.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {-4, -5, -6}, a.getRow(3).toFloatVector());
        assertArrayEquals(new float[] {3, 4, 5}, a.getRow(1).toFloatVector(), "other rows unchanged");
        // a view of whole rows starts at its offset
        INDArray lower = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertArrayEquals(new float[] {-4, -5, -6}, NativeFloats.readRows(lower, new int[] {1}, new float[3]));
        IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class,
                () -> NativeFloats.readRows(a, new int[] {5}, new float[3]));
        assertEquals("row 5 of a matrix of 5 rows", out.getMessage());
    }
}
