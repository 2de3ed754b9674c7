package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Crf;
import org.nnlab.nn.Dropout;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.PerStep;
import org.nnlab.nn.loss.Loss;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;

/**
 * A character-aware BiLSTM tagger (Plank et al. 2016; Lample et al. 2016; Ma and Hovy 2016): each word is
 * read twice, as a word (its embedding) and as a string of characters ({@link CharEncoder}), and a
 * bidirectional LSTM over the sentence tags it.
 * <pre>
 *   w_t = E[word_t]                        word embedding (word dropout: sometimes &lt;unk&gt; in training)
 *   k_t = K[caps_t]                        optional: its capitalisation (x, Xx, XX, xX, no letters)
 *   c_t = CharEncoder(characters of word_t)    CharBiLstm or CharCnn
 *   m_t = given, frozen                    optional: a pretrained model's vector of word_t in its sentence
 *   x_t = dropout([w_t ; k_t ; c_t ; m_t])
 *   h_t = [→h_t ; ←h_t] = BiLSTM(x_1 .. x_T)   1 or 2 layers
 *   z_t = V dropout(h_t) + b                   tag scores        (then, optionally, a CRF over the z_t)
 * </pre>
 * <b>Input</b>: one array {@code [batch, time, 1 + maxChars]} (see {@link #batch}): at {@code [b, t, 0]}
 * the word's index (0 = padding, 1 = &lt;unk&gt;), then its context vector m_t when the tagger reads one
 * ({@link Options#contextDim} numbers), then its character indices (0 after its end). One array,
 * so the tagger is an ordinary {@link Module} (GradCheck, Trainer). <b>Output</b>: the tag scores
 * {@code [batch, time, tags]}.
 *
 * <p><b>Word dropout</b> (Kiperwasser and Goldberg 2016; Plank et al. 2016): in training a word seen
 * {@code count} times in training is replaced by &lt;unk&gt; with probability α / (α + count), so the
 * network learns to tag from the characters and the context alone: exactly the case of a word never seen.
 *
 * <p>Every distinct word of a batch goes through the character encoder once; padding changes nothing (a
 * padded batch gives each sentence the scores it gets alone, in evaluation mode).
 */
public class CharTagger extends Module {

    /** The padding index of words and characters. */
    public static final int PAD = 0;
    /** The unknown-word index (as {@link org.nnlab.data.Vocab#UNK_INDEX}). */
    public static final int UNK = 1;

    /**
     * The sizes of a tagger; {@code ./nnlab train pos} trains these defaults with word dropout α 1, caps 8,
     * word markers (and lower-cased word embeddings, {@link org.nnlab.tagging.TaggingData}).
     */
    public static final class Options {
        public int wordDim = 100;
        /** "cnn" (CharCnn, the default: as accurate per second of training, see TrainPos) or "bilstm" (CharBiLstm). */
        public String charEncoder = "cnn";
        public int charDim = 32;
        /** CharBiLstm: hidden units per direction; CharCnn: number of filters. */
        public int charHidden = 50;
        public int cnnWidth = 3;
        /** CharCnn: read each word between a start and an end marker, so filters can see where the word begins and ends. */
        public boolean charMarkers = false;
        public int hidden = 128;
        public int layers = 1;
        public double dropout = 0.25;
        /** α of word dropout; 0 = none. */
        public double wordDropout = 0.25;
        /** A CRF on top of the tag scores (Ma and Hovy 2016's BiLSTM-CNN-CRF). */
        public boolean crf = true;
        /**
         * Size of the capitalisation vector (Collobert et al. 2011's caps feature); 0 = none. The characters
         * hold the same information, but a direct feature is easier to learn for the words never seen.
         */
        public int capsDim = 0;
        /**
         * Length of the frozen context vector given with each word ({@link org.nnlab.pretrained.ContextVectors},
         * e.g. 384 for MiniLM); 0 = none.
         */
        public int contextDim = 0;

        @Override
        public String toString() {
            return "words " + wordDim + ", chars " + charEncoder + " " + charDim + "/" + charHidden
                    + (charEncoder.equals("cnn") ? " width " + cnnWidth + (charMarkers ? " markers" : "") : "") + ", BiLSTM " + layers + " x " + hidden
                    + (capsDim > 0 ? ", caps " + capsDim : "") + (contextDim > 0 ? ", context " + contextDim : "") + ", dropout " + dropout + ", word dropout α " + wordDropout
                    + (crf ? ", CRF" : "");
        }
    }

