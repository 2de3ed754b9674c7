package org.nnlab.data;

import java.util.Random;

/**
 * A long-range dependency task: classify a sequence of {@code T} random tokens whose label depends only on
 * its FIRST token; the other {@code T - 1} tokens are noise, drawn independently of the label.
 * <pre>
 *   tokens  7 3 9 2 2 5 ... 4     label = f(7) = (7 - 1) mod numClasses
 *           ^ the only token that matters
 * </pre>
 * A recurrent network reads left to right, so it must carry the first token through {@code T - 1} steps
 * of noise; as {@code T} grows, the gradient that tells it to keep that token has to flow back through
 * all those steps, where it tends to vanish in a plain RNN and survives better in an LSTM or GRU. A
 * bag-of-words model does not know which token came first; it can only use the slight excess of the first
 * token's class in the counts, which fades as {@code T} grows.
 *
 * <p>The result is an ordinary {@link Dataset}: row {@code i} holds the {@code T} token ids (whole
 * numbers stored as doubles), so {@code data.x()} is the index matrix {@code [n, T]} that an
 * {@code Embedding} takes, and {@code split}, {@code Trainer.fit(data)} etc. work as for every other set.
 * Ids run from 1 to {@code vocabSize - 1}: id 0 is never used, so it stays free for padding
 * ({@link Vocab#PAD_INDEX}) and an embedding of size {@code vocabSize} fits. Labels are balanced:
 * example {@code i} gets class {@code i % numClasses}, its first token is drawn uniformly among the
 * tokens of that class. The same seed gives the same data.
 */
public final class FirstTokenTask {

    private FirstTokenTask() {
    }

    /**
     * {@code n} sequences of length {@code length} over token ids {@code 1 .. vocabSize-1}, labelled by
     * {@link #label(int, int)} of their first token.
     *
     * @param vocabSize number of ids including the unused padding id 0; needs {@code vocabSize - 1 >= numClasses}
     * @param numClasses number of classes, at least 2
     */
    public static Dataset generate(int n, int length, int vocabSize, int numClasses, long seed) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("need at least 2 classes, but got numClasses = " + numClasses);
        }
        if (n < numClasses) {
            throw new IllegalArgumentException("need at least one sequence per class, but got n = " + n);
        }
        if (length < 1) {
            throw new IllegalArgumentException("sequences need at least one token, but got length = " + length);
        }
        int tokens = vocabSize - 1; // ids 1 .. vocabSize-1
        if (tokens < numClasses) {
            throw new IllegalArgumentException("vocabSize " + vocabSize + " gives " + tokens + " token ids (0 is "
                    + "padding), fewer than the " + numClasses + " classes; every class needs a first token");
        }
        Random random = new Random(seed);
        double[][] x = new double[n][length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % numClasses;
            // the ids of class c are 1 + c, 1 + c + numClasses, 1 + c + 2 numClasses, ... up to vocabSize-1
            int idsOfClass = (tokens - y[i] + numClasses - 1) / numClasses;
            x[i][0] = 1 + y[i] + numClasses * random.nextInt(idsOfClass);
            for (int t = 1; t < length; t++) {
                x[i][t] = 1 + random.nextInt(tokens); // noise: uniform, whatever the label
            }
        }
        return new Dataset(x, y, numClasses);
    }

    /** The label of a sequence that starts with token id {@code firstToken} (1 or more). */
    public static int label(int firstToken, int numClasses) {
        if (firstToken < 1) {
            throw new IllegalArgumentException("token ids start at 1 (0 is padding), but got " + firstToken);
        }
        return (firstToken - 1) % numClasses;
    }
}
