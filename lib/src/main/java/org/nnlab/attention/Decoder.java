package org.nnlab.attention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.rnn.LstmCell;
import org.nnlab.rnn.Recurrent;
import org.nnlab.rnn.State;
import org.nnlab.rnn.Step;

/**
 * The decoder of a {@link Seq2Seq}: an LSTM that writes the output one token at a time, with or without
 * attention over the encoder's states h_1 .. h_T (the keys and values). One step:
 * <pre>
 *   s_t = LSTM(E y_{t-1}, s_{t-1})                              the previous output token goes in
 *   c_t = Attention(query s_t, keys h_1..h_T)                    the context (with attention only)
 *   z_t = W_out [s_t ; c_t] + b_out                              scores over the output vocabulary
 * </pre>
 * Without attention there is no c_t ({@code z_t = W_out s_t + b_out}): all the decoder knows of the input is
 * s_0, the encoder's final state.
 *
 * <p>Why this order (Luong et al. 2015's global attention, not Bahdanau et al.'s, who attend with s_{t-1} and
 * feed c_t INTO the cell): here the cell never sees the context, so under teacher forcing the LSTM runs over all
 * T' inputs at once as an ordinary {@link Recurrent} layer (its fast path), and attention then looks at all
 * steps' states; in Bahdanau's order every step waits for the previous one's attention. The model is a little
 * weaker (the state does not record where it has looked; Luong et al.'s "input feeding" adds that back), but on
 * our tasks it learns the alignment, and it trains several times faster, which a 5-minute lesson needs.
 *
 * <p>Training, teacher forcing: {@link #forward(INDArray, State, INDArray, INDArray)} runs all steps from the
 * embedded true tokens and {@link #backward(INDArray)} goes back through them. Inference: {@link #step} computes
 * ONE step from the token just written (greedy decoding; the same numbers as forward's step t). The output layer
 * z_t is applied by {@link Seq2Seq}, so both end at the features {@code [s_t ; c_t]}. Parameters:
 * {@code embedding.weight}, {@code cell.weight_ih ...} (PyTorch's {@code LSTMCell} names),
 * {@code attention.*} (additive only), {@code output.weight}, {@code output.bias}.
 */
public class Decoder extends Module {

    private final Embedding embedding;
    private final Recurrent lstm;
    private final Attention attention; // null: no attention
    private final Linear output;
    private final int contextSize;     // size of c_t (the encoder states'), 0 without attention

    // cached by forward
    private List<Attention.Output> attended;
    private long[] shape; // [batch, T', hidden]

    /**
     * A decoder over {@code vocabSize} output tokens (id 0 = padding) with embeddings of size {@code dim}, an LSTM
     * of {@code hidden} units, and attention over encoder states of size {@code keyDim} ({@code attention} null:
     * none; it must score queries of size {@code hidden}).
     */
    public Decoder(int vocabSize, int dim, int hidden, int keyDim, Attention attention, DataType dataType) {
        this.embedding = new Embedding(vocabSize, dim, Seq2Seq.PAD, dataType);
        this.attention = attention;
        this.contextSize = attention == null ? 0 : keyDim;
        this.lstm = new Recurrent(new LstmCell(dim, hidden, true, dataType));
        this.output = new Linear(hidden + contextSize, vocabSize, dataType);
    }

    public Embedding embedding() {
        return embedding;
    }

    public LstmCell cell() {
        return (LstmCell) lstm.cell();
    }

    /** The attention, or null for a decoder without it. */
    public Attention attention() {
        return attention;
    }

    public Linear output() {
        return output;
    }

    /** The size of the features {@code [s_t ; c_t]} the output layer reads. */
    public int featureSize() {
        return lstm.cell().hiddenSize() + contextSize;
    }

