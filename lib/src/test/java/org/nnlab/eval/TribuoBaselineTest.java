package org.nnlab.eval;

import org.nnlab.testing.RtSplit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.tribuo.classification.evaluation.LabelEvaluation;

class TribuoBaselineTest {

    static final List<String> NAMES = List.of("neg", "pos");
    static final String[] FILLER = {"the", "film", "plot", "actors", "a", "was", "is", "story", "and", "music"};

    /** Texts of filler words with one sentiment word: "good"/"great" for class 1, "bad"/"awful" for class 0. */
    record Texts(List<List<String>> tokens, int[] labels) {
    }

    static Texts synthetic(int n, long seed) {
        Random random = new Random(seed);
        List<List<String>> tokens = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            List<String> text = new ArrayList<>();
            for (int j = 0; j < 6; j++) {
                text.add(FILLER[random.nextInt(FILLER.length)]);
            }
            String[] cue = labels[i] == 1 ? new String[] {"good", "great"} : new String[] {"bad", "awful"};
            text.add(random.nextInt(text.size()), cue[random.nextInt(2)]);
            tokens.add(text);
        }
        return new Texts(tokens, labels);
    }

    @Test
    void learnsTheSentimentWordsOfASyntheticSet() {
        Texts train = synthetic(200, 1);
        Texts test = synthetic(100, 2);
        TribuoBaseline baseline = TribuoBaseline.train(train.tokens(), train.labels(), NAMES);
        ConfusionMatrix m = baseline.evaluate(test.tokens(), test.labels());
        assertEquals(1.0, m.accuracy(), "the cue word decides the class: " + m);
        assertEquals(1, baseline.predict(List.of("good")));
        assertEquals(0, baseline.predict(List.of("awful")));
        double[] p = baseline.probabilities(List.of("the", "great", "film"));
        assertEquals(1.0, p[0] + p[1], 1e-9);
        assertTrue(p[1] > 0.8, "P(pos | great) = " + p[1]);
    }

    @Test
    void aTextOfUnseenWordsStillGetsAPrediction() {
        Texts train = synthetic(50, 3);
        TribuoBaseline baseline = TribuoBaseline.train(train.tokens(), train.labels(), NAMES);
        int c = baseline.predict(List.of("zyzzyva", "quux"));
        assertTrue(c == 0 || c == 1);
        int empty = baseline.predict(List.of());
        assertTrue(empty == 0 || empty == 1);
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        Texts train = synthetic(100, 4);
        Texts test = synthetic(30, 5);
        double[] a = TribuoBaseline.train(train.tokens(), train.labels(), NAMES, 2, 7).probabilities(test.tokens().get(0));
        double[] b = TribuoBaseline.train(train.tokens(), train.labels(), NAMES, 2, 7).probabilities(test.tokens().get(0));
        assertArrayEquals(a, b);
    }

    @Test
    void tribuosEvaluationBecomesOurTableWithTheSameCounts() {
        // a weak model (1 epoch, few examples) so that the matrix has errors off the diagonal in both directions
        Texts train = synthetic(40, 6);
        List<List<String>> testTokens = new ArrayList<>(synthetic(60, 7).tokens());
        int[] testLabels = new int[testTokens.size()];
        Random random = new Random(8);
        for (int i = 0; i < testLabels.length; i++) {
            testLabels[i] = random.nextInt(2); // labels unrelated to the text: errors both ways
        }
        TribuoBaseline baseline = TribuoBaseline.train(train.tokens(), train.labels(), NAMES, 1, 1);
        ConfusionMatrix ours = baseline.evaluate(testTokens, testLabels);
        LabelEvaluation tribuo = baseline.tribuoEvaluation(testTokens, testLabels);
        ConfusionMatrix converted = TribuoBaseline.toConfusionMatrix(tribuo, NAMES);
        assertTrue(ours.count(0, 1) != ours.count(1, 0), "an asymmetric matrix tests the orientation: " + ours);
        assertArrayEquals(ours.counts(), converted.counts());
        assertEquals(tribuo.accuracy(), ours.accuracy(), 1e-12);
        assertEquals(tribuo.macroAveragedF1(), ours.macroF1(), 1e-12);
        assertEquals(tribuo.f1(new org.tribuo.classification.Label("pos")), ours.f1(1), 1e-12);
    }

    @Test
    void clearErrors() {
        Texts train = synthetic(10, 9);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> TribuoBaseline.train(train.tokens(), new int[3], NAMES));
        assertTrue(length.getMessage().contains("10 texts but 3 labels"), length.getMessage());
        int[] bad = train.labels().clone();
        bad[4] = 2;
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> TribuoBaseline.train(train.tokens(), bad, NAMES));
        assertTrue(range.getMessage().contains("label of text 4 is class 2"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TribuoBaseline.train(List.of(), new int[0], NAMES));
    }

    /** The RT sentence polarity data, fixed 90/10 split with seed 42: a bag-of-words baseline beats 70 %. */
    @Test
    void reachesASaneAccuracyOnRtPolarity() {
        RtSplit rt = RtSplit.load(); // seed 42, 90/10
        List<List<String>> trainTokens = rt.trainTokens();
        List<List<String>> testTokens = rt.testTokens();
        int[] trainLabels = rt.trainLabels();
        int[] testLabels = rt.testLabels();
        long start = System.nanoTime();
        TribuoBaseline baseline = TribuoBaseline.train(trainTokens, trainLabels, NAMES);
        ConfusionMatrix m = baseline.evaluate(testTokens, testLabels);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RT polarity, Tribuo bag-of-words baseline: accuracy %.4f on %d test texts (%.1f s)%n",
                m.accuracy(), m.total(), seconds);
        assertEquals(1067, m.total());
        assertTrue(m.accuracy() > 0.70, "accuracy " + m.accuracy() + "\n" + m);
    }
}
