package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nnlab.data.ConlluReader;
import org.nnlab.data.TaggedSentence;
import org.nnlab.testing.TestData;

class MostFrequentTagTest {

    private static TaggedSentence sentence(String words, String tags) {
        List<String> w = List.of(words.split(" "));
        return new TaggedSentence(null, w, List.of(tags.split(" ")), w.stream().map(x -> "_").toList());
    }

    @Test
    void eachWordGetsItsMostFrequentTagAndUnseenWordsTheOverallOne() {
        List<TaggedSentence> train = List.of(
                sentence("read a book", "VERB DET NOUN"),
                sentence("book a flight", "VERB DET NOUN"),
                sentence("a good book", "DET ADJ NOUN"),
                sentence("planes fly", "NOUN VERB"));
        MostFrequentTag baseline = MostFrequentTag.trainUpos(train);
        assertEquals("NOUN", baseline.tag("book"));  // NOUN twice, VERB once
        assertEquals("DET", baseline.tag("a"));
        assertFalse(baseline.knows("plane"));
        assertEquals("NOUN", baseline.fallback());   // NOUN 4 times overall, DET and VERB 3 times
        assertEquals("NOUN", baseline.tag("plane"));
        // "book a flight": book -> NOUN (wrong), a -> DET, flight -> NOUN: 2 of 3
        assertEquals(2.0 / 3, baseline.uposAccuracy(List.of(sentence("book a flight", "VERB DET NOUN"))), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MostFrequentTag.trainUpos(List.of()));
    }

    @Test
    void onEnglishEwtItTagsAboutNineInTenDevWordsRight() {
        List<TaggedSentence> train = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-train.conllu"));
        List<TaggedSentence> dev = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-dev.conllu"));
        MostFrequentTag baseline = MostFrequentTag.trainUpos(train);
        double accuracy = baseline.uposAccuracy(dev);
        long unseen = dev.stream().flatMap(s -> s.words().stream()).filter(w -> !baseline.knows(w)).count();
        long words = dev.stream().mapToLong(TaggedSentence::size).sum();
        System.out.printf("UD English EWT, most-frequent-tag baseline: UPOS accuracy on dev %.4f (%d words, %.1f %% unseen in train)%n",
                accuracy, words, 100.0 * unseen / words);
        // unseen words (all tagged NOUN) cost most of the errors; a tagger that reads context must beat this
        assertTrue(accuracy > 0.80 && accuracy < 0.95, "accuracy " + accuracy);
    }
}
