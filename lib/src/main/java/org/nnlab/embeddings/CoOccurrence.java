package org.nnlab.embeddings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The count-based route to word vectors: how often each word w occurs within {@code window} words of each
 * context word c, then PPMI, then a truncated SVD (see {@link #svdVectors}).
 * <pre>
 *   #(w, c)      pairs within the window, both directions (the matrix is symmetric)
 *   PMI(w, c)  = log( P(w, c) / (P(w) P(c)) ) = log( #(w, c) · N / (#(w) · #(c)) )
 *   PPMI(w, c) = max(0, PMI(w, c))
 * </pre>
 * with #(w) = Σ_c #(w, c) (row sum), #(c) = Σ_w #(w, c) (column sum), N = Σ #(w, c). PMI says how much
 * more often two words meet than if they were independent; negative values (meeting less often) are
 * unreliable on small counts, so PPMI sets them to 0, as do pairs never seen (log 0).
 * The matrices are dense {@code double[V][V]}: fine for a few thousand words.
 */
public final class CoOccurrence {

    private CoOccurrence() {
    }

    /** The counts #(w, c) for the given words (others are skipped but still take their place in the window). */
    public static double[][] counts(List<? extends List<String>> sentences, List<String> words, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("CoOccurrence: window must be ≥ 1 but got " + window);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            index.put(words.get(i), i);
        }
        double[][] counts = new double[words.size()][words.size()];
        for (List<String> sentence : sentences) {
            int[] ids = sentence.stream().mapToInt(w -> index.getOrDefault(w, -1)).toArray();
            for (int t = 0; t < ids.length; t++) {
                if (ids[t] < 0) {
                    continue;
                }
                for (int j = Math.max(0, t - window); j <= Math.min(ids.length - 1, t + window); j++) {
                    if (j != t && ids[j] >= 0) {
                        counts[ids[t]][ids[j]] += 1;
                    }
                }
            }
        }
        return counts;
    }

    /** PPMI(w, c) = max(0, log(#(w, c) N / (#(w) #(c)))), 0 where #(w, c) = 0. */
    public static double[][] ppmi(double[][] counts) {
        int rows = counts.length, cols = rows == 0 ? 0 : counts[0].length;
        double[] rowSum = new double[rows], colSum = new double[cols];
        double total = 0;
        for (int w = 0; w < rows; w++) {
            for (int c = 0; c < cols; c++) {
                rowSum[w] += counts[w][c];
                colSum[c] += counts[w][c];
                total += counts[w][c];
            }
        }
        double[][] ppmi = new double[rows][cols];
        for (int w = 0; w < rows; w++) {
            for (int c = 0; c < cols; c++) {
                if (counts[w][c] > 0) {
                    ppmi[w][c] = Math.max(0, Math.log(counts[w][c] * total / (rowSum[w] * colSum[c])));
                }
            }
        }
        return ppmi;
    }

    /**
     * Word vectors from a (PPMI) matrix by truncated SVD, M ≈ U_k Σ_k V_kᵀ: word w's vector is row w of
     * U_k Σ_k^½ (the square root shares the singular values between words and contexts, as Levy, Goldberg
     * and Dagan 2015 recommend over U_k Σ_k). {@code seed} drives the randomized SVD.
     */
    public static WordVectors svdVectors(double[][] matrix, List<String> words, int k, long seed) {
        INDArray m = Nd4j.createFromArray(matrix).castTo(DataType.DOUBLE);
        TruncatedSvd svd = TruncatedSvd.of(m, k, seed);
        double[][] u = svd.u().toDoubleMatrix();
        double[] s = svd.singularValues().toDoubleVector();
        float[][] vectors = new float[u.length][k];
        for (int r = 0; r < u.length; r++) {
            for (int i = 0; i < k; i++) {
                vectors[r][i] = (float) (u[r][i] * Math.sqrt(s[i]));
            }
        }
        return new WordVectors(words, vectors);
    }
}
