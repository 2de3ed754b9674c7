package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** VectorMath's vector kernels against the plain loops, and NativeFloats' copies. */
class VectorMathTest {

    /** Values from -100 to 100, with the awkward ones: 0, -0, huge, tiny, and a length not a multiple of 16. */
    private static float[] values() {
        Random random = new Random(7);
        float[] a = new float[1037];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() * (i % 3 == 0 ? 30 : 2));
        }
        float[] special = {0f, -0f, 88f, -88f, 100f, -100f, 1e-30f, -1e-30f, Float.MAX_VALUE, -Float.MAX_VALUE};
        System.arraycopy(special, 0, a, 100, special.length);
        return a;
    }

    @Test
    void theTestJvmUsesTheVectorApi() {
        // surefire runs with --add-modules jdk.incubator.vector and the C2 compiler, as the kernel does
        assertTrue(VectorMath.implementation().startsWith("vector API"), VectorMath.implementation());
    }

    @Test
    void sigmoidEqualsThePlainLoop() {
        float[] expected = values();
        float[] actual = expected.clone();
        VectorMath.SCALAR.sigmoid(expected, 3, expected.length - 2);
        VectorMath.sigmoid(actual, 3, actual.length - 2);
        assertArrayEquals(expected, actual, 3e-7f);
        assertEquals(values()[1], actual[1], "outside the range nothing changes");
        for (float v : actual) {
            assertTrue(!Float.isNaN(v));
        }
    }

    @Test
    void tanhEqualsThePlainLoop() {
        float[] expected = values();
        float[] actual = expected.clone();
        VectorMath.SCALAR.tanh(expected, 0, expected.length);
        VectorMath.tanh(actual, 0, actual.length);
        assertArrayEquals(expected, actual, 3e-7f);
        assertEquals(1f, actual[104]);
        assertEquals(-1f, actual[105]);
    }

    @Test
    void nativeFloatsCopiesWholeArraysAndBlocksOfRows() {
        INDArray m = Nd4j.arange(0, 24).castTo(DataType.FLOAT).reshape(6, 4);
        float[] all = NativeFloats.read(m, new float[26], 2);
        assertEquals(0f, all[2]);
        assertEquals(23f, all[25]);
        INDArray rows = m.get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());  // rows 2 and 3: a view
        assertTrue(NativeFloats.copyable(rows));
        assertArrayEquals(new float[] {8, 9, 10, 11, 12, 13, 14, 15}, NativeFloats.read(rows, new float[8], 0));
        NativeFloats.write(new float[] {-1, -2, -3, -4, -5, -6, -7, -8}, 0, rows);
        assertEquals(-1f, m.getFloat(2, 0));
        assertEquals(-8f, m.getFloat(3, 3));
        assertEquals(16f, m.getFloat(4, 0), "the rows after the block are untouched");
    }

    @Test
    void nativeFloatsRefusesWhatItCannotCopyInOneBlock() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray column = m.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3));
        assertTrue(!NativeFloats.copyable(column));
        assertTrue(!NativeFloats.copyable(m.transpose()));
        assertTrue(!NativeFloats.copyable(Nd4j.rand(DataType.DOUBLE, 2, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NativeFloats.read(column, new float[8], 0));
        assertTrue(e.getMessage().contains("row-major"), e.getMessage());
    }
}
