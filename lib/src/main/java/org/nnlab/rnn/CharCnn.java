package org.nnlab.rnn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.PerStep;

/**
 * A word from its characters with a convolution and max pooling (Ma and Hovy 2016):
 * <pre>
 *   c_1 .. c_n = C[chars of the word]                          [words, n, dim]
 *                (with markers: C[⟨], c_1 .. c_n, C[⟩], so n grows by 2)
 *   window_p = [c_{p-1} ; c_p ; c_{p+1}]   (width 3; zeros beyond the word's ends)   [words, n, 3 · dim]
 *   y_p = W window_p + b                   one Linear at every position (a 1-D convolution)   [words, n, filters]
 *   word vector_f = max over p = 1..n of y_p,f                 [words, filters]
 * </pre>
 * Each filter is a detector of a character n-gram (a suffix, a capital, a hyphen); max pooling keeps,
 * for each filter, how strongly it fired anywhere in the word. Positions beyond the word's end are left
 * out of the max, so padding changes nothing. Backward: the gradient of each filter goes to the one
 * position that won the max, then back through the Linear and into the characters of that window.
 */
public class CharCnn extends CharEncoder {

    private final Embedding embedding;
    private final PerStep convolution; // the same Linear(width · dim -> filters) at every position
    private final int width;
    private final int filters;
    private final int begin;    // the start-of-word marker's index, or -1 without markers (the end marker is begin + 1)

    // cached by forward
    private int[][] winner;     // winner[w][f]: the position p of the max of filter f in word w
    private long[] convShape;   // [words, n, filters]
    private INDArray keep;      // [words, n, dim]: 1 at the word's characters, 0 after its end
    private long[] inputShape;  // [words, maxLength] as given (before the markers)

    /** {@code filters} filters over windows of {@code width} (odd) characters of size {@code dim}. */
    public CharCnn(int characters, int dim, int filters, int width) {
        this(characters, dim, filters, width, false);
    }

    /**
     * As above; with {@code markers} every word is read between a start and an end marker, {@code ⟨word⟩}
     * (two more rows of the character embedding, indices {@code characters} and {@code characters + 1}), so a
     * filter can tell a suffix ("ly⟩") or a first capital ("⟨W") from the same letters inside the word: max
     * pooling alone forgets where in the word a filter fired.
     */
    public CharCnn(int characters, int dim, int filters, int width, boolean markers) {
        if (width < 1 || width % 2 == 0) {
            throw new IllegalArgumentException("CharCnn needs an odd window width (1, 3, 5, ...) but got " + width);
        }
        this.embedding = new Embedding(markers ? characters + 2 : characters, dim, PAD, DataType.FLOAT);
        this.convolution = new PerStep(new Linear(width * dim, filters));
        this.width = width;
        this.filters = filters;
        this.begin = markers ? characters : -1;
    }

    @Override
    public int outputSize() {
        return filters;
    }

