package org.nnlab.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CoOccurrenceTest {

    @Test
    void countsInAWindowBothWays() {
        double[][] c = CoOccurrence.counts(List.of(List.of("a", "b", "x", "a"), List.of("b", "a")), List.of("a", "b"), 1);
        // pairs at distance 1 between known words: (a,b) in the first sentence and (b,a) in the second
        assertArrayEquals(new double[] {0, 2}, c[0]);
        assertArrayEquals(new double[] {2, 0}, c[1]);
        double[][] wide = CoOccurrence.counts(List.of(List.of("a", "b", "x", "a")), List.of("a", "b"), 3);
        assertArrayEquals(new double[] {2, 2}, wide[0]); // a..a at distance 3, both directions; a-b twice
    }

    @Test
    void ppmiByHand() {
        double[][] counts = {{0, 4, 1}, {4, 0, 0}, {1, 0, 2}};
        // N = 12; row sums 5, 4, 3 (the matrix is symmetric, so column sums too)
        double[][] ppmi = CoOccurrence.ppmi(counts);
        assertEquals(Math.log(4 * 12 / (5.0 * 4)), ppmi[0][1], 1e-12);  // log 2.4 > 0
        assertEquals(0, ppmi[0][2], 1e-12);                              // log(12/15) < 0, clipped
        assertEquals(Math.log(2 * 12 / (3.0 * 3)), ppmi[2][2], 1e-12);  // log 2.67
        assertEquals(0, ppmi[1][2], 1e-12);                              // never seen: 0
    }

    @Test
    void truncatedSvdFindsTheTopSingularValues() {
        // A = U diag(s) Vᵀ with orthonormal U, V (from QR of random matrices) and known s
        int n = 60, m = 40;
        Random r = new Random(1);
        double[] s = new double[m];
        for (int i = 0; i < m; i++) {
            s[i] = 10.0 / (1 + i);
        }
        double[][] u = orthonormal(n, m, r), v = orthonormal(m, m, r);
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                for (int k = 0; k < m; k++) {
                    a[i][j] += u[i][k] * s[k] * v[j][k];
                }
            }
        }
        TruncatedSvd svd = TruncatedSvd.of(Nd4j.createFromArray(a), 5, 2);
        INDArray sv = svd.singularValues();
        for (int k = 0; k < 5; k++) {
            assertEquals(s[k], sv.getDouble(k), 1e-6 * s[0], "σ_" + (k + 1));
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += u[i][k] * svd.u().getDouble(i, k);
            }
            assertEquals(1, Math.abs(dot), 1e-6, "u_" + (k + 1) + " up to its sign");
        }
    }

    @Test
    void svdVectorsGroupWordsThatShareContexts() {
        List<List<String>> corpus = SkipGramTest.twoTopics(1000, 3);
        List<String> words = List.of("cat", "dog", "horse", "cow", "car", "bus", "truck", "tram",
                "eats", "sleeps", "barn", "grass", "runs", "drives", "road", "engine", "fuel", "parks");
        WordVectors v = CoOccurrence.svdVectors(CoOccurrence.ppmi(CoOccurrence.counts(corpus, words, 2)), words, 4, 1);
        assertTrue(v.cosine("cat", "dog") > v.cosine("cat", "car") + 0.3, v.nearest("cat", 5).toString());
    }

    /** n x m with orthonormal columns: Gram-Schmidt on a random matrix. */
    private static double[][] orthonormal(int n, int m, Random r) {
        double[][] a = new double[n][m];
        for (double[] row : a) {
            for (int j = 0; j < m; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < j; i++) {
                double dot = 0;
                for (double[] row : a) {
                    dot += row[i] * row[j];
                }
                for (double[] row : a) {
                    row[j] -= dot * row[i];
                }
            }
            double norm = 0;
            for (double[] row : a) {
                norm += row[j] * row[j];
            }
            for (double[] row : a) {
                row[j] /= Math.sqrt(norm);
            }
        }
        return a;
    }
}
