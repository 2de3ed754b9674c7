package org.nnlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.tensor.NativeFloats;

/**
 * The fast path of {@link DeepAveragingNetwork}: the embedding lookup and the masked average in one step,
 * as PyTorch's {@code nn.EmbeddingBag(mode="mean")}. It computes what {@link Embedding} followed by
 * {@link MeanOverTime} compute,
 * <pre>
 *   a_b = Σ_t w[b, t] E[ids[b, t]]          with w[b, t] = mask[b, t] / n_b
 *   dL/dE[k] += Σ_{(b, t): ids[b, t] = k} w[b, t] dL/da_b
 * </pre>
 * without building the {@code [batch, time, dim]} array of looked-up vectors: it gathers the rows of the
 * distinct words of the batch once ({@link NativeFloats#readRows}), sums them in Java loops over
 * {@code float[]}, and adds the gradient to those rows only, naming them to the weight's row-sparse gradient. FLOAT on the CPU only; the readable path serves every other case.
 */
final class FastAverage {

    private final int batch;
    private final int time;
    private final int dim;
    private final int[] slot;      // [batch * time]: position of the word among the distinct rows, -1 if unused
    private final float[] weight;  // [batch * time]: mask[b, t] / n_b
    private final int[] rows;      // the distinct words used, in order of first use
    private final INDArray average;

    private FastAverage(int batch, int time, int dim, int[] slot, float[] weight, int[] rows, INDArray average) {
        this.batch = batch;
        this.time = time;
        this.dim = dim;
        this.slot = slot;
        this.weight = weight;
        this.rows = rows;
        this.average = average;
    }

    /** True for a FLOAT weight on the CPU (row-major, no gaps) and indices in a 2-d array. */
    static boolean applies(INDArray weight, INDArray ids) {
        return ids.rank() == 2 && NativeFloats.copyable(weight);
    }

    /** The average {@code [batch, dim]} of the masked word vectors; checks the indices as Embedding does. */
    static FastAverage forward(Embedding embedding, INDArray ids, INDArray mask) {
        int batch = (int) ids.size(0);
        int time = (int) ids.size(1);
        int dim = embedding.dim();
        int vocab = embedding.vocabSize();
        double[] idValues = ids.dup('c').data().asDouble();
        float[] m = mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] slot = new int[batch * time];
        float[] w = new float[batch * time];
        int[] slotOfWord = new int[vocab];
        Arrays.fill(slotOfWord, -1);
        int[] rows = new int[Math.min(batch * time, vocab)];
        int distinct = 0;
        for (int b = 0; b < batch; b++) {
            float n = 0;
            for (int t = 0; t < time; t++) {
                n += m[b * time + t];
            }
            if (n == 0) {
                throw new IllegalArgumentException("DeepAveragingNetwork: text " + b
                        + " of the batch has no word (all padding), so it has no average");
            }
            for (int t = 0; t < time; t++) {
                int i = b * time + t;
                double v = idValues[i];
                if (v != Math.rint(v) || v < 0 || v >= vocab) {
                    throw new IllegalArgumentException(embedding + ": index " + v + " at [" + b + ", " + t
                            + "] is not a whole number in the vocabulary 0.." + (vocab - 1));
                }
                slot[i] = -1;
                if (m[i] != 0) {
                    int k = (int) v;
                    if (slotOfWord[k] < 0) {
                        slotOfWord[k] = distinct;
                        rows[distinct++] = k;
                    }
                    slot[i] = slotOfWord[k];
                    w[i] = m[i] / n; // the same float weight as MeanOverTime's mask / n
                }
            }
        }
        rows = Arrays.copyOf(rows, distinct);
        // the vectors of the distinct words, one gather: vectors[j * dim + k] = E[rows[j], k]
        float[] vectors = NativeFloats.readRows(embedding.weight().value(), rows, new float[distinct * dim]);
        float[] a = new float[batch * dim];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int j = slot[b * time + t];
                if (j >= 0) {
                    float wt = w[b * time + t];
                    for (int k = 0; k < dim; k++) {
                        a[b * dim + k] += wt * vectors[j * dim + k];
                    }
                }
            }
        }
        INDArray average = Nd4j.create(DataType.FLOAT, batch, dim);
        NativeFloats.write(a, 0, average);
        return new FastAverage(batch, time, dim, slot, w, rows, average);
    }

    /** The average {@code [batch, dim]}. */
    INDArray average() {
        return average;
    }

    /** Adds the gradient to the rows of the words used; returns dL/d(ids) = 0 {@code [batch, time]}. */
    INDArray backward(INDArray gradAverage, Parameter embeddingWeight) {
        float[] g = NativeFloats.read(gradAverage.dup('c'), new float[batch * dim], 0);
        INDArray grad = embeddingWeight.grad();
        float[] perRow = NativeFloats.readRows(grad, rows, new float[rows.length * dim]); // adds to what is there
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int j = slot[b * time + t];
                if (j >= 0) {
                    float wt = weight[b * time + t];
                    for (int k = 0; k < dim; k++) {
                        perRow[j * dim + k] += wt * g[b * dim + k];
                    }
                }
            }
        }
        NativeFloats.writeRows(perRow, grad, rows); // dL/dE[rows[j]] = what it was + the sums above
        embeddingWeight.addedToGradientRows(rows);
        return Nd4j.zeros(DataType.FLOAT, batch, time); // the indices get no gradient
    }
}
