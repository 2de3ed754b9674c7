package org.nnlab.data;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Masks {@code [batch, time]} from sequence lengths: row b holds {@code lengths[b]} ones (the real steps)
 * followed by zeros (the padding), as {@link PaddedBatch#maskArray()} makes them.
 * <pre>
 *   Masks.fromLengths(new int[] {3, 1}, 4)   -&gt;   [[1, 1, 1, 0],
 *                                                  [1, 0, 0, 0]]
 * </pre>
 * A recurrent layer given such a mask does what PyTorch does with {@code pack_padded_sequence(x, lengths,
 * batch_first=True, enforce_sorted=False)}: the output is 0 at padding, and the final state of each
 * sequence is its state at its last real step, {@code h_{lengths[b]}}. (PyTorch refuses a length of 0;
 * here a sequence of length 0 keeps its initial state and outputs zeros.)
 */
public final class Masks {

    private Masks() {
    }

    /** The FLOAT mask {@code [lengths.length, maxLength]} with {@code lengths[b]} ones first in row b. */
    public static INDArray fromLengths(int[] lengths, int maxLength) {
        return fromLengths(lengths, maxLength, DataType.FLOAT);
    }

    /** {@link #fromLengths(int[], int)} padded to the longest length. */
    public static INDArray fromLengths(int[] lengths) {
        return fromLengths(lengths, Arrays.stream(lengths).max().orElse(0));
    }

    /** The mask in a given data type (for example DOUBLE next to DOUBLE inputs). */
    public static INDArray fromLengths(int[] lengths, int maxLength, DataType dataType) {
        check(lengths, maxLength);
        float[][] mask = new float[lengths.length][maxLength];
        for (int b = 0; b < lengths.length; b++) {
            Arrays.fill(mask[b], 0, lengths[b], 1f);
        }
        return Nd4j.createFromArray(mask).castTo(dataType);
    }

    /**
     * The lengths back from a mask {@code [batch, time]}: the number of ones at the start of each row. The
     * mask must have its padding at the end (1 ... 1 0 ... 0), else the error names the row.
     */
    public static int[] lengths(INDArray mask) {
        if (mask.rank() != 2) {
            throw new IllegalArgumentException("a mask is [batch, time] but got " + Arrays.toString(mask.shape()));
        }
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] lengths = new int[m.length];
        for (int b = 0; b < m.length; b++) {
            int n = 0;
            while (n < m[b].length && m[b][n] == 1) {
                n++;
            }
            for (int t = n; t < m[b].length; t++) {
                if (m[b][t] != 0) {
                    throw new IllegalArgumentException("row " + b + " of the mask has " + m[b][t] + " at step " + t
                            + " after its padding began at step " + n + "; a mask from lengths is 1 ... 1 0 ... 0");
                }
            }
            lengths[b] = n;
        }
        return lengths;
    }

    private static void check(int[] lengths, int maxLength) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a mask needs at least one sequence length but got none");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("a mask needs maxLength >= 1 time step but got " + maxLength);
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > maxLength) {
                throw new IllegalArgumentException("sequence " + b + " has length " + lengths[b] + ", outside 0.."
                        + maxLength + " (maxLength, the time steps of the batch); cut it or pass a larger maxLength");
            }
        }
    }
}
