package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nnlab.data.ConlluReader;
import org.nnlab.data.TaggedSentence;
import org.nnlab.testing.TestData;

class WindowFeaturesTest {

    @Test
    void featuresOfAWordInItsSentence() {
        List<String> words = List.of("the", "old", "man", "the", "boats");
        assertEquals(List.of("w=man", "prev=old", "next=the", "suffix2=an", "suffix3=man", "shape=x"),
                WindowFeatures.of(words, 2));
        assertEquals("prev=<s>", WindowFeatures.of(words, 0).get(1));
        assertEquals("next=</s>", WindowFeatures.of(words, 4).get(2));
        assertEquals("suffix3=a", WindowFeatures.of(List.of("a"), 0).get(4));
        assertEquals("Xx", WindowFeatures.shape("Villanueva"));
        assertEquals("d", WindowFeatures.shape("2015"));
        assertEquals("X.X.", WindowFeatures.shape("U.S."));
        assertEquals(5, WindowFeatures.ofSentence(words).size());
    }

    /** A Tribuo logistic-regression tagger on window features beats the most-frequent-tag baseline on EWT. */
    @Test
    void tribuoTaggerOnWindowFeaturesBeatsTheMostFrequentTagOnEwt() {
        List<TaggedSentence> train = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-train.conllu"));
        List<TaggedSentence> dev = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-dev.conllu"));
        List<String> tags = train.stream().flatMap(s -> s.upos().stream()).distinct().sorted().toList();
        long start = System.nanoTime();
        TribuoBaseline tagger = TribuoBaseline.train(features(train), labels(train, tags), tags, 2, 1L);
        ConfusionMatrix m = tagger.evaluate(features(dev), labels(dev, tags));
        double seconds = (System.nanoTime() - start) / 1e9;
        double baseline = MostFrequentTag.trainUpos(train).uposAccuracy(dev);
        System.out.printf("UD English EWT dev UPOS: most frequent tag %.4f, Tribuo on window features %.4f (%.1f s)%n",
                baseline, m.accuracy(), seconds);
        assertTrue(m.accuracy() > baseline + 0.03, "Tribuo tagger " + m.accuracy() + " vs baseline " + baseline);
    }

    private static List<List<String>> features(List<TaggedSentence> sentences) {
        List<List<String>> out = new ArrayList<>();
        for (TaggedSentence s : sentences) {
            out.addAll(WindowFeatures.ofSentence(s.words()));
        }
        return out;
    }

    private static int[] labels(List<TaggedSentence> sentences, List<String> tags) {
        return sentences.stream().flatMap(s -> s.upos().stream()).mapToInt(t -> {
            int c = tags.indexOf(t);
            if (c < 0) {
                throw new IllegalStateException("the tag " + t + " does not occur in training");
            }
            return c;
        }).toArray();
    }
}
