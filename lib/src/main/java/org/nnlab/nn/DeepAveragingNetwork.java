package org.nnlab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The deep averaging network (DAN, Iyyer et al. 2015), a text classifier that ignores word order: look up
 * a vector for every word, average the vectors of the real words, and send the average through a few
 * fully connected layers.
 * <pre>
 *   ids [batch, time]  (padded word indices; index 0 = padding)
 *   mask[b, t] = 1 if ids[b, t] ≠ 0, else 0
 *   e = E[ids]                                   Embedding        [batch, time, dim]
 *   a_b = (1 / n_b) Σ_t mask[b, t] e[b, t, :]    MeanOverTime     [batch, dim]
 *   h = ReLU(W_1 a + b_1), ... (one or more)     Linear, ReLU     [batch, hidden]
 *   (optionally Dropout(p) after each ReLU)      Dropout          [batch, hidden]
 *   z = W_out h + b_out                          Linear           [batch, classes]  (scores for the loss)
 * </pre>
 * The input is the matrix of a {@link org.nnlab.data.PaddedBatch} ({@code idsArray()}), as INT or as
 * whole numbers in a float array. Index 0 is {@link org.nnlab.data.Vocab#PAD_INDEX}, so the mask is
 * recomputed from the indices themselves ({@code ids ≠ 0}), which is the same mask PaddedBatch makes.
 * That way the whole network is an ordinary {@link Module} with one input, and the
 * {@link org.nnlab.train.Trainer} can train it on rows of a padded matrix like any other model.
 *
 * <p><b>Word dropout</b> (in training mode only): each real word is left out of the average with
 * probability {@code p}, a new choice at every forward; a text whose words would all be dropped keeps them
 * all. The network then cannot rely on a single word. In evaluation mode every word counts.
 *
 * <p>Backward runs the layers in reverse: the classifier's backward gives dL/da, the average spreads it
 * over the kept words ({@code dL/de[b, t] = mask[b, t] / n_b · dL/da_b}), and the embedding adds it to the
 * rows of the words used. The indices themselves get gradient 0: a word number cannot be nudged.
 *
 * <p>Initialisation: the embedding normal(0, 1) (scaled by {@link #scaleEmbedding(double)}) and the layers
 * as {@link Linear}, all from ND4J's generator, so {@code Nnlab.seed(...)} makes it repeatable ("DAN-RAND":
 * no pre-trained word vectors).
 *
 * <p>Speed: with FLOAT parameters on the CPU the lookup and the average run as one step on the batch's
 * distinct words ({@link FastAverage}, tested equal to the modules above; {@link #fastPath(boolean)
 * fastPath(false)} turns it off), and the embedding's gradient is row-sparse
 * ({@link Parameter#rowSparseGradient(boolean)}), so that zeroGrad and AdaGrad touch only the rows of the
 * words a batch used.
 */
public class DeepAveragingNetwork extends Module {

    /** The padding index: positions holding it are not words. */
    public static final int PAD = 0;

    private final Embedding embedding;
    private final MeanOverTime mean = new MeanOverTime();
    private final Sequential classifier;
    private double wordDropout;
    private INDArray lastMask; // the mask of the last forward (after word dropout)
    private boolean fastPath = true;
    private FastAverage lastFast; // what the fast path's backward needs; null after a readable forward

    /** A DAN with FLOAT parameters: embedding size {@code dim}, one ReLU layer of {@code hidden} units. */
    public DeepAveragingNetwork(int vocabSize, int dim, int hidden, int classes) {
        this(vocabSize, dim, new int[] {hidden}, classes, DataType.FLOAT);
    }

    /**
     * A DAN with one ReLU layer per entry of {@code hidden} (for example {@code {100, 100}}: two layers of
     * 100 units), then a linear output of {@code classes} scores, parameters in {@code dataType}.
     */
    public DeepAveragingNetwork(int vocabSize, int dim, int[] hidden, int classes, DataType dataType) {
        this(vocabSize, dim, hidden, classes, 0, dataType);
    }

    /**
     * As above, with {@link Dropout} of probability {@code dropout} after every ReLU (0 = none): in training
     * each hidden unit is zeroed with that probability, the others scaled by 1 / (1 - p).
     */
    public DeepAveragingNetwork(int vocabSize, int dim, int[] hidden, int classes, double dropout, DataType dataType) {
        if (hidden.length == 0) {
            throw new IllegalArgumentException("DeepAveragingNetwork needs at least one hidden layer");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("DeepAveragingNetwork needs at least 2 classes but got " + classes);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("DeepAveragingNetwork expects a dropout probability in [0, 1) but got "
                    + dropout);
        }
        this.embedding = new Embedding(vocabSize, dim, PAD, dataType);
        List<Module> layers = new ArrayList<>();
        int in = dim;
        for (int h : hidden) {
            layers.add(new Linear(in, h, dataType));
            layers.add(new ReLU());
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            in = h;
        }
        layers.add(new Linear(in, classes, dataType));
        this.classifier = new Sequential(layers.toArray(new Module[0]));
        embedding.weight().rowSparseGradient(true); // a batch's words touch a few hundred rows of E
    }

    /**
     * Whether to take the fast path for the embedding and the average where it applies (FLOAT on the CPU;
     * default true). Both paths compute the same numbers ({@code DeepAveragingNetworkTest}); false runs the
     * readable modules {@link Embedding} and {@link MeanOverTime}. Returns this.
     */
    public DeepAveragingNetwork fastPath(boolean on) {
        this.fastPath = on;
        return this;
    }

    /** Leaves out each word of a text with probability {@code p} during training (0 = off). Returns this. */
    public DeepAveragingNetwork wordDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("word dropout expects a probability in [0, 1) but got " + p);
        }
        this.wordDropout = p;
        return this;
    }

    /**
     * Multiplies the word vectors by {@code factor}; called before training, it makes them normal(0, factor²)
     * instead of normal(0, 1). Small vectors (0.01) start every text's average near 0, so that words the
     * training texts rarely show add little noise, and the network learns which words matter. Returns this.
     */
    public DeepAveragingNetwork scaleEmbedding(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scaleEmbedding expects a factor > 0 but got " + factor);
        }
        embedding.weight().value().muli(factor);
        return this;
    }

    /** The probability of leaving a word out during training. */
    public double wordDropout() {
        return wordDropout;
    }

    /** The word vectors E {@code [vocabSize, dim]}. */
    public Embedding embedding() {
        return embedding;
    }

    /** The layers after the average: Linear, ReLU, ..., Linear. */
    public Sequential classifier() {
        return classifier;
    }

    /** The mask {@code [batch, time]} the last forward averaged over (1 = word used, 0 = padding or dropped). */
    public INDArray lastMask() {
        return lastMask;
    }

    /** The class scores {@code [batch, classes]} of padded texts {@code ids [batch, time]}. */
    @Override
    public INDArray forward(INDArray ids) {
        if (ids.rank() != 2) {
            throw new IllegalArgumentException(this + " expects padded word indices [batch, time] but got "
                    + java.util.Arrays.toString(ids.shape()));
        }
        DataType type = embedding.weight().value().dataType();
        INDArray mask = ids.neq(PAD).castTo(type); // 1 for a word, 0 for padding
        if (isTraining() && wordDropout > 0) {
            mask = dropWords(mask);
        }
        lastMask = mask;
        INDArray a;
        if (fastPath && FastAverage.applies(embedding.weight().value(), ids)) {
            lastFast = FastAverage.forward(embedding, ids, mask);
            a = lastFast.average();
        } else {
            lastFast = null;
            INDArray e = embedding.forward(ids);    // [batch, time, dim]
            a = mean.forward(e, mask);              // [batch, dim]
        }
        return classifier.forward(a);               // [batch, classes]
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (lastMask == null) {
            throw backwardBeforeForward();
        }
        INDArray gradAverage = classifier.backward(gradOutput);
        if (lastFast != null) {
            return lastFast.backward(gradAverage, embedding.weight());
        }
        INDArray gradEmbedded = mean.backward(gradAverage);
        return embedding.backward(gradEmbedded);    // zeros: the indices get no gradient
    }

    /** The predicted class of each text (the highest score), computed in evaluation mode. */
    public int[] predict(INDArray ids) {
        boolean wasTraining = isTraining();
        eval();
        INDArray scores = forward(ids);
        setTraining(wasTraining);
        return scores.argMax(1).toIntVector();
    }

    /** Keeps each word with probability 1 - p; a text that would lose all its words keeps them all. */
    private INDArray dropWords(INDArray mask) {
        INDArray keep = Nd4j.rand(mask.dataType(), mask.shape()).gte(wordDropout).castTo(mask.dataType());
        INDArray dropped = mask.mul(keep);
        INDArray left = dropped.sum(true, 1); // words kept per text, [batch, 1]
        INDArray empty = left.eq(0).castTo(mask.dataType());
        // dropped + empty ⊙ mask: the rows with nothing left get their full mask back
        return dropped.addi(mask.mulColumnVector(empty));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(embedding.parameters());
        all.addAll(classifier.parameters());
        return all;
    }

    /** {@code embedding.weight}, then the classifier's {@code classifier.0.weight}, {@code classifier.0.bias}, ... */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("embedding.weight", embedding.weight());
        for (Map.Entry<String, Parameter> e : classifier.namedParameters().entrySet()) {
            named.put("classifier." + e.getKey(), e.getValue());
        }
        return named;
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        embedding.setTraining(training);
        mean.setTraining(training);
        classifier.setTraining(training);
    }

    /** {@code DeepAveragingNetwork(Embedding(18000, 100, padding=0), mean, Linear(100 -> 100), ReLU, Linear(100 -> 2))}. */
    @Override
    public String toString() {
        String layers = classifier.toString();
        return "DeepAveragingNetwork(" + embedding + ", mean, " + layers.substring("Sequential(".length(),
                layers.length() - 1) + (wordDropout > 0 ? ", word dropout " + wordDropout : "") + ")";
    }
}
