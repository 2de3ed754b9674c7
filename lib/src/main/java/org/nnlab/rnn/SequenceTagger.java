package org.nnlab.rnn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.data.LengthBatches;
import org.nnlab.data.PaddedBatch;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.PerStep;

/**
 * A bidirectional LSTM tagger (many-to-many): one tag per word, chosen from the words on both sides.
 * <pre>
 *   ids [batch, time]  (padded word indices; index 0 = padding)
 *   mask[b, t] = 1 if ids[b, t] ≠ 0, else 0
 *   e = E[ids]                                      Embedding              [batch, time, dim]
 *   h→_t, h←_t = BiLSTM(e, mask)                    RecurrentStack.lstm(dim, hidden, layers, true)
 *   z_t = V [h→_t ; h←_t] + c                       PerStep(Linear)        [batch, time, tags]
 * </pre>
 * h→_t has read the sentence up to word t, h←_t from its end back to word t, so z_t sees the whole
 * sentence. Train it with {@link org.nnlab.nn.loss.SequenceCrossEntropyLoss} (label -1 at padding); the
 * mask comes from the indices, so padded positions neither change the real words' scores nor get a
 * gradient. Backward is backpropagation through time in both directions.
 */
public class SequenceTagger extends Module {

    /** The padding index. */
    public static final int PAD = 0;

    private final Embedding embedding;
    private final RecurrentStack lstm;
    private final PerStep output;

    /**
     * A tagger over {@code vocabSize} words with embeddings of size {@code dim}, a bidirectional LSTM of
     * {@code hidden} units per direction and {@code layers} layers, and {@code tags} scores per word (FLOAT).
     */
    public SequenceTagger(int vocabSize, int dim, int hidden, int layers, int tags) {
        if (tags < 2) {
            throw new IllegalArgumentException("SequenceTagger needs at least 2 tags but got " + tags);
        }
        this.embedding = new Embedding(vocabSize, dim, PAD, DataType.FLOAT);
        this.lstm = RecurrentStack.lstm(dim, hidden, layers, true);
        this.output = new PerStep(new Linear(lstm.outputSize(), tags));
    }

    public Embedding embedding() { return embedding; }

    public RecurrentStack lstm() { return lstm; }

    public PerStep output() { return output; }

    /** The tag scores {@code [batch, time, tags]} of padded sentences {@code ids [batch, time]}. */
    @Override
    public INDArray forward(INDArray ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + " expects padded word indices [batch, time] but got "
                    + Arrays.toString(ids.shape()) + " (use PaddedBatch.idsArray())");
        }
        INDArray mask = ids.neq(PAD).castTo(embedding.weight().value().dataType());
        INDArray e = embedding.forward(ids);              // [batch, time, dim]
        INDArray h = lstm.forward(e, mask);               // [batch, time, 2 · hidden]
        return output.forward(h);                         // [batch, time, tags]
    }

    /** BPTT in both directions from dL/d(scores); the gradient for the (whole-number) indices is 0. */
    @Override
    public INDArray backward(INDArray gradScores) {
        INDArray gradH = output.backward(gradScores);
        INDArray gradE = lstm.backward(gradH);
        return embedding.backward(gradE);
    }

    /**
     * The highest-scoring tag of every word, one {@code int[]} per sentence, computed in evaluation mode
     * in batches of sentences of similar length.
     */
    public int[][] predict(List<int[]> sentences) {
        boolean wasTraining = isTraining();
        eval();
        int[][] tags = new int[sentences.size()][];
        for (int[] batch : LengthBatches.of(sentences, 256, 0)) {
            List<int[]> rows = Arrays.stream(batch).mapToObj(sentences::get).toList();
            INDArray best = forward(PaddedBatch.of(rows).idsArray().castTo(DataType.FLOAT)).argMax(2); // [batch, time]
            for (int k = 0; k < batch.length; k++) {
                tags[batch[k]] = Arrays.copyOf(best.getRow(k).toIntVector(), rows.get(k).length);
            }
        }
        setTraining(wasTraining);
        return tags;
    }

    /** Parameters {@code embedding.weight}, {@code lstm.weight_ih_l0}, ..., {@code output.weight}, {@code output.bias}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("embedding", embedding);
        children.put("lstm", lstm);
        children.put("output", output);
        return children;
    }

    @Override
    public String toString() {
        return "SequenceTagger(" + embedding + ", " + lstm + ", " + output + ")";
    }
}
