package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.Loss;

/** The CRF against brute force over all K^T tag sequences, and its gradient against finite differences. */
class CrfTest {

    private static final int K = 3;

    /** A CRF with random transition scores (not the zeros it starts with, which would hide mistakes). */
    private static Crf randomCrf(long seed) {
        Crf crf = new Crf(K, DataType.DOUBLE);
        Random random = new Random(seed);
        for (Parameter p : crf.parameters()) {
            for (long i = 0; i < p.value().length(); i++) {
                p.value().putScalar(i, 2 * random.nextDouble() - 1);
            }
        }
        return crf;
    }

    private static double[][] randomScores(int length, long seed) {
        Random random = new Random(seed);
        double[][] e = new double[length][K];
        for (double[] row : e) {
            for (int j = 0; j < K; j++) {
                row[j] = 3 * random.nextGaussian();
            }
        }
        return e;
    }

    /** Every tag sequence of a length, in order: 000, 001, ..., 222. */
    private static int[][] allSequences(int length) {
        int count = (int) Math.pow(K, length);
        int[][] all = new int[count][length];
        for (int n = 0; n < count; n++) {
            for (int t = length - 1, rest = n; t >= 0; t--, rest /= K) {
                all[n][t] = rest % K;
            }
        }
        return all;
    }

    @Test
    void logPartitionAndViterbiMatchBruteForce() {
        for (int length = 1; length <= 5; length++) {
            Crf crf = randomCrf(length);
            double[][] e = randomScores(length, 100 + length);
            int[][] all = allSequences(length);
            double[] scores = new double[all.length];
            int best = 0;
            for (int n = 0; n < all.length; n++) {
                scores[n] = crf.score(e, all[n]);
                best = scores[n] > scores[best] ? n : best;
            }
            assertEquals(Crf.logSumExp(scores), crf.logPartition(e), 1e-10, "log Z at length " + length);
            assertArrayEquals(all[best], crf.viterbi(e), "best sequence at length " + length);
        }
    }

    @Test
    void scoreFollowsTheFormula() {
        Crf crf = randomCrf(7);
        double[][] e = randomScores(3, 8);
        int[] y = {2, 0, 1};
        double a = crf.start().value().getDouble(2) + crf.end().value().getDouble(1)
                + crf.transitions().value().getDouble(2, 0) + crf.transitions().value().getDouble(0, 1);
        assertEquals(a + e[0][2] + e[1][0] + e[2][1], crf.score(e, y), 1e-12);
    }

