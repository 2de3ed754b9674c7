package org.nnlab.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Module;
import org.nnlab.rnn.Bidirectional;
import org.nnlab.rnn.LstmCell;
import org.nnlab.rnn.State;

/**
 * An encoder-decoder (sequence to sequence): a bidirectional LSTM reads the input, a {@link Decoder} writes the
 * output one token at a time.
 * <pre>
 *   h_1 .. h_T = BiLSTM(E_src x_1 .. x_T)                  the encoder states, [→h_j ; ←h_j] each
 *   s_0 = [→h_T ; ←h_1]                                     (and the LSTM cell states likewise)
 *   s_t, z_t = Decoder(y_{t-1}, s_{t-1}, h_1 .. h_T)        t = 1, 2, ...;  y_0 = BOS
 * </pre>
 * <b>Training with teacher forcing</b> ({@link #forward(INDArray, INDArray)}): the decoder's input at step t is
 * the TRUE previous token y_{t-1}, not its own guess, so all steps are scored in one pass and the loss is the
 * cross-entropy of every step (a {@link org.nnlab.nn.loss.SequenceCrossEntropyLoss}, -1 at padding; a
 * {@link Batch} makes the inputs and labels). <b>Inference by greedy decoding</b> ({@link #greedy}): the
 * decoder's own most likely token is fed back in, until it writes EOS.
 *
 * <p>Without attention the whole input must pass through s_0, one fixed-size vector: the bottleneck. With
 * attention every step reads the encoder states it needs. Token ids: {@link #PAD} = 0, {@link #BOS} = 1,
 * {@link #EOS} = 2, the rest are the task's. Parameters: {@code source_embedding.weight}, {@code encoder.*}
 * ({@link Bidirectional}'s names), {@code decoder.*} ({@link Decoder}'s).
 */
public class Seq2Seq extends Module {

    /** Padding. */
    public static final int PAD = 0;
    /** Begin of sequence: the decoder's first input. */
    public static final int BOS = 1;
    /** End of sequence: the decoder's last output. */
    public static final int EOS = 2;

    private final Embedding sourceEmbedding;
    private final Bidirectional encoder;
    private final Decoder decoder;

    // cached by forward
    private INDArray encoded;            // h_1 .. h_T [batch, T, 2 · hidden]
    private INDArray mask;               // [batch, T]
    private State start;                 // s_0
    private long[] targetShape;

    /** How the decoder attends: not at all, additively, or by the scaled dot product. */
    public enum AttentionKind { NONE, ADDITIVE, DOT }

    /**
     * A model over {@code vocabSize} token ids (the same ids in and out), embeddings of size {@code dim}, an encoder
     * of {@code hidden} units per direction and a decoder of {@code 2 · hidden} units, FLOAT.
     */
    public Seq2Seq(int vocabSize, int dim, int hidden, AttentionKind kind) {
        this(vocabSize, dim, hidden, kind, DataType.FLOAT);
    }

    /** As above, with parameters of the given data type. */
    public Seq2Seq(int vocabSize, int dim, int hidden, AttentionKind kind, DataType dataType) {
        this.sourceEmbedding = new Embedding(vocabSize, dim, PAD, dataType);
        this.encoder = new Bidirectional(new LstmCell(dim, hidden, true, dataType), new LstmCell(dim, hidden, true, dataType));
        int states = 2 * hidden; // encoder states and decoder state have the same size: the dot product needs it
        Attention attention = switch (kind) {
            case NONE -> null;
            case ADDITIVE -> new Attention(Attention.Scoring.ADDITIVE, states, states, states, dataType);
            case DOT -> new Attention(Attention.Scoring.SCALED_DOT, states, states, 0, dataType);
        };
        this.decoder = new Decoder(vocabSize, dim, states, states, attention, dataType);
    }

    public Embedding sourceEmbedding() {
        return sourceEmbedding;
    }

    public Bidirectional encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    /** The scores {@code [batch, Tout, vocab]} of every output step under teacher forcing. */
    public INDArray forward(INDArray source, INDArray targetIn) {
        checkIds("source", source);
        checkIds("targetIn", targetIn);
        State start = encode(source);
        INDArray embedded = decoder.embedding().forward(targetIn);   // E y_0 .. E y_{T'-1}, [batch, T', dim]
        long batch = targetIn.size(0);
        int time = (int) targetIn.size(1);
        INDArray features = decoder.forward(embedded, start, encoded, mask);
        targetShape = targetIn.shape();
        // the output layer for all steps in one product
        INDArray scores = decoder.output().forward(features.reshape(batch * time, decoder.featureSize()));
        return scores.reshape(batch, time, scores.size(1));
    }

