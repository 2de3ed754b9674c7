package org.nnlab.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.data.WordWindows;

/**
 * Collobert and Weston's window network, the first neural tagger (Collobert et al. 2011, "Natural language
 * processing (almost) from scratch"): a feed-forward network that tags a word from the words around it.
 * Each word of the window is looked up in three tables of learned vectors (the word in lower case, its
 * capitalisation, its last two letters: {@link WordWindows}), and the vectors of the whole window are
 * concatenated:
 * <pre>
 *   e   = [E[w_1] ; C[caps_1] ; S[suffix_1] ; ... ; E[w_k] ; C[caps_k] ; S[suffix_k]]   k words, [words, k · d]
 *   h   = HardTanh(W₁ e + b₁)                                                          [words, hidden]
 *   z   = W₂ h + b₂                   tag scores; softmax and cross-entropy as any classifier   [words, tags]
 * </pre>
 * <b>Input</b>: {@code [words, k, 3]} indices from {@link WordWindows#input}. <b>Output</b>: {@code [words, tags]}.
 * Backward sends the gradient of e back to the rows of the three tables that were looked up.
 */
public class WindowTagger extends Module {

    private final Embedding words;
    private final Embedding caps;
    private final Embedding suffixes;
    private final Linear hidden;
    private final HardTanh hardTanh = new HardTanh();
    private final Linear output;
    private final int window;

    private long[] inputShape; // cached by forward

    /**
     * A window tagger over the tables of {@code windows}: word vectors of {@code wordDim}, capitalisation and
     * suffix vectors of {@code featureDim}, {@code hiddenUnits} hidden units, {@code tags} tags. FLOAT.
     */
    public WindowTagger(WordWindows windows, int wordDim, int featureDim, int hiddenUnits, int tags) {
        this(windows.window(), windows.wordCount(), WordWindows.CAPS.size(), windows.suffixCount(), wordDim, featureDim,
                hiddenUnits, tags);
    }

    /** The same with the table sizes given: windows of {@code window} words, tables of the given numbers of rows. */
    public WindowTagger(int window, int wordCount, int capsCount, int suffixCount, int wordDim, int featureDim,
            int hiddenUnits, int tags) {
        this.window = window;
        this.words = new Embedding(wordCount, wordDim, DataType.FLOAT);
        this.caps = new Embedding(capsCount, featureDim, DataType.FLOAT);
        this.suffixes = new Embedding(suffixCount, featureDim, DataType.FLOAT);
        this.hidden = new Linear(window * (wordDim + 2 * featureDim), hiddenUnits);
        this.output = new Linear(hiddenUnits, tags);
    }

    @Override
    public INDArray forward(INDArray x) {
        if (x.rank() != 3 || x.size(1) != window || x.size(2) != 3) {
            throw new IllegalArgumentException(this + " expects [words, " + window + ", 3] (word, capitalisation and"
                    + " suffix indices of each word of the window: WordWindows.input makes it) but got "
                    + Arrays.toString(x.shape()));
        }
        inputShape = x.shape();
        long n = x.size(0);
        INDArray w = words.forward(column(x, 0));       // [words, k, wordDim]
        INDArray c = caps.forward(column(x, 1));        // [words, k, featureDim]
        INDArray s = suffixes.forward(column(x, 2));    // [words, k, featureDim]
        INDArray e = Nd4j.concat(2, w, c, s).reshape('c', n, -1);   // the window's vectors side by side
        return output.forward(hardTanh.forward(hidden.forward(e)));
    }

    @Override
    public INDArray backward(INDArray gradScores) {
        if (inputShape == null) {
            throw backwardBeforeForward();
        }
        INDArray gradE = hidden.backward(hardTanh.backward(output.backward(gradScores)));
        long wordDim = words.dim();
        long featureDim = caps.dim();
        INDArray g = gradE.reshape('c', inputShape[0], window, wordDim + 2 * featureDim);
        words.backward(g.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, wordDim)).dup());
        caps.backward(g.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(wordDim, wordDim + featureDim)).dup());
        suffixes.backward(g.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(wordDim + featureDim, wordDim + 2 * featureDim)).dup());
        return Nd4j.zeros(gradScores.dataType(), inputShape); // indices: no gradient
    }

    private static INDArray column(INDArray x, int feature) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(feature)).dup('c');
    }

    /** The table of word vectors (rows as {@link WordWindows#wordTable()}): to start it from pre-trained vectors. */
    public Embedding wordEmbedding() {
        return words;
    }

    /** The best tag of every word (argmax of its scores). */
    public int[] predict(INDArray x) {
        return forward(x).argMax(1).toIntVector();
    }

    /** Parameters {@code words.weight}, {@code caps.weight}, {@code suffixes.weight}, {@code hidden.*}, {@code output.*}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("words", words);
        children.put("caps", caps);
        children.put("suffixes", suffixes);
        children.put("hidden", hidden);
        children.put("hardTanh", hardTanh);
        children.put("output", output);
        return children;
    }

    @Override
    public String toString() {
        return "WindowTagger(window " + window + ", words " + words.dim() + ", caps and suffixes " + caps.dim()
                + ", hidden " + hidden.weight().value().size(0) + ", HardTanh, tags " + output.weight().value().size(0) + ")";
    }
}
