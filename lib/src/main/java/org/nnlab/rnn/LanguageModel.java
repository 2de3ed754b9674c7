package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.data.CharVocab;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.PerStep;
import org.nnlab.nn.Sampling;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;

/**
 * A recurrent language model: it reads tokens (characters or words) one at a time and gives, at every
 * step, scores for the NEXT token.
 * <pre>
 *   ids [batch, time]  -&gt;  Embedding  -&gt;  x_t           [batch, time, embedding]
 *                      -&gt;  Recurrent (LSTM)  -&gt;  h_t    [batch, time, hidden]
 *                      -&gt;  Linear at every step  -&gt;  z_t = h_t · Vᵀ + b   [batch, time, vocab]
 *   P(token_{t+1} = k | token_1 .. token_t) = softmax(z_t)[k]
 * </pre>
 * Training: the targets are the inputs shifted by one ({@link CharVocab#chunks(int[], int)}), the loss is
 * the mean cross-entropy per token ({@link SequenceCrossEntropyLoss}, label -1 = padding). The model is an
 * ordinary {@link Module} from an index matrix {@code [N, T]} to scores {@code [N, T, vocab]}, so the
 * plain {@link org.nnlab.train.Trainer} trains it: {@code trainer.fit(x, y)} with x and y {@code [N, T]}.
 * Each row starts from the zero state; padding at the END of a row (index 0 with label -1) does not
 * change the predictions before it, because a step only sees the tokens before it.
 *
 * <p>Perplexity is {@code exp(mean loss per token)} ({@link #perplexity(double)}): the number of equally
 * likely tokens the model is, on average, as unsure as. A uniform guess over V tokens has perplexity V.
 *
 * <p>Generation ({@link #sample}) and looking inside ({@link #trace}) run the cell step by step with its
 * public {@link RecurrentCell#step} and carry the state from one token to the next, exactly as
 * {@link Recurrent} does inside forward; {@link #trace(INDArray, int...)} can also ablate hidden units
 * (set their h to 0 at every step) to see what they are for.
 */
public class LanguageModel extends Module {

    private final Embedding embedding;
    private final Recurrent rnn;
    private final Linear linear;
    private final PerStep output;

    /**
     * An LSTM language model over {@code vocabSize} tokens: embeddings of size {@code embeddingSize}, an
     * LSTM with {@code hiddenSize} units, FLOAT parameters (seed with {@code Nnlab.seed} first).
     */
    public LanguageModel(int vocabSize, int embeddingSize, int hiddenSize) {
        this(vocabSize, embeddingSize, hiddenSize, DataType.FLOAT);
    }

    /** As {@link #LanguageModel(int, int, int)}, with parameters of the given data type. */
    public LanguageModel(int vocabSize, int embeddingSize, int hiddenSize, DataType dataType) {
        this(new Embedding(vocabSize, embeddingSize, dataType),
                new Recurrent(new LstmCell(embeddingSize, hiddenSize, true, dataType)),
                new Linear(hiddenSize, vocabSize, dataType));
    }

    /** A language model from its three parts (any cell: RNN, LSTM or GRU); their sizes must fit together. */
    public LanguageModel(Embedding embedding, Recurrent rnn, Linear linear) {
        if (embedding.dim() != rnn.cell().inputSize() || rnn.cell().hiddenSize() != linear.in()
                || linear.out() != embedding.vocabSize()) {
            throw new IllegalArgumentException("LanguageModel: the sizes do not fit: " + embedding + " -> " + rnn
                    + " -> " + linear + " (need embedding dim = cell input, cell hidden = linear in,"
                    + " linear out = vocabulary size)");
        }
        this.embedding = embedding;
        this.rnn = rnn;
        this.linear = linear;
        this.output = new PerStep(linear);
    }

    /** The token vectors. */
    public Embedding embedding() {
        return embedding;
    }

    /** The recurrent layer. */
    public Recurrent rnn() {
        return rnn;
    }

