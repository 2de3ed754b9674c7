package org.nnlab.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.Nnlab;
import org.nnlab.data.TaggedSentence;
import org.nnlab.rnn.CharTagger;

/** The seed ensemble: its tags are the sequence with the best score averaged over its taggers. */
class TaggerEnsembleTest {

    static final List<String> TAGS = List.of("DET", "NOUN", "PROPN", "VERB");

    static TaggerFiles.Loaded tagger(long seed, boolean crf) {
        TaggingData data = TaggingData.fit(TaggingDataTest.TRAIN, TaggedSentence::upos, TAGS, true);
        CharTagger.Options o = new CharTagger.Options();
        o.wordDim = 3;
        o.charDim = 3;
        o.charHidden = 4;
        o.hidden = 3;
        o.crf = crf;
        Nnlab.seed(seed);
        CharTagger t = new CharTagger(data.wordCounts(), data.characters(), TAGS.size(), o, data.letterCase());
        if (crf) {   // CRF weights that matter (they start at 0)
            t.crf().transitions().value().assign(org.nd4j.linalg.factory.Nd4j.randn(t.crf().transitions().value().dataType(), 4, 4));
            t.crf().start().value().assign(org.nd4j.linalg.factory.Nd4j.randn(t.crf().start().value().dataType(), 4));
        }
        t.eval();
        return new TaggerFiles.Loaded(t, data, "upos");
    }

    @Test
    void oneTaggerAloneTagsAsItself() {
        TaggerFiles.Loaded a = tagger(1, true);
        List<TaggedSentence> all = List.of(TaggingDataTest.DEV.get(0), TaggingDataTest.TRAIN.get(0), TaggingDataTest.TRAIN.get(1));
        assertArrayEquals(TaggerTraining.predict(a.tagger(), a.data(), all), TaggerEnsemble.of(List.of(a)).predict(all));
        assertArrayEquals(TaggerTraining.predict(a.tagger(), a.data(), all), TaggerEnsemble.of(List.of(a, a)).predict(all));
    }

    /**
     * Pairs of taggers: the ensemble's tags beat every other of the 4^3 sequences by the averaged score, and for
     * some pairs they are neither member's own tags (so the test would catch an ensemble that listens to one).
     */
    @Test
    void theTagsMaximiseTheAveragedScore() {
        List<TaggedSentence> dev = TaggingDataTest.DEV;
        int neither = 0;
        for (long seed = 1; seed <= 19; seed += 2) {
            TaggerFiles.Loaded a = tagger(seed, true);
            TaggerFiles.Loaded b = tagger(seed + 1, true);
            int[] best = TaggerEnsemble.of(List.of(a, b)).predict(dev)[0];
            double[][] ea = emissions(a, dev);
            double[][] eb = emissions(b, dev);
            double bestScore = Double.NEGATIVE_INFINITY;
            int[] argmax = null;
            for (int code = 0; code < 64; code++) {
                int[] y = {code / 16, code / 4 % 4, code % 4};
                double s = (a.tagger().crf().score(ea, y) + b.tagger().crf().score(eb, y)) / 2;
                if (s > bestScore) {
                    bestScore = s;
                    argmax = y;
                }
            }
            assertArrayEquals(argmax, best, "seeds " + seed + " and " + (seed + 1));
            boolean likeA = java.util.Arrays.equals(best, TaggerTraining.predict(a.tagger(), a.data(), dev)[0]);
            boolean likeB = java.util.Arrays.equals(best, TaggerTraining.predict(b.tagger(), b.data(), dev)[0]);
            neither += likeA || likeB ? 0 : 1;
        }
        assertTrue(neither > 0, "in 10 pairs the ensemble always agreed with a member");
    }

    private static double[][] emissions(TaggerFiles.Loaded m, List<TaggedSentence> sentences) {
        INDArray z = m.tagger().forward(m.data().input(sentences, new int[] {0}));   // [1, 3, 4]
        double[][] e = new double[3][4];
        for (int t = 0; t < 3; t++) {
            for (int j = 0; j < 4; j++) {
                e[t][j] = z.getDouble(0, t, j);
            }
        }
        return e;
    }

    @Test
    void clearErrors() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> TaggerEnsemble.of(List.of(tagger(1, true), tagger(2, false)))).getMessage();
        assertTrue(message.contains("no CRF"), message);
        TaggerFiles.Loaded names = new TaggerFiles.Loaded(tagger(3, true).tagger(), tagger(3, true).data(), "names");
        message = assertThrows(IllegalArgumentException.class, () -> TaggerEnsemble.of(List.of(tagger(1, true), names)))
                .getMessage();
        assertTrue(message.contains("same task and tags"), message);
        assertEquals("an ensemble needs at least one tagger",
                assertThrows(IllegalArgumentException.class, () -> TaggerEnsemble.of(List.of())).getMessage());
    }
}