    /** The encoder states h_1 .. h_T of the last forward or greedy call, {@code [batch, T, 2 · hidden]}. */
    public INDArray encoded() {
        return encoded;
    }

    /** The source mask of the last forward or greedy call, {@code [batch, T]}. */
    public INDArray mask() {
        return mask;
    }

    /** s_0 (and the LSTM cell state) of the last forward or greedy call: the encoder's final states side by side. */
    public State startState() {
        return start;
    }

    /** Runs the encoder; keeps its states, mask and s_0 and returns s_0. */
    private State encode(INDArray source) {
        DataType type = sourceEmbedding.weight().value().dataType();
        mask = source.neq(PAD).castTo(type);
        for (double length : mask.sum(1).toDoubleVector()) {
            if (length == 0) {
                throw new IllegalArgumentException(this + ": a source sequence is empty (all padding)");
            }
        }
        encoded = encoder.forward(sourceEmbedding.forward(source), mask);
        State f = encoder.forwardLayer().lastState();
        State b = encoder.backwardLayer().lastState();
        start = State.of(Nd4j.hstack(f.h(), b.h()), Nd4j.hstack(f.c(), b.c()));
        return start;
    }

    /** Backward through the decoder steps (t = T' .. 1), then the encoder; returns zeros for the token ids. */
    @Override
    public INDArray backward(INDArray gradScores) {
        if (targetShape == null) {
            throw backwardBeforeForward();
        }
        long batch = targetShape[0];
        int time = (int) targetShape[1];
        checkGradShape(gradScores, new long[] {batch, time, decoder.output().out()});
        INDArray gradFeatures = decoder.output().backward(gradScores.reshape(batch * time, gradScores.size(2)))
                .reshape(batch, time, decoder.featureSize());
        Decoder.Gradients g = decoder.backward(gradFeatures, encoded);
        decoder.embedding().backward(g.embedded());
        INDArray dh = g.start().h();
        INDArray dc = g.start().c();
        // s_0 = [→h_T ; ←h_1]: its gradient splits into the two directions' final states
        int hidden = encoder.forwardLayer().cell().hiddenSize();
        State forwardLast = State.of(cols(dh, 0, hidden), cols(dc, 0, hidden));
        State backwardLast = State.of(cols(dh, hidden, 2 * hidden), cols(dc, hidden, 2 * hidden));
        INDArray gradSource = encoder.backward(g.keys(), forwardLast, backwardLast);
        return sourceEmbedding.backward(gradSource);
    }

    /** What greedy decoding wrote: the tokens of each sequence (without EOS) and the attention weights of each step. */
    public record Decoded(int[][] tokens, double[][][] weights) {
    }

    /**
     * Greedy decoding: from BOS, each step feeds back the decoder's most likely token, until EOS or
     * {@code maxLength} tokens. Runs in evaluation mode and keeps nothing for backward. {@code weights[b][t]} are
     * the attention weights of output step t over the input (null without attention).
     */
    public Decoded greedy(INDArray source, int maxLength) {
        checkIds("source", source);
        State state = encode(source);
        targetShape = null;
        int batch = (int) source.size(0);
        int[][] written = new int[batch][maxLength];
        int[] lengths = new int[batch];
        boolean[] done = new boolean[batch];
        double[][][] weights = decoder.attention() == null ? null : new double[batch][maxLength][];
        INDArray previous = Nd4j.valueArrayOf(new long[] {batch}, (double) BOS, DataType.INT);
        for (int t = 0; t < maxLength; t++) {
            Decoder.DecoderStep step = decoder.step(decoder.embedding().forward(previous), state, encoded, mask);
            state = step.state();
            int[] next = decoder.output().forward(step.features()).argMax(1).toIntVector();
            boolean all = true;
            for (int b = 0; b < batch; b++) {
                if (!done[b]) {
                    if (weights != null) {
                        weights[b][t] = step.weights().getRow(b).toDoubleVector();
                    }
                    if (next[b] == EOS) {
                        done[b] = true;
                    } else {
                        written[b][lengths[b]++] = next[b];
                    }
                }
                all &= done[b];
            }
            if (all) {
                break;
            }
            previous = Nd4j.createFromArray(next);
        }
        int[][] tokens = new int[batch][];
        for (int b = 0; b < batch; b++) {
            tokens[b] = Arrays.copyOf(written[b], lengths[b]);
            if (weights != null) {
                // the steps that wrote a token, and the one that wrote EOS
                weights[b] = Arrays.copyOf(weights[b], Math.min(maxLength, lengths[b] + 1));
            }
        }
        return new Decoded(tokens, weights);
    }