    @Override
    public INDArray forward(INDArray chars) {
        checkChars(chars);
        inputShape = chars.shape();
        if (begin >= 0) {
            chars = withMarkers(chars);
        }
        int words = (int) chars.size(0);
        int n = (int) chars.size(1);
        // [words, n, dim]; positions after the word's end set to 0 (the zeros the windows read beyond it)
        keep = mask(chars, embedding.weight().value().dataType()).reshape(words, n, 1).broadcast(words, n, embedding.dim());
        INDArray c = embedding.forward(chars).muli(keep);
        INDArray y = convolution.forward(windows(c));               // [words, n, filters]
        convShape = y.shape();
        // max over the real positions of each word
        double[] v = y.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] length = chars.neq(PAD).castTo(DataType.DOUBLE).toDoubleMatrix();
        double[] out = new double[words * filters];
        winner = new int[words][filters];
        for (int w = 0; w < words; w++) {
            int len = 0;
            for (double m : length[w]) {
                len += (int) m;
            }
            for (int f = 0; f < filters; f++) {
                int best = 0;
                for (int p = 1; p < Math.max(len, 1); p++) {
                    if (v[(w * n + p) * filters + f] > v[(w * n + best) * filters + f]) {
                        best = p;
                    }
                }
                winner[w][f] = best;
                out[w * filters + f] = v[(w * n + best) * filters + f];
            }
        }
        return Nd4j.createFromArray(out).reshape(words, filters).castTo(y.dataType());
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (winner == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, new long[] {convShape[0], filters});
        int words = (int) convShape[0];
        int n = (int) convShape[1];
        // dL/dy_p,f = dL/d(vector_f) at the winning position, 0 elsewhere
        double[] g = gradOutput.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] gy = new double[words * n * filters];
        for (int w = 0; w < words; w++) {
            for (int f = 0; f < filters; f++) {
                gy[(w * n + winner[w][f]) * filters + f] = g[w * filters + f];
            }
        }
        INDArray gradY = Nd4j.createFromArray(gy).reshape(words, n, filters).castTo(gradOutput.dataType());
        INDArray gradWindows = convolution.backward(gradY);         // [words, n, width · dim]
        embedding.backward(unfoldBack(gradWindows).muli(keep));
        return Nd4j.zeros(gradOutput.dataType(), inputShape);      // indices get no gradient
    }

    /** {@code [words, n + 2]}: each word's characters between the start marker and the end marker, then padding. */
    private INDArray withMarkers(INDArray chars) {
        double[][] c = chars.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] marked = new double[c.length][c[0].length + 2];
        for (int w = 0; w < c.length; w++) {
            marked[w][0] = begin;
            int p = 0;
            while (p < c[w].length && c[w][p] != PAD) {
                marked[w][p + 1] = c[w][p];
                p++;
            }
            marked[w][p + 1] = begin + 1;
        }
        return Nd4j.createFromArray(marked).castTo(chars.dataType());
    }

    /** Every position's window [c_{p-h} ; ... ; c_{p+h}], h = width / 2, zeros beyond the ends. */
    private INDArray windows(INDArray c) {
        int half = width / 2;
        long words = c.size(0);
        long n = c.size(1);
        long dim = c.size(2);
        INDArray zeros = Nd4j.zeros(c.dataType(), words, half, dim);
        INDArray padded = half == 0 ? c : Nd4j.concat(1, zeros, c, zeros);   // [words, n + 2h, dim]
        INDArray[] shifted = new INDArray[width];
        for (int j = 0; j < width; j++) {       // part j of the window of p is c_{p - h + j} = padded_{p + j}
            shifted[j] = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(j, j + n), NDArrayIndex.all());
        }
        return Nd4j.concat(2, shifted);
    }

    /** The gradient of the windows back onto the characters: each c_q gets the parts of every window it was in. */
    private INDArray unfoldBack(INDArray gradWindows) {
        int half = width / 2;
        long words = gradWindows.size(0);
        long n = gradWindows.size(1);
        long dim = gradWindows.size(2) / width;
        INDArray gradPadded = Nd4j.zeros(gradWindows.dataType(), words, n + 2 * half, dim);
        for (int j = 0; j < width; j++) {
            gradPadded.get(NDArrayIndex.all(), NDArrayIndex.interval(j, j + n), NDArrayIndex.all())
                    .addi(gradWindows.get(NDArrayIndex.all(), NDArrayIndex.all(),
                            NDArrayIndex.interval(j * dim, (j + 1) * dim)));
        }
        return gradPadded.get(NDArrayIndex.all(), NDArrayIndex.interval(half, half + n), NDArrayIndex.all()).dup();
    }

    /** Parameters {@code embedding.weight}, {@code conv.weight} {@code [filters, width · dim]}, {@code conv.bias}. */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("embedding", embedding);
        children.put("conv", convolution);
        return children;
    }

    @Override
    public String toString() {
        return "CharCnn(" + embedding + ", " + filters + " filters of width " + width + (begin >= 0 ? ", word markers" : "")
                + ", max pooling)";
    }
}