    /** The output layer, applied at every step. */
    public Linear output() {
        return linear;
    }

    /** The number of tokens the model knows. */
    public int vocabSize() {
        return embedding.vocabSize();
    }

    /** The number of hidden units. */
    public int hiddenSize() {
        return rnn.cell().hiddenSize();
    }

    // ---------------------------------------------------------------- forward and backward (training)

    /** Scores for the next token at every step: ids {@code [batch, time]} to {@code [batch, time, vocab]}. */
    @Override
    public INDArray forward(INDArray ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + " expects token ids [batch, time] but got "
                    + Arrays.toString(ids.shape()) + (ids.rank() == 1 ? "; for one sequence use ids.reshape(1, n)" : ""));
        }
        INDArray x = embedding.forward(ids);   // [batch, time, embedding]
        INDArray h = rnn.forward(x, null);     // [batch, time, hidden]
        return output.forward(h);              // [batch, time, vocab]
    }

    /** Backward through output layer, BPTT, embedding; returns zeros (ids are not differentiable). */
    @Override
    public INDArray backward(INDArray gradScores) {
        INDArray gradH = output.backward(gradScores);
        INDArray gradX = rnn.backward(gradH);
        return embedding.backward(gradX);
    }

    /** The parameters: embedding, then the recurrent layer's, then the output layer's. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(embedding.parameters());
        list.addAll(rnn.parameters());
        list.addAll(linear.parameters());
        return List.copyOf(list);
    }

    /** {@code embedding.weight}, {@code rnn.weight_ih}, ..., {@code output.weight}, {@code output.bias}. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        embedding.namedParameters().forEach((k, v) -> named.put("embedding." + k, v));
        rnn.namedParameters().forEach((k, v) -> named.put("rnn." + k, v));
        linear.namedParameters().forEach((k, v) -> named.put("output." + k, v));
        return named;
    }

    // ---------------------------------------------------------------- evaluation

    /**
     * The mean loss per token on inputs x and targets y ({@code [N, T]}, label -1 = padding), computed
     * {@code batchSize} rows at a time so that a long validation text fits in memory.
     */
    public double loss(INDArray x, INDArray y, int batchSize) {
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        double sum = 0;
        long count = 0;
        long n = x.size(0);
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            INDArray xb = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray yb = y.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            long real = yb.neq(SequenceCrossEntropyLoss.IGNORE).castTo(DataType.INT).sumNumber().longValue();
            sum += loss.forward(forward(xb), yb) * real; // the loss is a mean over the real tokens
            count += real;
        }
        return sum / count;
    }

    /** Perplexity = exp(mean loss per token): e.g. a loss of ln 65 gives 65, a uniform guess over 65 characters. */
    public static double perplexity(double lossPerToken) {
        return Math.exp(lossPerToken);
    }

    // ---------------------------------------------------------------- step by step: looking inside, ablation

    /**
     * What the model computes at every step when it reads {@code ids} ({@code [batch, time]}), one step at a
     * time: the scores for the next token, the hidden states h_t and (LSTM) cell states c_t. The units in
     * {@code ablated} are switched off: their h_t is set to 0 after every step, so neither the output nor
     * the next step sees them. Without ablation the scores equal {@link #forward}'s.
     */
    public Trace trace(INDArray ids, int... ablated) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + ".trace expects token ids [batch, time] but got "
                    + Arrays.toString(ids.shape()));
        }
        RecurrentCell cell = rnn.cell();
        INDArray keep = Nd4j.ones(cell.dataType(), 1, hiddenSize()); // 1 = unit on, 0 = ablated
        for (int unit : ablated) {
            if (unit < 0 || unit >= hiddenSize()) {
                throw new IllegalArgumentException("cannot ablate unit " + unit + ": the units are 0.." + (hiddenSize() - 1));
            }
            keep.putScalar(0, unit, 0);
        }
        long batch = ids.size(0);
        int time = (int) ids.size(1);
        INDArray x = embedding.forward(ids); // [batch, time, embedding]
        INDArray scores = Nd4j.zeros(cell.dataType(), batch, time, vocabSize());
        INDArray hidden = Nd4j.zeros(cell.dataType(), batch, time, hiddenSize());
        INDArray cells = Nd4j.zeros(cell.dataType(), batch, time, hiddenSize());
        State state = cell.initialState(batch);
        boolean lstm = false;
        for (int t = 0; t < time; t++) {
            INDArray xt = x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup();
            Step step = cell.step(xt, state);                  // h_t = cell(x_t, h_{t-1})
            INDArray h = step.h().mulRowVector(keep);           // ablated units: h_t = 0
            state = new State(h, step.c());
            hidden.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(h);
            if (step.c() != null) {
                lstm = true;
                cells.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(step.c());
            }
            scores.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(linear.forward(h));
        }
        return new Trace(scores, hidden, lstm ? cells : null);
    }

    /** {@link #trace(INDArray, int...)} of one sequence of ids. */
    public Trace trace(int[] ids, int... ablated) {
        return trace(Nd4j.createFromArray(new int[][] {ids}), ablated);
    }

    /**
     * What {@link #trace} records: scores {@code [batch, time, vocab]} (for the token AFTER each step),
     * hidden states h_t {@code [batch, time, hidden]}, and for an LSTM the cell states c_t (else null).
     */
    public record Trace(INDArray scores, INDArray hidden, INDArray cell) {

        /** h of one unit at every step of sequence {@code b}: the activation to colour text by. */
        public double[] hiddenUnit(int b, int unit) {
            return hidden.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(unit)).toDoubleVector();
        }

        /** c of one unit at every step of sequence {@code b} (LSTM only). */
        public double[] cellUnit(int b, int unit) {
            if (cell == null) {
                throw new IllegalStateException("only an LSTM has a cell state c_t");
            }
            return cell.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.point(unit)).toDoubleVector();
        }

        /** The scores for the token after step t of sequence b, as a plain array. */
        public double[] scores(int b, int t) {
            return scores.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()).toDoubleVector();
        }
    }

    // ---------------------------------------------------------------- generation

    /**
     * Generates {@code length} tokens after {@code prompt} (at least one token): reads the prompt step by
     * step, then repeatedly draws the next token from softmax(z / temperature) ({@link Sampling}) and
     * feeds it back in. Temperature 0 = always the most likely token. The same seed gives the same tokens.
     * Returns the new tokens only.
     */
    public int[] sample(int[] prompt, int length, double temperature, long seed) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("sample needs a prompt of at least one token to start from");
        }
        RecurrentCell cell = rnn.cell();
        Random random = new Random(seed);
        State state = cell.initialState(1);
        INDArray h = null;
        for (int token : prompt) {       // read the prompt: only the state matters
            state = cell.step(embed(token), state).state();
            h = state.h();
        }
        int[] generated = new int[length];
        for (int i = 0; i < length; i++) {
            double[] scores = linear.forward(h).toDoubleVector();  // z = h_t · Vᵀ + b
            int next = Sampling.sample(scores, temperature, random);
            generated[i] = next;
            state = cell.step(embed(next), state).state();        // feed the token back in
            h = state.h();
        }
        return generated;
    }

    /** Text generation with a character vocabulary: {@code length} characters after {@code prompt}. */
    public String sample(CharVocab vocab, String prompt, int length, double temperature, long seed) {
        return vocab.decode(sample(vocab.encode(prompt), length, temperature, seed));
    }

    /** The vector of one token, {@code [1, embedding]}. */
    private INDArray embed(int token) {
        if (token < 0 || token >= vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary 0.." + (vocabSize() - 1));
        }
        return embedding.weight().value().getRow(token).reshape(1, embedding.dim()).dup();
    }

    /** For example {@code LanguageModel(65 tokens, LstmCell(32 -> 128))}. */
    @Override
    public String toString() {
        return "LanguageModel(" + vocabSize() + " tokens, " + rnn.cell() + ")";
    }
}
