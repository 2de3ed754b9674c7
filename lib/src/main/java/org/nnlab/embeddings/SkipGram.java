package org.nnlab.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

/**
 * word2vec's skip-gram with negative sampling (Mikolov et al. 2013), trained by plain SGD:
 * <pre>{@code
 * WordVectors vectors = new SkipGram(100).window(5).negatives(5).epochs(5).seed(1).fit(sentences);
 * }</pre>
 * Every word w has two vectors: an input vector v_w (the word as a center) and an output vector u_w (the
 * word as a context). For every center word c of a sentence and every word o within the window around it,
 * one SGD step on the {@link NegativeSampling} loss {@code -log σ(u_o·v_c) - Σ_k log σ(-u_k·v_c)}, with
 * K negative words k drawn from the unigram distribution raised to 3/4 (rare words a bit more often
 * than their counts say). As in word2vec:
 * <ul>
 *   <li>the vocabulary is every word seen at least {@code minCount} times, most frequent first;</li>
 *   <li><b>subsampling</b>: each occurrence of a word with relative frequency f is dropped with
 *       probability {@code 1 - sqrt(t / f)} (never for f ≤ t), so "the" and "," stop dominating the pairs;</li>
 *   <li>the window size is drawn from 1..window for each center word, so near words count more often;</li>
 *   <li>the learning rate falls linearly from {@code learningRate} to nearly 0 over all epochs;</li>
 *   <li>v starts uniform in ±0.5/dim, u at 0.</li>
 * </ul>
 * The inner loop works on {@code float[]} rows (no ND4J): one pair costs a few dot products of size dim,
 * far too small for a native call to pay off. One seed gives the same vectors every time (one thread).
 * The result is the input vectors, as word2vec saves them.
 */
public final class SkipGram {

    private final int dim;
    private int window = 5;
    private int negatives = 5;
    private int minCount = 5;
    private double subsample = 1e-3;
    private double learningRate = 0.025;
    private int epochs = 5;
    private long seed = 1;
    private BiConsumer<Integer, Double> onEpoch = (epoch, loss) -> { };

    private List<String> words;      // the vocabulary, most frequent first
    private long[] counts;           // count of each word in the corpus
    private float[][] in;            // v_w, [vocab][dim]
    private float[][] out;           // u_w, [vocab][dim]
    private double[] cumulative;     // cumulative unigram^0.75 probabilities, for drawing negatives