    @Test
    void lossIsTheMeanOverWordsOfMinusLogLikelihoodWithPadding() {
        Crf crf = randomCrf(3);
        int[] lengths = {4, 2, 1};
        INDArray scores = Nd4j.zeros(DataType.DOUBLE, 3, 4, K);
        INDArray labels = Nd4j.valueArrayOf(new long[] {3, 4}, -1.0, DataType.DOUBLE);
        double expected = 0;
        Random random = new Random(5);
        for (int b = 0; b < 3; b++) {
            double[][] e = randomScores(lengths[b], 20 + b);
            int[] y = new int[lengths[b]];
            for (int t = 0; t < lengths[b]; t++) {
                y[t] = random.nextInt(K);
                labels.putScalar(b, t, y[t]);
                for (int j = 0; j < K; j++) {
                    scores.putScalar(new long[] {b, t, j}, e[t][j]);
                }
            }
            // -log p(y | x) by brute force
            int[][] all = allSequences(lengths[b]);
            double[] s = new double[all.length];
            for (int n = 0; n < all.length; n++) {
                s[n] = crf.score(e, all[n]);
            }
            expected += Crf.logSumExp(s) - crf.score(e, y);
        }
        // padding scores must not matter
        scores.putScalar(new long[] {1, 3, 0}, 99);
        assertEquals(expected / 7, crf.loss().forward(scores, labels), 1e-10);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Crf crf = randomCrf(11);
        Nd4j.getRandom().setSeed(12);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, 3, 4, K);
        INDArray labels = Nd4j.createFromArray(new double[][] {{0, 2, 1, 1}, {2, 2, -1, -1}, {1, -1, -1, -1}});
        GradCheck.Report report = GradCheck.check(crf, crf.loss(), scores, labels);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void gradientIsZeroAtPadding() {
        Crf crf = randomCrf(13);
        INDArray scores = Nd4j.rand(DataType.DOUBLE, 2, 3, K);
        Loss loss = crf.loss();
        loss.forward(scores, Nd4j.createFromArray(new double[][] {{0, 1, 2}, {1, -1, -1}}));
        INDArray grad = loss.backward();
        assertEquals(0, grad.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3)).norm2Number().doubleValue(), 0);
        // at a real word, the gradient sums to 0 over tags: marginals sum to 1, one true tag
        assertEquals(0, grad.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void decodeUsesTheMaskAndTheTransitions() {
        Crf crf = new Crf(K, DataType.DOUBLE);
        // the words alone prefer tag 0 everywhere; a strong reward for 0 -> 1 and a penalty for 0 -> 0
        INDArray scores = Nd4j.zeros(DataType.DOUBLE, 2, 3, K);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                scores.putScalar(new long[] {b, t, 0}, 1);
            }
        }
        assertArrayEquals(new int[] {0, 0, 0}, crf.decode(scores, null)[0]);
        crf.transitions().value().putScalar(0, 0, -5);
        crf.transitions().value().putScalar(0, 1, 3);
        int[][] paths = crf.decode(scores, Nd4j.createFromArray(new double[][] {{1, 1, 1}, {1, 1, 0}}));
        assertArrayEquals(new int[] {0, 1, 0}, paths[0]);
        assertArrayEquals(new int[] {0, 1}, paths[1]);
    }

    @Test
    void badLabelsGetClearErrors() {
        Crf crf = new Crf(K);
        INDArray scores = Nd4j.zeros(DataType.FLOAT, 1, 3, K);
        String afterPadding = assertThrows(IllegalArgumentException.class,
                () -> crf.loss().forward(scores, Nd4j.createFromArray(new double[][] {{0, -1, 2}}))).getMessage();
        assertTrue(afterPadding.contains("padding must come at the end"), afterPadding);
        String outOfRange = assertThrows(IllegalArgumentException.class,
                () -> crf.loss().forward(scores, Nd4j.createFromArray(new double[][] {{0, 3, 2}}))).getMessage();
        assertTrue(outOfRange.contains("expects tags 0..2"), outOfRange);
        String shape = assertThrows(IllegalArgumentException.class,
                () -> crf.forward(Nd4j.zeros(DataType.FLOAT, 1, 3, 4))).getMessage();
        assertEquals("Crf expects scores [batch, time, 3] but got [1, 3, 4]", shape);
    }

    @Test
    void trainingLearnsATransitionTheWordsCannotShow() {
        // tags 0, 1, 2; every word looks the same, but the sequences are always 0 1 2 0 1 2 ...:
        // only the transitions can learn that, and Viterbi must then decode it exactly
        Crf crf = new Crf(K, DataType.DOUBLE);
        INDArray scores = Nd4j.zeros(DataType.DOUBLE, 4, 6, K);
        INDArray labels = Nd4j.createFromArray(new double[][] {
            {0, 1, 2, 0, 1, 2}, {0, 1, 2, 0, -1, -1}, {0, 1, 2, 0, 1, -1}, {0, 1, -1, -1, -1, -1}});
        Loss loss = crf.loss();
        double first = 0;
        double last = 0;
        for (int step = 0; step < 200; step++) {
            crf.zeroGrad();
            last = loss.forward(scores, labels);
            first = step == 0 ? last : first;
            loss.backward();
            for (Parameter p : crf.parameters()) {
                p.value().subi(p.grad().mul(1.0));
            }
        }
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
        assertArrayEquals(new int[] {0, 1, 2, 0, 1}, crf.decode(scores.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 3), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1, 0}}))[0]);
    }
}