    /**
     * Teacher forcing: the features {@code [s_t ; c_t]} of all steps, {@code [batch, T', featureSize]}, from the
     * embedded inputs {@code [batch, T', dim]} (E y_0 .. E y_{T'-1}), the start state s_0 and the encoder states
     * {@code keys [batch, T, keyDim]} with their mask.
     */
    public INDArray forward(INDArray embedded, State start, INDArray keys, INDArray mask) {
        INDArray states = lstm.forward(embedded, null, start);            // s_1 .. s_T'  [batch, T', hidden]
        shape = states.shape();
        if (attention == null) {
            attended = null;
            return states;
        }
        long batch = states.size(0);
        int time = (int) states.size(1);
        attended = new ArrayList<>(time);
        INDArray features = Nd4j.create(states.dataType(), batch, time, featureSize());
        for (int t = 0; t < time; t++) {
            INDArray s = Seq2Seq.at(states, t);
            Attention.Output a = attention.attend(s, keys, keys, mask);   // query s_t
            attended.add(a);
            Seq2Seq.put(features, t, Nd4j.hstack(s, a.context()));
        }
        return features;
    }

    /** What {@link #backward(INDArray)} returns besides the parameters' gradients. */
    public record Gradients(INDArray embedded, State start, INDArray keys) {
    }

    /**
     * Back through all steps from dL/d(features): adds the parameters' gradients (not the embedding's: the caller
     * sends dL/d(E y) through it) and returns dL/d(embedded inputs), dL/ds_0 (and dL/dc_0), dL/d(encoder states).
     */
    public Gradients backward(INDArray gradFeatures, INDArray keys) {
        if (shape == null) {
            throw backwardBeforeForward();
        }
        long batch = shape[0];
        int time = (int) shape[1];
        int hidden = (int) shape[2];
        INDArray gradStates = gradFeatures;
        INDArray gradKeys = null;
        if (attention != null) {
            gradStates = Nd4j.create(gradFeatures.dataType(), batch, time, hidden);
            gradKeys = Nd4j.zerosLike(keys);
            for (int t = 0; t < time; t++) {
                INDArray g = Seq2Seq.at(gradFeatures, t);
                INDArray dContext = g.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, hidden + contextSize));
                Attention.Gradients a = attention.backward(attended.get(t), dContext.dup());
                // s_t went to the output layer AND was the query
                Seq2Seq.put(gradStates, t, g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).add(a.query()));
                gradKeys.addi(a.keys()).addi(a.values());                   // every step read the keys (= values)
            }
        }
        INDArray gradEmbedded = lstm.backward(gradStates, null);           // BPTT through the decoder
        return new Gradients(gradEmbedded, lstm.initialStateGradient(), gradKeys);
    }

    /** Use {@link #backward(INDArray, INDArray)}, which needs the keys. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        throw new UnsupportedOperationException(this + ": call backward(gradFeatures, keys)");
    }

    /** The decoder needs a start state and the encoder states: use {@link #forward(INDArray, State, INDArray, INDArray)}. */
    @Override
    public INDArray forward(INDArray input) {
        throw new UnsupportedOperationException(this + " needs a start state and the encoder states: call"
                + " forward(embedded, start, keys, mask), or use Seq2Seq");
    }

    /** One decoder step for inference (no backward): the new state, the features and the attention weights. */
    public record DecoderStep(State state, INDArray features, INDArray weights) {
    }

    /** One step from the embedded token just written {@code [batch, dim]} and the previous state. */
    public DecoderStep step(INDArray embedded, State previous, INDArray keys, INDArray mask) {
        Step s = lstm.cell().step(embedded, previous);                       // s_t = LSTM(E y_{t-1}, s_{t-1})
        if (attention == null) {
            return new DecoderStep(s.state(), s.h(), null);
        }
        Attention.Output a = attention.attend(s.h(), keys, keys, mask);      // c_t from query s_t
        return new DecoderStep(s.state(), Nd4j.hstack(s.h(), a.context()), a.weights());
    }

    /** Its parts by name: {@code embedding.weight}, {@code cell.weight_ih}, ..., {@code attention.*}, {@code output.weight}, {@code output.bias}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("embedding", embedding);
        children.put("cell", lstm); // its parameters are its cell's: PyTorch's LSTMCell names
        if (attention != null) {
            children.put("attention", attention);
        }
        children.put("output", output);
        return children;
    }

    /** For example {@code Decoder(LstmCell(16 -> 64), Attention(scaled dot, d = 64))}. */
    @Override
    public String toString() {
        return "Decoder(" + lstm.cell() + (attention == null ? ", no attention" : ", " + attention) + ")";
    }
}
