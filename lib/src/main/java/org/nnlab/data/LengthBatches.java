package org.nnlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Groups sequences of similar length into batches, so a padded batch wastes little on padding.
 *
 * <p>The idea in three steps: shuffle all positions with the seed (so equal lengths come in random order),
 * sort them by length (a stable sort keeps that random order within a length), cut the sorted list into
 * batches of {@code batchSize}, and finally shuffle the order of the batches with the seed so training
 * does not always see short texts first. A batch is an array of positions into the original list, so the
 * caller can fetch the matching labels too. Every position appears in exactly one batch; the last batch of
 * the sorted list may be smaller.
 */
public final class LengthBatches {

    private LengthBatches() {
    }

    /** Batches of positions into {@code sequences}, grouped by length and shuffled with {@code seed}. */
    public static List<int[]> of(List<int[]> sequences, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, but got " + batchSize);
        }
        Random random = new Random(seed);
        Integer[] order = new Integer[sequences.size()];
        int[] shuffled = Dataset.permutation(sequences.size(), random);
        for (int i = 0; i < order.length; i++) {
            order[i] = shuffled[i];
        }
        Arrays.sort(order, Comparator.comparingInt(i -> sequences.get(i).length)); // stable for objects
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            int[] batch = new int[end - start];
            for (int i = start; i < end; i++) {
                batch[i - start] = order[i];
            }
            batches.add(batch);
        }
        Collections.shuffle(batches, random);
        return batches;
    }
}