    /** Greedy decoding of sequences of token ids, in batches of {@code batchSize}. */
    public Decoded greedy(List<int[]> sources, int maxLength, int batchSize) {
        List<int[]> tokens = new ArrayList<>();
        List<double[][]> weights = new ArrayList<>();
        for (int from = 0; from < sources.size(); from += batchSize) {
            List<int[]> part = sources.subList(from, Math.min(sources.size(), from + batchSize));
            Decoded d = greedy(Batch.pad(part, 0), maxLength);
            tokens.addAll(Arrays.asList(d.tokens()));
            if (d.weights() != null) {
                weights.addAll(Arrays.asList(d.weights()));
            }
        }
        return new Decoded(tokens.toArray(new int[0][]),
                decoder.attention() == null ? null : weights.toArray(new double[0][][]));
    }

    /**
     * A training batch: {@code source [batch, T]} padded with PAD; {@code targetIn [batch, T'+1]} = BOS y_1 .. y_n
     * (the decoder's inputs under teacher forcing); {@code labels} = y_1 .. y_n EOS, -1 at padding.
     */
    public record Batch(INDArray source, INDArray targetIn, INDArray labels) {

        /** The batch of the given token sequences (ids from 3 up) and their targets. */
        public static Batch of(List<int[]> sources, List<int[]> targets) {
            if (sources.size() != targets.size() || sources.isEmpty()) {
                throw new IllegalArgumentException("a batch needs as many targets as sources, at least one, but got "
                        + sources.size() + " sources and " + targets.size() + " targets");
            }
            int longest = targets.stream().mapToInt(t -> t.length).max().orElse(0) + 1;
            int[][] in = new int[targets.size()][longest];
            int[][] labels = new int[targets.size()][longest];
            for (int b = 0; b < targets.size(); b++) {
                int[] y = targets.get(b);
                Arrays.fill(labels[b], -1);
                in[b][0] = BOS;
                for (int t = 0; t < y.length; t++) {
                    in[b][t + 1] = y[t];
                    labels[b][t] = y[t];
                }
                labels[b][y.length] = EOS;
            }
            return new Batch(pad(sources, 0), Nd4j.createFromArray(in), Nd4j.createFromArray(labels));
        }

        /** Sequences of ids as {@code [batch, longest]} (at least {@code minLength}), PAD after each one's end. */
        static INDArray pad(List<int[]> sequences, int minLength) {
            int longest = Math.max(minLength, sequences.stream().mapToInt(s -> s.length).max().orElse(0));
            int[][] ids = new int[sequences.size()][longest];
            for (int b = 0; b < sequences.size(); b++) {
                int[] s = sequences.get(b);
                for (int t = 0; t < s.length; t++) {
                    if (s[t] <= EOS) {
                        throw new IllegalArgumentException("token ids 0, 1 and 2 are PAD, BOS and EOS; a sequence"
                                + " holds only ids from 3 up, but got " + s[t] + " at position " + t);
                    }
                    ids[b][t] = s[t];
                }
            }
            return Nd4j.createFromArray(ids);
        }
    }

    @Override
    public INDArray forward(INDArray input) {
        throw new UnsupportedOperationException(this + " needs the source and the decoder's inputs: forward(source,"
                + " targetIn) for training (teacher forcing), greedy(source, maxLength) to translate");
    }

    /** Its parts by name: {@code source_embedding.weight}, {@code encoder.*}, {@code decoder.*}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("source_embedding", sourceEmbedding);
        children.put("encoder", encoder);
        children.put("decoder", decoder);
        return children;
    }

    @Override
    public String toString() {
        return "Seq2Seq(" + encoder + ", " + decoder + ")";
    }

    /** Step t of {@code [batch, T, d]} as {@code [batch, d]}, copied (an interval, not a point: safe for batch 1). */
    static INDArray at(INDArray a, int t) {
        return SelfAttention.at(a, t);
    }

    /** Writes {@code row [batch, d]} into step t of {@code a [batch, T, d]}. */
    static void put(INDArray a, int t, INDArray row) {
        a.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1), NDArrayIndex.all()).assign(row.reshape(a.size(0), 1, a.size(2)));
    }

    private static INDArray cols(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup();
    }

    private void checkIds(String what, INDArray ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + " expects " + what + " token ids [batch, time] but got "
                    + Arrays.toString(ids.shape()) + " (Seq2Seq.Batch.of(sources, targets) makes them)");
        }
    }
}
