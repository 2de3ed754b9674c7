package org.nnlab.tensor;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies between an ND4J FLOAT array on the CPU and a Java {@code float[]}, in one block (a memcpy, about
 * 1 µs for 64 KB). ND4J keeps its values outside the Java heap; a loop over {@code a.getFloat(i)} would
 * cross into native code once per value. The array must be in row-major ('c') order with no gaps, as
 * every array that {@code Nd4j.create} makes is; a view of a block of rows of one is too.
 */
public final class NativeFloats {

    private NativeFloats() {
    }

    /** True when {@link #read}/{@link #write} can copy {@code a}: FLOAT, on the CPU, contiguous, row-major. */
    public static boolean copyable(INDArray a) {
        return a.dataType() == DataType.FLOAT && !Backend.isGpu() && rowMajorWithoutGaps(a);
    }

    /** Copies the values of {@code a}, in row-major order, into {@code dst} from {@code offset}; returns dst. */
    public static float[] read(INDArray a, float[] dst, int offset) {
        return read(a, 0, (int) a.length(), dst, offset);
    }

    /** Copies {@code count} values of {@code a} from its value number {@code from} (row-major) into dst. */
    public static float[] read(INDArray a, long from, int count, float[] dst, int offset) {
        pointer(a, from, count).get(dst, offset, count);
        return dst;
    }

    /** Copies {@code a.length()} values of {@code src} from {@code offset} into {@code a}, in row-major order. */
    public static void write(float[] src, int offset, INDArray a) {
        write(src, offset, (int) a.length(), a, 0);
    }

    /** Copies {@code count} values of {@code src} from {@code offset} into {@code a} from its value number {@code from}. */
    public static void write(float[] src, int offset, int count, INDArray a, long from) {
        pointer(a, from, count).put(src, offset, count);
    }

    /**
     * Copies the given rows of the matrix {@code a} ({@code [rows, width]}) into {@code dst}, one after the other:
     * {@code dst[j * width + k] = a[rows[j], k]}. One pointer for all rows, one copy per row (a gather without
     * an ND4J op: libnd4j's gather and scatter ops cost about half a millisecond for 600 rows here).
     */
    public static float[] readRows(INDArray a, int[] rows, float[] dst) {
        int width = rowWidth(a, rows, dst);
        FloatPointer p = pointer(a);
        long base = a.offset();
        for (int j = 0; j < rows.length; j++) {
            p.position(base + (long) rows[j] * width).get(dst, j * width, width);
        }
        return dst;
    }

    /** Copies {@code src} into the given rows of the matrix {@code a}: {@code a[rows[j], k] = src[j * width + k]}. */
    public static void writeRows(float[] src, INDArray a, int[] rows) {
        int width = rowWidth(a, rows, src);
        FloatPointer p = pointer(a);
        long base = a.offset();
        for (int j = 0; j < rows.length; j++) {
            p.position(base + (long) rows[j] * width).put(src, j * width, width);
        }
    }

    private static int rowWidth(INDArray a, int[] rows, float[] buffer) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("row copies need a matrix but got shape " + java.util.Arrays.toString(a.shape()));
        }
        int width = (int) a.size(1);
        if (buffer.length < (long) rows.length * width) {
            throw new IndexOutOfBoundsException(rows.length + " rows of " + width + " values do not fit " + buffer.length);
        }
        for (int r : rows) {
            if (r < 0 || r >= a.size(0)) {
                throw new IndexOutOfBoundsException("row " + r + " of a matrix of " + a.size(0) + " rows");
            }
        }
        return width;
    }

    private static FloatPointer pointer(INDArray a, long from, int count) {
        if (from < 0 || from + count > a.length()) {
            throw new IndexOutOfBoundsException("values " + from + " + " + count + " of an array of " + a.length());
        }
        return pointer(a).position(a.offset() + from);
    }

    private static FloatPointer pointer(INDArray a) {
        if (!copyable(a)) {
            throw new IllegalArgumentException("NativeFloats copies FLOAT arrays on the CPU in row-major order"
                    + " without gaps, but got " + a.dataType() + " " + a.shapeInfoToString().replace('\n', ' '));
        }
        // a pointer of our own (the buffer's pointer is shared by its views); the caller positions it
        return new FloatPointer(a.data().pointer());
    }

    /** Strides of row-major order without gaps (sizes of 1 have any stride), as a block of whole rows has. */
    private static boolean rowMajorWithoutGaps(INDArray a) {
        long[] stride = a.stride();
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && stride[d] != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }
}