    private final Options options;
    private final Embedding words;
    private final Embedding caps;       // null without the capitalisation feature
    private final int[] letterCase;     // per character index: UPPER, LOWER or 0 (not a letter)
    private final CharEncoder chars;
    private final Dropout inputDropout;
    private final RecurrentStack lstm;
    private final Dropout outputDropout;
    private final PerStep output;
    private final Crf crf;              // null without a CRF
    private final double[] dropProbability; // word dropout per word index

    // cached by forward
    private long[] shape;               // [batch, time, 1 + maxChars]
    private int[] charRow;              // position b·T + t -> its distinct word (row of the char encoder's output)
    private int distinct;               // number of distinct words (the zero row for padding is number `distinct`)

    /**
     * A tagger over {@code wordCounts.length} words (index 0 padding, 1 unknown; {@code wordCounts[i]} = how
     * often word i occurs in training, for word dropout), {@code characters} character indices (0 padding)
     * and {@code tags} tags. FLOAT parameters.
     */
    public CharTagger(int[] wordCounts, int characters, int tags, Options options) {
        this(wordCounts, characters, tags, options, null);
    }

    /** Capitals and small letters of each character index, for {@link Options#capsDim}. */
    public static final int UPPER = 1;
    public static final int LOWER = 2;

    /**
     * As above, with {@code letterCase[i]} = {@link #UPPER}, {@link #LOWER} or 0 for each character index i:
     * needed for the capitalisation feature ({@link Options#capsDim} &gt; 0).
     */
    public CharTagger(int[] wordCounts, int characters, int tags, Options options, int[] letterCase) {
        if (options.capsDim > 0 && (letterCase == null || letterCase.length != characters)) {
            throw new IllegalArgumentException("the capitalisation feature (capsDim " + options.capsDim + ") needs the"
                    + " letter case of each of the " + characters + " character indices (TaggingData.letterCase())");
        }
        if (tags < 2) {
            throw new IllegalArgumentException("CharTagger needs at least 2 tags but got " + tags);
        }
        this.options = options;
        this.words = new Embedding(wordCounts.length, options.wordDim, PAD, DataType.FLOAT);
        // N(0, 1) is PyTorch's default, but next to LSTM states in [-1, 1] it drowns the characters
        words.weight().value().muli(0.1);
        this.letterCase = letterCase;
        this.caps = options.capsDim > 0 ? new Embedding(CAPS_CLASSES, options.capsDim, PAD, DataType.FLOAT) : null;
        this.chars = switch (options.charEncoder) {
            case "bilstm" -> CharEncoder.biLstm(characters, options.charDim, options.charHidden);
            case "cnn" -> CharEncoder.cnn(characters, options.charDim, options.charHidden, options.cnnWidth, options.charMarkers);
            default -> throw new IllegalArgumentException("charEncoder is \"bilstm\" or \"cnn\", not " + options.charEncoder);
        };
        this.inputDropout = new Dropout(options.dropout);
        this.lstm = RecurrentStack.lstm(options.wordDim + options.capsDim + chars.outputSize() + options.contextDim, options.hidden,
                options.layers, true);
        this.outputDropout = new Dropout(options.dropout);
        this.output = new PerStep(new Linear(lstm.outputSize(), tags));
        this.crf = options.crf ? new Crf(tags) : null;
        this.dropProbability = new double[wordCounts.length];
        for (int i = UNK + 1; i < wordCounts.length && options.wordDropout > 0; i++) {
            dropProbability[i] = options.wordDropout / (options.wordDropout + wordCounts[i]);
        }
    }

    public Options options() { return options; }

    public Embedding words() { return words; }

    public CharEncoder chars() { return chars; }

    public RecurrentStack lstm() { return lstm; }

    /** The CRF on top, or null. */
    public Crf crf() { return crf; }

    /** The loss to train with: the CRF's negative log-likelihood, or cross-entropy at every word. */
    public Loss loss() {
        return crf != null ? crf.loss() : new SequenceCrossEntropyLoss();
    }

    /** The input array {@code [batch, time, 1 + maxChars]} of sentences given as word indices and character indices. */
    public static INDArray batch(List<int[]> wordIds, List<int[][]> charIds) {
        return batch(wordIds, charIds, null);
    }

