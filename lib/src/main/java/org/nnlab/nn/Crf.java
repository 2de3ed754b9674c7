package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.loss.Loss;

/**
 * A linear-chain conditional random field on top of a tagger's scores: the lectures' "neural CRF"
 * (Collobert and Weston 2011; the BiLSTM-CRF of Lample et al. 2016). The network gives each word a score
 * per tag, e[t, j]; the CRF adds a learned score A[i, j] for tag i followed by tag j (and start[j],
 * end[j] for the first and last tag), and scores a whole tag sequence y:
 * <pre>
 *   s(y) = start[y_0] + Σ_t e[t, y_t] + Σ_{t ≥ 1} A[y_{t-1}, y_t] + end[y_{T-1}]
 *   p(y | x) = exp s(y) / Z,        Z = Σ over all K^T sequences y' of exp s(y')
 *   loss = -log p(y | x) = log Z - s(y)
 * </pre>
 * log Z takes the forward algorithm (dynamic programming over the last tag, O(T K²) instead of K^T):
 * <pre>
 *   α_0(j) = start[j] + e[0, j]
 *   α_t(j) = e[t, j] + log Σ_i exp(α_{t-1}(i) + A[i, j])
 *   log Z  = log Σ_j exp(α_{T-1}(j) + end[j])
 * </pre>
 * The gradient of log Z is the model's expectation of what s(y) counts: for e[t, j] the marginal
 * p(y_t = j), for A[i, j] the expected number of i→j pairs (the backward algorithm β gives both). So
 * dloss/de[t, j] = p(y_t = j) - [y_t = j]: the same "predicted minus true" as softmax cross-entropy, but
 * with probabilities that know the neighbouring tags. {@link #decode} finds the best sequence with the
 * Viterbi algorithm (max instead of sum).
 *
 * <p>In a model the CRF comes last: its {@link #forward} passes the scores through unchanged, so that its
 * transitions are among the model's parameters (trained by the optimizer, saved with the model), and
 * {@link #loss()} is the loss to train with: its backward adds the CRF's gradients to the transitions. Labels are {@code [batch, time]}, -1 at padding (at the end
 * of each sentence). The loss is the mean over real words, as for
 * {@link org.nnlab.nn.loss.SequenceCrossEntropyLoss}, so a learning rate carries over. Parameter names
 * follow the pytorch-crf package: {@code transitions}, {@code start_transitions}, {@code end_transitions}.
 */
public class Crf extends Module {

    private final int tags;
    private final Parameter transitions;   // A[i, j]: tag i followed by tag j
    private final Parameter start;
    private final Parameter end;

    /** A CRF over {@code tags} tags, every transition score 0 at the start (FLOAT parameters). */
    public Crf(int tags) {
        this(tags, DataType.FLOAT);
    }

    /** A CRF over {@code tags} tags with parameters of the given type. */
    public Crf(int tags, DataType dataType) {
        if (tags < 2) {
            throw new IllegalArgumentException("Crf needs at least 2 tags but got " + tags);
        }
        this.tags = tags;
        this.transitions = new Parameter("transitions", Nd4j.zeros(dataType, tags, tags));
        this.start = new Parameter("start_transitions", Nd4j.zeros(dataType, tags));
        this.end = new Parameter("end_transitions", Nd4j.zeros(dataType, tags));
    }

    /** The number of tags K. */
    public int tags() {
        return tags;
    }

    public Parameter transitions() {
        return transitions;
    }

    public Parameter start() {
        return start;
    }

    public Parameter end() {
        return end;
    }

    /** The scores, unchanged: the CRF's own scores enter through {@link #loss()} and {@link #decode}. */
    @Override
    public INDArray forward(INDArray scores) {
        checkScores(scores);
        return scores;
    }

    /** The gradient, unchanged (the loss already put the CRF's part into its parameters). */
    @Override
    public INDArray backward(INDArray gradScores) {
        return gradScores;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(transitions, start, end);
    }

