package org.nnlab.attention;

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
import org.nnlab.nn.Parameter;
import org.nnlab.rnn.LstmCell;
import org.nnlab.rnn.State;
import org.nnlab.rnn.Step;
import org.nnlab.rnn.StepGradients;

/**
 * The decoder of a {@link Seq2Seq}: an LSTM cell that writes the output one token at a time, with or without
 * attention over the encoder's states h_1 .. h_T (the keys and values).
 * <pre>
 *   c_t = Attention(query s_{t-1}, keys h_1..h_T)              the context (with attention only)
 *   s_t = LSTM([E y_{t-1} ; c_t], s_{t-1})                      the previous output token and the context go in
 *   z_t = W_out [s_t ; c_t] + b_out                             scores over the output vocabulary
 * </pre>
 * Without attention the context is left out everywhere ({@code s_t = LSTM(E y_{t-1}, s_{t-1})},
 * {@code z_t = W_out s_t + b_out}): all the decoder knows of the input is s_0, the encoder's final state.
 *
 * <p>Why this order (Bahdanau et al.'s, not Luong et al.'s, who attend with s_t AFTER the cell): the context is
 * computed from s_{t-1} and fed INTO the cell, so the state that decides the next token already holds what was
 * read from the input, and the cell can keep track of where it has looked (for reversal: one position further
 * to the left each step). The same cell works with both scorings, and one step is a single chain
 * attention → cell → output, so its backward is one chain too.
 *
 * <p>{@link #step} computes one step and returns a {@link DecoderStep} that remembers what its backward needs
 * (as a recurrent cell's Step); {@link #backwardStep} goes back through it. The output layer z_t is applied by
 * {@link Seq2Seq} to all steps at once (one product), so a step ends at the features {@code [s_t ; c_t]}.
 * Parameters: {@code embedding.weight}, {@code cell.weight_ih ...} (PyTorch's {@code LSTMCell} names),
 * {@code attention.*} (additive only), {@code output.weight}, {@code output.bias}.
 */
public class Decoder extends Module {

    private final Embedding embedding;
    private final LstmCell cell;
    private final Attention attention; // null: no attention
    private final Linear output;
    private final int contextSize;     // size of c_t (the encoder states'), 0 without attention

    /**
     * A decoder over {@code vocabSize} output tokens (id 0 = padding) with embeddings of size {@code dim}, an LSTM
     * of {@code hidden} units, and attention over encoder states of size {@code keyDim} ({@code attention} null:
     * none; it must score queries of size {@code hidden}).
     */
    public Decoder(int vocabSize, int dim, int hidden, int keyDim, Attention attention, DataType dataType) {
        this.embedding = new Embedding(vocabSize, dim, Seq2Seq.PAD, dataType);
        this.attention = attention;
        this.contextSize = attention == null ? 0 : keyDim;
        this.cell = new LstmCell(dim + contextSize, hidden, true, dataType);
        this.output = new Linear(hidden + contextSize, vocabSize, dataType);
    }

    public Embedding embedding() {
        return embedding;
    }

    public LstmCell cell() {
        return cell;
    }

    /** The attention, or null for a decoder without it. */
    public Attention attention() {
        return attention;
    }

    public Linear output() {
        return output;
    }

    /** The size of the features {@code [s_t ; c_t]} that a step ends with. */
    public int featureSize() {
        return cell.hiddenSize() + contextSize;
    }

    /** One decoder step: what it computed and what its backward needs. */
    public static final class DecoderStep {
        final Attention.Output attended; // null without attention
        final Step cellStep;
        final INDArray features;         // [s_t ; c_t]

        DecoderStep(Attention.Output attended, Step cellStep, INDArray features) {
            this.attended = attended;
            this.cellStep = cellStep;
            this.features = features;
        }

        /** The new state s_t (and the LSTM's cell state). */
        public State state() {
            return cellStep.state();
        }