    /**
     * As above, with each word's context vector ({@code contexts.get(b)[t]}, all of one length m) after its
     * index: {@code [batch, time, 1 + m + maxChars]}; {@code contexts} null for none.
     */
    public static INDArray batch(List<int[]> wordIds, List<int[][]> charIds, List<float[][]> contexts) {
        int time = wordIds.stream().mapToInt(s -> s.length).max().orElse(0);
        int maxChars = charIds.stream().flatMap(Arrays::stream).mapToInt(c -> c.length).max().orElse(0);
        int m = contexts == null ? 0 : contexts.stream().flatMap(Arrays::stream).mapToInt(v -> v.length).max().orElse(0);
        int width = 1 + m + maxChars;
        float[] x = new float[wordIds.size() * time * width];
        for (int b = 0; b < wordIds.size(); b++) {
            for (int t = 0; t < wordIds.get(b).length; t++) {
                int at = (b * time + t) * width;
                x[at] = wordIds.get(b)[t];
                if (m > 0) {
                    System.arraycopy(contexts.get(b)[t], 0, x, at + 1, m);
                }
                int[] c = charIds.get(b)[t];
                for (int k = 0; k < c.length; k++) {
                    x[at + 1 + m + k] = c[k];
                }
            }
        }
        return Nd4j.create(x, new long[] {wordIds.size(), time, width}, 'c');
    }

