package org.nnlab.data;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Index sequences of different lengths made into one rectangle {@code [batch, time]}, for a network that
 * wants a matrix.
 *
 * <p>Short sequences are filled on the right with {@link Vocab#PAD_INDEX} (0). The mask says which
 * positions are real words (1) and which are padding (0), so a model can ignore the padding when it
 * averages, or when a recurrent layer steps through time. Sequences longer than {@code maxLength} are cut.
 */
public final class PaddedBatch {

    private final int[][] ids;
    private final float[][] mask;
    private final int[] lengths;

    private PaddedBatch(int[][] ids, float[][] mask, int[] lengths) {
        this.ids = ids;
        this.mask = mask;
        this.lengths = lengths;
    }

    /** Pads the sequences to the length of the longest one. */
    public static PaddedBatch of(List<int[]> sequences) {
        return of(sequences, Integer.MAX_VALUE);
    }

    /** Pads the sequences to the longest one, but cuts each to at most {@code maxLength} indices. */
    public static PaddedBatch of(List<int[]> sequences, int maxLength) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("cannot pad an empty batch: give at least one sequence");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1, but got " + maxLength);
        }
        int[] lengths = new int[sequences.size()];
        int time = 1; // at least one column, so a batch of empty texts still has a shape
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = Math.min(sequences.get(b).length, maxLength);
            time = Math.max(time, lengths[b]);
        }
        int[][] ids = new int[lengths.length][time]; // Java fills with 0 = Vocab.PAD_INDEX
        float[][] mask = new float[lengths.length][time];
        for (int b = 0; b < lengths.length; b++) {
            System.arraycopy(sequences.get(b), 0, ids[b], 0, lengths[b]);
            java.util.Arrays.fill(mask[b], 0, lengths[b], 1f);
        }
        return new PaddedBatch(ids, mask, lengths);
    }

    /** Number of sequences (rows). */
    public int batchSize() {
        return ids.length;
    }

    /** Number of time steps (columns): the longest length after cutting. */
    public int timeSteps() {
        return ids[0].length;
    }

    /** The padded indices {@code [batch][time]} (a copy). */
    public int[][] ids() {
        int[][] copy = new int[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            copy[b] = ids[b].clone();
        }
        return copy;
    }

    /** The mask {@code [batch][time]}: 1 for a real token, 0 for padding (a copy). */
    public float[][] mask() {
        float[][] copy = new float[mask.length][];
        for (int b = 0; b < mask.length; b++) {
            copy[b] = mask[b].clone();
        }
        return copy;
    }

    /** The real (unpadded, possibly cut) length of each sequence. */
    public int[] lengths() {
        return lengths.clone();
    }

    /** The padded indices as an ND4J matrix {@code [batch, time]} of INT. */
    public INDArray idsArray() {
        return Nd4j.createFromArray(ids);
    }

    /** The mask as an ND4J matrix {@code [batch, time]} of FLOAT. */
    public INDArray maskArray() {
        return Nd4j.createFromArray(mask);
    }

    @Override
    public String toString() {
        return "PaddedBatch([" + batchSize() + ", " + timeSteps() + "], lengths " + java.util.Arrays.toString(lengths) + ")";
    }
}