    /** The negative log-likelihood -log p(y | x) with this CRF, as a {@link Loss} for training. */
    public Loss loss() {
        return new NegativeLogLikelihood();
    }

    /** log Z of one sentence's scores {@code e[t][j]}: the log of the sum over all tag sequences. */
    public double logPartition(double[][] e) {
        return logPartition(e, weights());
    }

    private double logPartition(double[][] e, Weights w) {
        return logSumExp(plus(alphas(e, w)[e.length - 1], w.end()));
    }

    /** s(y): the score of one tag sequence {@code y} for one sentence's scores {@code e[t][j]}. */
    public double score(double[][] e, int[] y) {
        return score(e, y, weights());
    }

    private static double score(double[][] e, int[] y, Weights w) {
        double s = w.start()[y[0]] + e[0][y[0]] + w.end()[y[y.length - 1]];
        for (int t = 1; t < y.length; t++) {
            s += w.pair()[y[t - 1]][y[t]] + e[t][y[t]];
        }
        return s;
    }

    /**
     * The best tag sequence of each sentence (Viterbi): scores {@code [batch, time, tags]}, mask
     * {@code [batch, time]} with 1 at real words (null: all real). Returns one array of tags per sentence,
     * as long as the sentence.
     */
    public int[][] decode(INDArray scores, INDArray mask) {
        checkScores(scores);
        int[] lengths = mask == null ? full(scores) : lengths(mask, scores);
        double[][][] e = emissions(scores, lengths);
        Weights w = weights();
        int[][] best = new int[e.length][];
        for (int b = 0; b < e.length; b++) {
            best[b] = viterbi(e[b], w);
        }
        return best;
    }

    /** The best tag sequence for one sentence's scores {@code e[t][j]}. */
    public int[] viterbi(double[][] e) {
        return viterbi(e, weights());
    }

    private int[] viterbi(double[][] e, Weights w) {
        double[][] pair = w.pair();
        int length = e.length;
        double[] delta = plus(w.start(), e[0]);          // δ_t(j): the best score of a sequence ending in j at t
        int[][] from = new int[length][tags];     // the tag before j on that best sequence
        for (int t = 1; t < length; t++) {
            double[] next = new double[tags];
            for (int j = 0; j < tags; j++) {
                int argmax = 0;
                for (int i = 1; i < tags; i++) {
                    if (delta[i] + pair[i][j] > delta[argmax] + pair[argmax][j]) {
                        argmax = i;
                    }
                }
                from[t][j] = argmax;
                next[j] = delta[argmax] + pair[argmax][j] + e[t][j];
            }
            delta = next;
        }
        int[] path = new int[length];
        path[length - 1] = argmax(plus(delta, w.end()));
        for (int t = length - 1; t > 0; t--) {
            path[t - 1] = from[t][path[t]];       // follow the pointers back
        }
        return path;
    }

    /** The loss of this CRF: mean over real words of -log p(y | x); backward also fills the CRF's grads. */
    private final class NegativeLogLikelihood extends Loss {

        private INDArray gradScores;
        private INDArray[] gradCrf;   // for transitions, start, end: added to their grads by backward

        @Override
        public double forward(INDArray scores, INDArray labels) {
            checkScores(scores);
            int[][] y = labelSequences(labels, scores);
            int[] lengths = new int[y.length];
            int words = 0;
            for (int b = 0; b < y.length; b++) {
                lengths[b] = y[b].length;
                words += y[b].length;
            }
            if (words == 0) {
                throw new IllegalArgumentException("Crf: every position is padding (label -1); nothing to learn from");
            }
            double[][][] e = emissions(scores, lengths);
            double[] grad = new double[(int) scores.length()];                // dloss/de, [batch, time, tags]
            double[][] gradPair = new double[tags][tags];
            double[] gradStart = new double[tags];
            double[] gradEnd = new double[tags];
            double total = 0;
            int time = (int) scores.size(1);
            Weights w = weights();
            for (int b = 0; b < y.length; b++) {
                if (y[b].length == 0) {
                    continue;
                }
                total += logPartition(e[b], w) - score(e[b], y[b], w);
                expectedMinusObserved(e[b], y[b], w, grad, b * time * tags, gradPair, gradStart, gradEnd);
            }
            double mean = 1.0 / words;
            gradScores = Nd4j.createFromArray(grad).muli(mean).reshape(scores.shape()).castTo(scores.dataType());
            gradCrf = new INDArray[] {Nd4j.createFromArray(gradPair).muli(mean),
                Nd4j.createFromArray(gradStart).muli(mean), Nd4j.createFromArray(gradEnd).muli(mean)};
            return total * mean;
        }