    /** The tag scores {@code [batch, time, tags]} of a batch made by {@link #batch}. */
    @Override
    public INDArray forward(INDArray x) {
        int m = options.contextDim;
        if (x.rank() != 3 || x.size(2) < 2 + m) {
            throw new IllegalArgumentException(this + " expects [batch, time, 1 + " + (m > 0 ? m + " + " : "")
                    + "maxChars] (word index, " + (m > 0 ? "its context vector, " : "") + "then its"
                    + " characters; CharTagger.batch makes it) but got " + Arrays.toString(x.shape()));
        }
        DataType type = words.weight().value().dataType();
        shape = x.shape();
        int batch = (int) shape[0];
        int time = (int) shape[1];
        int width = (int) shape[2];
        double[] flat = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] ids = new double[batch * time];
        double[] mask = new double[batch * time];
        INDArray dropDraw = isTraining() ? Nd4j.rand(DataType.DOUBLE, batch * time) : null;
        for (int i = 0; i < ids.length; i++) {
            int id = (int) flat[i * width];
            mask[i] = id == PAD ? 0 : 1;
            // word dropout: <unk> with probability α / (α + count)
            ids[i] = dropDraw != null && dropDraw.getDouble(i) < dropProbability[id] ? UNK : id;
        }
        INDArray w = words.forward(Nd4j.createFromArray(ids).reshape(batch, time).castTo(type)); // [batch, time, wordDim]
        INDArray c = charVectors(flat, batch * time, width, type);                               // [batch, time, charOut]
        c = c.reshape(batch, time, chars.outputSize());
        List<INDArray> parts = new ArrayList<>(List.of(w));
        if (caps != null) {
            parts.add(caps.forward(capsClasses(flat, batch, time, width).castTo(type)));
        }
        parts.add(c);
        if (m > 0) {   // the frozen context vectors, as given
            parts.add(x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + m)).castTo(type));
        }
        INDArray e = inputDropout.forward(Nd4j.concat(2, parts.toArray(INDArray[]::new)));
        INDArray h = lstm.forward(e, Nd4j.createFromArray(mask).reshape(batch, time).castTo(type));
        INDArray z = output.forward(outputDropout.forward(h));                                  // [batch, time, tags]
        return crf != null ? crf.forward(z) : z;
    }

    /** BPTT through the sentence BiLSTM, then into the word embeddings and the character encoder. */
    @Override
    public INDArray backward(INDArray gradScores) {
        if (shape == null) {
            throw backwardBeforeForward();
        }
        INDArray g = crf != null ? crf.backward(gradScores) : gradScores;
        INDArray gradE = inputDropout.backward(lstm.backward(outputDropout.backward(output.backward(g))));
        int wordDim = options.wordDim;
        int before = wordDim + options.capsDim;    // the word and caps vectors come before the characters'
        long all = gradE.size(2);
        words.backward(gradE.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, wordDim)).dup());
        if (caps != null) {
            caps.backward(gradE.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(wordDim, before)).dup());
        }
        long charEnd = all - options.contextDim;   // the context vectors come last and are not trained
        INDArray gradC = gradE.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(before, charEnd))
                .dup('c').reshape(shape[0] * shape[1], charEnd - before);
        // a word that occurs several times in the batch got one vector: its gradients add up
        INDArray gradDistinct = Nd4j.zeros(gradC.dataType(), distinct + 1, charEnd - before);
        long[] rows = Arrays.stream(charRow).asLongStream().toArray();
        Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                .addInputs(gradDistinct, Nd4j.createFromArray(rows), gradC)
                .addOutputs(gradDistinct).build());
        chars.backward(gradDistinct.get(NDArrayIndex.interval(0, distinct), NDArrayIndex.all()).dup());
        return Nd4j.zeros(gradScores.dataType(), shape); // indices: no gradient
    }

    /** Capitalisation classes, 1 to 5 (0 = padding): x, Xx, XX, xX, no letters, as Collobert et al.'s caps feature. */
    static final int CAPS_CLASSES = 6;

    /** The capitalisation class of every position {@code [batch, time]}, from its characters' letter case. */
    private INDArray capsClasses(double[] flat, int batch, int time, int width) {
        double[] classes = new double[batch * time];
        for (int i = 0; i < classes.length; i++) {
            if (flat[i * width] == PAD) {
                continue;
            }
            boolean upper = false;
            boolean lower = false;
            int first = 1 + options.contextDim;
            boolean firstUpper = letterCase[(int) flat[i * width + first]] == UPPER;
            for (int k = first; k < width && flat[i * width + k] != PAD; k++) {
                int letter = letterCase[(int) flat[i * width + k]];
                upper |= letter == UPPER;
                lower |= letter == LOWER;
            }
            classes[i] = !upper && !lower ? 5 : !upper ? 1 : !lower ? 3 : firstUpper ? 2 : 4;
        }
        return Nd4j.createFromArray(classes).reshape(batch, time);
    }

    /** The character encoder's vector of every position, each distinct word encoded once, 0 at padding. */
    private INDArray charVectors(double[] flat, int positions, int width, DataType type) {
        Map<String, Integer> index = new HashMap<>();
        List<int[]> spelled = new ArrayList<>();
        charRow = new int[positions];
        int maxChars = 1;
        for (int i = 0; i < positions; i++) {
            if (flat[i * width] == PAD) {
                charRow[i] = -1;
                continue;
            }
            int first = 1 + options.contextDim;   // the characters come after the index and the context vector
            int n = 0;
            while (first + n < width && flat[i * width + first + n] != PAD) {
                n++;
            }
            int[] c = new int[n];
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < n; k++) {
                c[k] = (int) flat[i * width + first + k];
                key.append((char) c[k]);
            }
            Integer row = index.get(key.toString());
            if (row == null) {
                row = spelled.size();
                index.put(key.toString(), row);
                spelled.add(c);
                maxChars = Math.max(maxChars, n);
            }
            charRow[i] = row;
        }
        distinct = spelled.size();
        for (int i = 0; i < positions; i++) {
            charRow[i] = charRow[i] < 0 ? distinct : charRow[i]; // padding: the zero row after the words
        }
        float[][] c = new float[Math.max(distinct, 1)][maxChars];
        for (int u = 0; u < distinct; u++) {
            for (int k = 0; k < spelled.get(u).length; k++) {
                c[u][k] = spelled.get(u)[k];
            }
        }
        INDArray vectors = distinct == 0 ? Nd4j.zeros(type, 0, chars.outputSize())
                : chars.forward(Nd4j.createFromArray(c).castTo(type));          // [distinct, charOut]
        INDArray withZero = Nd4j.concat(0, vectors, Nd4j.zeros(type, 1, chars.outputSize()));
        return Nd4j.pullRows(withZero, 1, charRow);                              // [positions, charOut]
    }

    /** The best tags of a batch made by {@link #batch}, in evaluation mode: Viterbi with a CRF, else argmax. */
    public int[][] predict(INDArray x) {
        boolean wasTraining = isTraining();
        eval();
        INDArray scores = forward(x);
        INDArray mask = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).neq(PAD).castTo(scores.dataType());
        int[][] tags;
        if (crf != null) {
            tags = crf.decode(scores, mask);
        } else {
            INDArray best = scores.argMax(2);
            tags = new int[(int) x.size(0)][];
            for (int b = 0; b < tags.length; b++) {
                int length = (int) mask.getRow(b).sumNumber().doubleValue();
                tags[b] = Arrays.copyOf(best.getRow(b).toIntVector(), length);
            }
        }
        setTraining(wasTraining);
        return tags;
    }

    /** {@code words}, {@code caps}, {@code chars}, {@code lstm}, {@code output}, {@code crf}: parameters {@code words.weight}, {@code lstm.weight_ih_l0}, ... */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("words", words);
        if (caps != null) {
            children.put("caps", caps);
        }
        children.put("chars", chars);
        children.put("inputDropout", inputDropout);
        children.put("lstm", lstm);
        children.put("outputDropout", outputDropout);
        children.put("output", output);
        if (crf != null) {
            children.put("crf", crf);
        }
        return children;
    }

    @Override
    public String toString() {
        return "CharTagger(" + options + ")";
    }
}
