package org.nnlab.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.nnlab.check.FiniteDifference;
import org.nnlab.check.GradCheck;

class SkipGramTest {

    private static double[] randomVector(Random r, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    /** Central difference of the loss in every entry of {@code theta}, compared with the analytic gradient. */
    private static void assertGradient(String name, double[] theta, double[] analytic, DoubleSupplier loss) {
        double h = FiniteDifference.STEP;
        for (int i = 0; i < theta.length; i++) {
            double original = theta[i];
            theta[i] = original + h;
            double plus = loss.getAsDouble();
            theta[i] = original - h;
            double minus = loss.getAsDouble();
            theta[i] = original;
            double numerical = (plus - minus) / (2 * h);
            double error = Math.abs(analytic[i] - numerical)
                    / Math.max(GradCheck.FLOOR, Math.max(Math.abs(analytic[i]), Math.abs(numerical)));
            assertTrue(error < GradCheck.TOLERANCE, name + "[" + i + "]: backward " + analytic[i] + ", numerical "
                    + numerical + ", relative error " + error);
        }
    }

    @Test
    void negativeSamplingGradientsMatchFiniteDifferences() {
        Random r = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            int d = 6;
            double[] v = randomVector(r, d), uo = randomVector(r, d);
            double[][] neg = {randomVector(r, d), randomVector(r, d), randomVector(r, d)};
            NegativeSampling.Gradients g = NegativeSampling.gradients(v, uo, neg);
            DoubleSupplier loss = () -> NegativeSampling.loss(v, uo, neg);
            assertGradient("dL/dv", v, g.center(), loss);
            assertGradient("dL/du_o", uo, g.context(), loss);
            for (int k = 0; k < neg.length; k++) {
                assertGradient("dL/du_" + k, neg[k], g.negatives()[k], loss);
            }
        }
    }

    @Test
    void lossIsStableForLargeScores() {
        double[] v = {30, 0}, uo = {30, 0};
        double[][] neg = {{-30, 0}};
        assertEquals(2 * Math.exp(-900), NegativeSampling.loss(v, uo, neg), 1e-300);
        double[][] wrong = {{30, 0}};
        assertEquals(1800, NegativeSampling.loss(v, new double[] {-30, 0}, wrong), 1e-9); // two terms of 900
        assertThrows(IllegalArgumentException.class, () -> NegativeSampling.loss(v, new double[3], neg));
    }

    @Test
    void stepIsOneSgdStepOnTheNegativeSamplingLoss() {
        Random r = new Random(5);
        int d = 4, words = 5;
        float[][] in = new float[words][d], out = new float[words][d];
        for (int w = 0; w < words; w++) {
            for (int i = 0; i < d; i++) {
                in[w][i] = (float) r.nextGaussian();
                out[w][i] = (float) r.nextGaussian();
            }
        }
        int center = 0, context = 1;
        int[] negatives = {2, 3, 4};
        double[] v = toDouble(in[center]), uo = toDouble(out[context]);
        double[][] neg = {toDouble(out[2]), toDouble(out[3]), toDouble(out[4])};
        NegativeSampling.Gradients g = NegativeSampling.gradients(v, uo, neg);
        double expectedLoss = NegativeSampling.loss(v, uo, neg);
        SkipGram sg = new SkipGram(d);
        sg.initialiseForTest(List.of("a", "b", "c", "d", "e"), in, out);
        float lr = 0.1f;
        double loss = sg.step(center, context, negatives, lr, new float[d]);
        assertEquals(expectedLoss, loss, 1e-5);
        for (int i = 0; i < d; i++) {
            assertEquals(v[i] - lr * g.center()[i], sg.inputRows()[center][i], 1e-5, "v[" + i + "]");
            assertEquals(uo[i] - lr * g.context()[i], sg.outputRows()[context][i], 1e-5, "u_o[" + i + "]");
            for (int k = 0; k < 3; k++) {
                assertEquals(neg[k][i] - lr * g.negatives()[k][i], sg.outputRows()[negatives[k]][i], 1e-5, "u_" + k);
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Two topics that never share a sentence: animals (with eats, sleeps, barn, ...) and vehicles (with
     * drives, road, engine, ...). A word's nearest neighbours must be the words of its own topic.
     */
    static List<List<String>> twoTopics(int sentences, long seed) {
        String[][] nouns = {{"cat", "dog", "horse", "cow"}, {"car", "bus", "truck", "tram"}};
        String[][] context = {{"eats", "sleeps", "barn", "grass", "runs"}, {"drives", "road", "engine", "fuel", "parks"}};
        Random r = new Random(seed);
        List<List<String>> corpus = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            int topic = r.nextInt(2);
            List<String> sentence = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String[] pool = t % 2 == 0 ? nouns[topic] : context[topic];
                sentence.add(pool[r.nextInt(pool.length)]);
            }
            corpus.add(sentence);
        }
        return corpus;
    }

    @Test
    void nearestNeighboursAreTheWordsOfTheSameTopic() {
        List<List<String>> corpus = twoTopics(2000, 1);
        List<Double> losses = new ArrayList<>();
        WordVectors vectors = new SkipGram(16).window(2).negatives(3).minCount(1).subsample(0).epochs(3).seed(1)
                .onEpoch((epoch, loss) -> losses.add(loss)).fit(corpus);
        assertEquals(18, vectors.size());
        assertTrue(losses.get(2) < losses.get(0), "the loss falls: " + losses);
        Set<String> animals = Set.of("cat", "dog", "horse", "cow"), vehicles = Set.of("car", "bus", "truck", "tram");
        for (String w : List.of("cat", "dog", "car", "tram")) {
            Set<String> own = animals.contains(w) ? animals : vehicles;
            for (WordVectors.Neighbour n : vectors.nearest(w, 3)) {
                assertTrue(own.contains(n.word()), w + "'s neighbours: " + vectors.nearest(w, 3));
            }
        }
        assertTrue(vectors.cosine("cat", "dog") > vectors.cosine("cat", "car") + 0.3,
                "cat-dog " + vectors.cosine("cat", "dog") + " vs cat-car " + vectors.cosine("cat", "car"));
    }

    @Test
    void oneSeedGivesTheSameVectors() {
        List<List<String>> corpus = twoTopics(300, 2);
        WordVectors a = new SkipGram(8).minCount(1).epochs(2).seed(7).fit(corpus);
        WordVectors b = new SkipGram(8).minCount(1).epochs(2).seed(7).fit(corpus);
        WordVectors c = new SkipGram(8).minCount(1).epochs(2).seed(8).fit(corpus);
        assertArrayEquals(a.vector("cat"), b.vector("cat"));
        assertTrue(a.vector("cat")[0] != c.vector("cat")[0]);
    }

    @Test
    void vocabularyIsByFrequencyAndMinCount() {
        List<List<String>> corpus = List.of(List.of("a", "b", "a", "c"), List.of("a", "b", "d"));
        SkipGram sg = new SkipGram(4).minCount(2).epochs(1);
        sg.fit(corpus);
        assertEquals(List.of("a", "b"), sg.words());
        assertEquals(3, sg.count("a"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SkipGram(4).minCount(5).fit(corpus));
        assertTrue(e.getMessage().contains("minCount"), e.getMessage());
    }
}