    /** Skip-gram with vectors of size {@code dim} and word2vec's defaults (window 5, 5 negatives, ...). */
    public SkipGram(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("SkipGram expects a vector size dim ≥ 1 but got " + dim);
        }
        this.dim = dim;
    }

    /** The largest distance between center and context word (default 5). */
    public SkipGram window(int window) {
        this.window = positive(window, "window");
        return this;
    }

    /** The number K of negative words per pair (default 5). */
    public SkipGram negatives(int negatives) {
        this.negatives = positive(negatives, "negatives");
        return this;
    }

    /** Words seen fewer times are left out of the vocabulary and skipped (default 5). */
    public SkipGram minCount(int minCount) {
        this.minCount = positive(minCount, "minCount");
        return this;
    }

    /** The subsampling threshold t (default 1e-3; 0 keeps every occurrence). */
    public SkipGram subsample(double t) {
        if (!(t >= 0)) {
            throw new IllegalArgumentException("SkipGram: the subsampling threshold must be ≥ 0 (0 = off) but got " + t);
        }
        this.subsample = t;
        return this;
    }

    /** The starting learning rate (default 0.025, word2vec's for skip-gram). */
    public SkipGram learningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("SkipGram: the learning rate must be > 0 but got " + learningRate);
        }
        this.learningRate = learningRate;
        return this;
    }

    /** Passes over the corpus (default 5). */
    public SkipGram epochs(int epochs) {
        this.epochs = positive(epochs, "epochs");
        return this;
    }

    /** The seed of initialisation, subsampling, windows and negatives (default 1). */
    public SkipGram seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Called after each epoch with the epoch (1, 2, ...) and the mean loss per pair: for progress output. */
    public SkipGram onEpoch(BiConsumer<Integer, Double> onEpoch) {
        this.onEpoch = onEpoch;
        return this;
    }

    /** Builds the vocabulary from the sentences (lists of tokens), trains, and returns the input vectors. */
    public WordVectors fit(List<? extends List<String>> sentences) {
        buildVocabulary(sentences);
        SplittableRandom random = new SplittableRandom(seed);
        in = new float[words.size()][dim];
        out = new float[words.size()][dim];
        for (float[] v : in) {
            for (int i = 0; i < dim; i++) {
                v[i] = (float) ((random.nextDouble() - 0.5) / dim);
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        List<int[]> corpus = new ArrayList<>();
        long tokens = 0;
        for (List<String> sentence : sentences) {
            int[] ids = sentence.stream().map(index::get).filter(i -> i != null).mapToInt(Integer::intValue).toArray();
            corpus.add(ids);
            tokens += ids.length;
        }
        double[] keep = keepProbabilities(tokens);
        long total = tokens * epochs, seen = 0;
        int[] drawn = new int[negatives];
        float[] gradCenter = new float[dim];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double lossSum = 0;
            long pairs = 0;
            for (int[] sentence : corpus) {
                int[] kept = subsampled(sentence, keep, random);
                // linear decay over the whole run, as word2vec (floored at 1e-4 of the start)
                float lr = (float) (learningRate * Math.max(1e-4, 1 - (double) seen / total));
                seen += sentence.length;
                for (int t = 0; t < kept.length; t++) {
                    int b = 1 + random.nextInt(window); // this center's window size
                    for (int j = Math.max(0, t - b); j <= Math.min(kept.length - 1, t + b); j++) {
                        if (j == t) {
                            continue;
                        }
                        for (int k = 0; k < negatives; k++) {
                            drawn[k] = drawNegative(random);
                        }
                        lossSum += step(kept[t], kept[j], drawn, lr, gradCenter);
                        pairs++;
                    }
                }
            }
            onEpoch.accept(epoch, pairs == 0 ? Double.NaN : lossSum / pairs);
        }
        return vectors();
    }

    /**
     * One SGD step on the loss of one pair (center c, context o, negatives k): the formulas of
     * {@link NegativeSampling} in float, with u updated as it goes and v once at the end. A negative
     * that happens to be the context word itself is skipped. Returns the loss before the step.
     */
    double step(int center, int context, int[] negativeWords, float lr, float[] gradCenter) {
        float[] v = in[center];
        Arrays.fill(gradCenter, 0);
        double loss = 0;
        for (int k = -1; k < negativeWords.length; k++) {
            int word = k < 0 ? context : negativeWords[k];
            if (k >= 0 && word == context) {
                continue;
            }
            float[] u = out[word];
            double score = 0;
            for (int i = 0; i < dim; i++) {
                score += u[i] * v[i];
            }
            // label 1 for the context word, 0 for a negative: dL/d(score) = σ(score) - label
            double label = k < 0 ? 1 : 0;
            double g = NegativeSampling.sigmoid(score) - label;
            loss -= NegativeSampling.logSigmoid(k < 0 ? score : -score);
            float gf = (float) g;
            for (int i = 0; i < dim; i++) {
                gradCenter[i] += gf * u[i]; // dL/dv += g u (u before its update)
                u[i] -= lr * gf * v[i];     // u -= lr dL/du,  dL/du = g v
            }
        }
        for (int i = 0; i < dim; i++) {
            v[i] -= lr * gradCenter[i];
        }
        return loss;
    }

    /** The input vectors of the last {@link #fit}, as {@link WordVectors}. */
    public WordVectors vectors() {
        requireFitted();
        return new WordVectors(words, in);
    }

    /** The output vectors u of the last {@link #fit} (the context vectors; word2vec throws them away). */
    public WordVectors outputVectors() {
        requireFitted();
        return new WordVectors(words, out);
    }

    /** The vocabulary of the last fit, most frequent first. */
    public List<String> words() {
        requireFitted();
        return words;
    }

    /** How often each word of {@link #words()} occurs in the corpus. */
    public long count(String word) {
        requireFitted();
        int i = words.indexOf(word);
        return i < 0 ? 0 : counts[i];
    }

    /** The vocabulary: words with count ≥ minCount, by count (most frequent first), ties by the word. */
    private void buildVocabulary(List<? extends List<String>> sentences) {
        Map<String, Long> count = new HashMap<>();
        for (List<String> sentence : sentences) {
            for (String w : sentence) {
                count.merge(w, 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : count.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        if (kept.size() < 2) {
            throw new IllegalArgumentException("SkipGram: only " + kept.size() + " word(s) occur at least minCount = "
                    + minCount + " times in the " + sentences.size() + " sentences; give more text or a smaller minCount");
        }
        kept.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        words = kept.stream().map(Map.Entry::getKey).toList();
        counts = kept.stream().mapToLong(Map.Entry::getValue).toArray();
        // P_neg(w) ∝ count(w)^0.75, kept as a cumulative table for drawing by binary search
        cumulative = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += Math.pow(counts[i], 0.75);
            cumulative[i] = sum;
        }
        for (int i = 0; i < counts.length; i++) {
            cumulative[i] /= sum;
        }
    }

    /** P(keep) = min(1, sqrt(t / f)) with f the word's share of all tokens (1 for every word when t = 0). */
    private double[] keepProbabilities(long tokens) {
        double[] keep = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            double f = (double) counts[i] / tokens;
            keep[i] = subsample == 0 ? 1 : Math.min(1, Math.sqrt(subsample / f));
        }
        return keep;
    }

    private static int[] subsampled(int[] sentence, double[] keep, SplittableRandom random) {
        int[] kept = new int[sentence.length];
        int n = 0;
        for (int w : sentence) {
            if (keep[w] >= 1 || random.nextDouble() < keep[w]) {
                kept[n++] = w;
            }
        }
        return Arrays.copyOf(kept, n);
    }

    /** A word drawn from unigram^0.75: the first whose cumulative probability exceeds a uniform number. */
    private int drawNegative(SplittableRandom random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    /** Test access: the vectors themselves (not copies), after {@link #initialiseForTest}. */
    float[][] inputRows() {
        return in;
    }

    float[][] outputRows() {
        return out;
    }

    /** Sets given input and output vectors, for a test of {@link #step}. */
    void initialiseForTest(List<String> vocabulary, float[][] input, float[][] output) {
        words = vocabulary;
        counts = new long[vocabulary.size()];
        in = input;
        out = output;
    }

    private void requireFitted() {
        if (words == null) {
            throw new IllegalStateException("SkipGram: call fit(sentences) first, there are no vectors yet");
        }
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("SkipGram: " + name + " must be ≥ 1 but got " + value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "SkipGram(dim " + dim + ", window " + window + ", " + negatives + " negatives, minCount " + minCount
                + ", subsample " + subsample + ", lr " + learningRate + ", " + epochs + " epochs)";
    }
}