        /** {@code [s_t ; c_t]} ({@code s_t} without attention), {@code [batch, featureSize]}: what the output layer reads. */
        public INDArray features() {
            return features;
        }

        /** The attention weights α_t over the input, {@code [batch, T]}; null without attention. */
        public INDArray weights() {
            return attended == null ? null : attended.weights();
        }
    }

    /** What {@link #backwardStep} returns: dL/d(E y_{t-1}), dL/ds_{t-1}, dL/dc^{LSTM}_{t-1}, dL/d(encoder states) or null. */
    public record StepGrad(INDArray embedded, INDArray h, INDArray c, INDArray keys) {
    }

    /**
     * One step from the embedded previous token {@code embedded [batch, dim]} and the previous state; {@code keys}
     * are the encoder states {@code [batch, T, keyDim]} with their mask (unused without attention).
     */
    public DecoderStep step(INDArray embedded, State previous, INDArray keys, INDArray mask) {
        Attention.Output attended = null;
        INDArray x = embedded;
        if (attention != null) {
            attended = attention.attend(previous.h(), keys, keys, mask); // query s_{t-1}
            x = Nd4j.hstack(embedded, attended.context());               // [E y_{t-1} ; c_t]
        }
        Step s = cell.step(x, previous);
        INDArray features = attended == null ? s.h() : Nd4j.hstack(s.h(), attended.context());
        return new DecoderStep(attended, s, features);
    }

    /**
     * The backward of one step from dL/d(features) (from the output layer), dL/ds_t and dL/dc_t (carried back from
     * step t + 1; null = 0). Adds the parameters' gradients (not the embedding's: the caller collects dL/d(E y) of
     * all steps and sends them through the embedding once).
     */
    public StepGrad backwardStep(DecoderStep step, INDArray gradFeatures, INDArray gradH, INDArray gradC) {
        int hidden = cell.hiddenSize();
        INDArray dh = cols(gradFeatures, 0, hidden);
        if (gradH != null) {
            dh.addi(gradH);                                   // s_t went to the output AND to step t + 1
        }
        StepGradients g = cell.backwardStep(step.cellStep, dh, gradC);
        int dim = embedding.dim();
        if (attention == null) {
            return new StepGrad(g.input(), g.h(), g.c(), null);
        }
        // c_t went to the output layer and into the cell
        INDArray dContext = cols(gradFeatures, hidden, hidden + contextSize).addi(cols(g.input(), dim, dim + contextSize));
        Attention.Gradients a = attention.backward(step.attended, dContext);
        INDArray dPrevious = g.h().add(a.query());               // s_{t-1} was the query too
        return new StepGrad(cols(g.input(), 0, dim), dPrevious, g.c(), a.keys().addi(a.values())); // keys = values
    }

    /** Columns from .. to (exclusive), copied. */
    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    /** A decoder is driven step by step: use {@link #step} (or {@link Seq2Seq}). */
    @Override
    public INDArray forward(INDArray input) {
        throw new UnsupportedOperationException(this + " runs step by step: call step(embedded, state, keys, mask),"
                + " or use Seq2Seq, which runs the whole output");
    }

    /** A decoder is driven step by step: use {@link #backwardStep}. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        throw new UnsupportedOperationException(this + ": call backwardStep(step, gradFeatures, gradH, gradC)");
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** {@code embedding.weight}, {@code cell.weight_ih}, ..., {@code attention.*}, {@code output.weight}, {@code output.bias}. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("embedding.weight", embedding.weight());
        cell.namedParameters().forEach((n, p) -> named.put("cell." + n, p));
        if (attention != null) {
            attention.namedParameters().forEach((n, p) -> named.put("attention." + n, p));
        }
        output.namedParameters().forEach((n, p) -> named.put("output." + n, p));
        return named;
    }

    /** For example {@code Decoder(LstmCell(80 -> 64), Attention(scaled dot, d = 64))}. */
    @Override
    public String toString() {
        return "Decoder(" + cell + (attention == null ? ", no attention" : ", " + attention) + ")";
    }
}