        /** dloss/d(scores); adds dloss/d(transitions, start, end) to the CRF's gradients. */
        @Override
        public INDArray backward() {
            if (gradScores == null) {
                throw backwardBeforeForward();
            }
            add(transitions, gradCrf[0]);
            add(start, gradCrf[1]);
            add(end, gradCrf[2]);
            return gradScores;
        }

        @Override
        public String toString() {
            return "Crf.loss()";
        }
    }

    /**
     * The gradient of log Z - s(y) for one sentence: the marginals (from α and β) minus the counts of the
     * true sequence, added into {@code grad} (at {@code offset}) and into the CRF's gradients.
     */
    private void expectedMinusObserved(double[][] e, int[] y, Weights w, double[] grad, int offset,
                                       double[][] gradPair, double[] gradStart, double[] gradEnd) {
        double[][] pair = w.pair();
        double[][] alpha = alphas(e, w);
        double[][] beta = betas(e, w);
        int length = e.length;
        double logZ = logSumExp(plus(alpha[length - 1], w.end()));
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < tags; j++) {
                double marginal = Math.exp(alpha[t][j] + beta[t][j] - logZ);     // p(y_t = j)
                grad[offset + t * tags + j] += marginal - (y[t] == j ? 1 : 0);
                if (t == 0) {
                    gradStart[j] += marginal - (y[0] == j ? 1 : 0);
                }
                if (t == length - 1) {
                    gradEnd[j] += marginal - (y[length - 1] == j ? 1 : 0);
                }
                if (t > 0) {
                    for (int i = 0; i < tags; i++) {                              // p(y_{t-1} = i, y_t = j)
                        gradPair[i][j] += Math.exp(alpha[t - 1][i] + pair[i][j] + e[t][j] + beta[t][j] - logZ);
                    }
                }
            }
            if (t > 0) {
                gradPair[y[t - 1]][y[t]] -= 1;
            }
        }
    }

    /** The forward algorithm: α_t(j), the log of the summed scores of all sequences ending in j at t. */
    private double[][] alphas(double[][] e, Weights w) {
        double[][] pair = w.pair();
        double[][] alpha = new double[e.length][];
        alpha[0] = plus(w.start(), e[0]);
        double[] terms = new double[tags];
        for (int t = 1; t < e.length; t++) {
            alpha[t] = new double[tags];
            for (int j = 0; j < tags; j++) {
                for (int i = 0; i < tags; i++) {
                    terms[i] = alpha[t - 1][i] + pair[i][j];
                }
                alpha[t][j] = e[t][j] + logSumExp(terms);
            }
        }
        return alpha;
    }

    /** The backward algorithm: β_t(i), the log of the summed scores of all ways to finish from i at t. */
    private double[][] betas(double[][] e, Weights w) {
        double[][] pair = w.pair();
        int length = e.length;
        double[][] beta = new double[length][];
        beta[length - 1] = w.end();
        double[] terms = new double[tags];
        for (int t = length - 2; t >= 0; t--) {
            beta[t] = new double[tags];
            for (int i = 0; i < tags; i++) {
                for (int j = 0; j < tags; j++) {
                    terms[j] = pair[i][j] + e[t + 1][j] + beta[t + 1][j];
                }
                beta[t][i] = logSumExp(terms);
            }
        }
        return beta;
    }

    /** log Σ exp(v), computed stably: the largest term is taken out first. */
    static double logSumExp(double[] v) {
        double max = v[argmax(v)];
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double x : v) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] plus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    private void checkScores(INDArray scores) {
        if (scores.rank() != 3 || scores.size(2) != tags) {
            throw new IllegalArgumentException("Crf expects scores [batch, time, " + tags + "] but got "
                    + Arrays.toString(scores.shape()));
        }
    }

    /** Each sentence's scores as e[b][t][j], only its real words. */
    private double[][][] emissions(INDArray scores, int[] lengths) {
        int batch = (int) scores.size(0);
        int time = (int) scores.size(1);
        double[] flat = scores.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][][] e = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            e[b] = new double[lengths[b]][tags];
            for (int t = 0; t < lengths[b]; t++) {
                System.arraycopy(flat, (b * time + t) * tags, e[b][t], 0, tags);
            }
        }
        return e;
    }

    /** Labels [batch, time] (-1 at padding, only at the end) as one tag sequence per sentence. */
    private int[][] labelSequences(INDArray labels, INDArray scores) {
        int batch = (int) scores.size(0);
        int time = (int) scores.size(1);
        if (labels.rank() != 2 || labels.size(0) != batch || labels.size(1) != time) {
            throw new IllegalArgumentException("Crf expects labels [batch, time] = [" + batch + ", " + time
                    + "] (one tag per word, -1 at padding) but got " + Arrays.toString(labels.shape()));
        }
        double[] flat = labels.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[][] y = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int length = 0;
            while (length < time && flat[b * time + length] != -1) {
                length++;
            }
            y[b] = new int[length];
            for (int t = 0; t < time; t++) {
                double v = flat[b * time + t];
                if (t >= length && v != -1) {
                    throw new IllegalArgumentException("Crf: sentence " + b + " has a tag at step " + t + " after"
                            + " padding (-1) at step " + length + "; padding must come at the end of a sentence");
                }
                if (t < length && (v != Math.rint(v) || v < 0 || v >= tags)) {
                    throw new IllegalArgumentException("Crf expects tags 0.." + (tags - 1) + " (or -1 at padding)"
                            + " but got " + v + " in sentence " + b + ", step " + t);
                }
                if (t < length) {
                    y[b][t] = (int) v;
                }
            }
        }
        return y;
    }

    /** Lengths from a mask [batch, time] of 1 at real words, 0 at padding (at the end). */
    private static int[] lengths(INDArray mask, INDArray scores) {
        if (mask.rank() != 2 || mask.size(0) != scores.size(0) || mask.size(1) != scores.size(1)) {
            throw new IllegalArgumentException("Crf expects a mask [batch, time] = [" + scores.size(0) + ", "
                    + scores.size(1) + "] but got " + Arrays.toString(mask.shape()));
        }
        int[] lengths = new int[(int) mask.size(0)];
        for (int b = 0; b < lengths.length; b++) {
            lengths[b] = (int) Math.round(mask.getRow(b).sumNumber().doubleValue());
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("Crf: sentence " + b + " of the mask has no word");
            }
        }
        return lengths;
    }

    private static int[] full(INDArray scores) {
        int[] lengths = new int[(int) scores.size(0)];
        Arrays.fill(lengths, (int) scores.size(1));
        return lengths;
    }

    /** The CRF's parameters as Java arrays, read once per batch: A[i][j], start[j], end[j]. */
    private record Weights(double[][] pair, double[] start, double[] end) {
    }

    private Weights weights() {
        return new Weights(matrix(transitions), vector(start), vector(end));
    }

    private static double[] vector(Parameter p) {
        return p.value().castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private double[][] matrix(Parameter p) {
        return p.value().castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static void add(Parameter p, INDArray grad) {
        p.grad().addi(grad.castTo(p.grad().dataType()).reshape(p.grad().shape()));
    }

    @Override
    public String toString() {
        return "Crf(" + tags + " tags)";
    }
}
