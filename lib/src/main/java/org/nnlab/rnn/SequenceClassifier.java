package org.nnlab.rnn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.MeanOverTime;
import org.nnlab.nn.Module;

/**
 * A recurrent text classifier (many-to-one): read the words one by one, summarise the sequence in one
 * vector, and score the classes from it.
 * <pre>
 *   ids [batch, time]  (padded word indices; index 0 = padding)
 *   mask[b, t] = 1 if ids[b, t] ≠ 0, else 0
 *   e = E[ids]                                       Embedding   [batch, time, dim]
 *   h_1 .. h_T = Recurrent(e, mask)                  RNN/LSTM/GRU [batch, time, hidden]
 *   s = h_last (the last real word's state)  or      Pooling.LAST
 *   s_b = (1 / n_b) Σ_t mask[b, t] h[b, t, :]        Pooling.MEAN  [batch, hidden]
 *   z = W s + b                                      Linear      [batch, classes]
 * </pre>
 * As in {@link org.nnlab.nn.DeepAveragingNetwork} the mask is recomputed from the indices, so the whole
 * network is an ordinary {@link Module} with one input that the plain {@link org.nnlab.train.Trainer}
 * trains on rows of a padded matrix. Backward is backpropagation through time from the pooled state.
 */
public class SequenceClassifier extends Module {

    /** How the hidden states become one vector per sequence. */
    public enum Pooling { LAST, MEAN }

    /** The padding index. */
    public static final int PAD = 0;

    private final Embedding embedding;
    private final Recurrent recurrent;
    private final Pooling pooling;
    private final MeanOverTime mean = new MeanOverTime();
    private final Linear output;
    private INDArray lastMask;

    /**
     * A classifier over a vocabulary of {@code vocabSize} words with embeddings of the cell's input size,
     * the given cell (e.g. {@code new LstmCell(dim, hidden)}), pooling LAST or MEAN, and {@code classes} scores.
     */
    public SequenceClassifier(int vocabSize, RecurrentCell cell, Pooling pooling, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("SequenceClassifier needs at least 2 classes but got " + classes);
        }
        this.recurrent = new Recurrent(cell);
        this.pooling = pooling;
        this.embedding = new Embedding(vocabSize, cell.inputSize(), PAD, cell.dataType());
        this.output = new Linear(cell.hiddenSize(), classes, cell.dataType());
    }

    public Embedding embedding() { return embedding; }

    public Recurrent recurrent() { return recurrent; }

    public Linear output() { return output; }

    public Pooling pooling() { return pooling; }

    /** The class scores {@code [batch, classes]} of padded texts {@code ids [batch, time]}. */
    @Override
    public INDArray forward(INDArray ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + " expects padded word indices [batch, time] but got "
                    + java.util.Arrays.toString(ids.shape()) + " (use PaddedBatch.idsArray())");
        }
        DataType type = embedding.weight().value().dataType();
        lastMask = ids.neq(PAD).castTo(type);
        INDArray e = embedding.forward(ids);
        INDArray h = recurrent.forward(e, lastMask);
        INDArray s = pooling == Pooling.LAST ? recurrent.lastHidden() : mean.forward(h, lastMask);
        return output.forward(s);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastMask == null) {
            throw backwardBeforeForward();
        }
        INDArray gradS = output.backward(gradOutput);
        INDArray gradE = pooling == Pooling.LAST ? recurrent.backwardLast(gradS)
                : recurrent.backward(mean.backward(gradS));
        return embedding.backward(gradE);
    }

    /** The predicted class of each text (the highest score), computed in evaluation mode. */
    public int[] predict(INDArray ids) {
        boolean wasTraining = isTraining();
        eval();
        INDArray scores = forward(ids);
        setTraining(wasTraining);
        return scores.argMax(1).toIntVector();
    }

    /** Parameters {@code embedding.weight}, {@code recurrent.weight_ih}, ..., {@code output.weight}, {@code output.bias}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("embedding", embedding);
        children.put("recurrent", recurrent);
        children.put("mean", mean);
        children.put("output", output);
        return children;
    }

    @Override
    public String toString() {
        return "SequenceClassifier(" + embedding + ", " + recurrent + ", " + pooling + ", " + output + ")";
    }
}
