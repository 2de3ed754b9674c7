package org.nnlab.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.data.TaggedSentence;
import org.nnlab.rnn.CharTagger;

/** The tagger's vocabularies: lower-cased words beside case-aware characters, and both options saved and loaded. */
class TaggingDataTest {

    static TaggedSentence sentence(String... wordsAndTags) {
        List<String> words = new java.util.ArrayList<>();
        List<String> tags = new java.util.ArrayList<>();
        for (int i = 0; i < wordsAndTags.length; i += 2) {
            words.add(wordsAndTags[i]);
            tags.add(wordsAndTags[i + 1]);
        }
        return new TaggedSentence("s", words, tags, tags);
    }

    static final List<TaggedSentence> TRAIN = List.of(
            sentence("The", "DET", "dog", "NOUN", "barks", "VERB"),
            sentence("the", "DET", "Dog", "PROPN", "sleeps", "VERB"));
    static final List<TaggedSentence> DEV = List.of(sentence("THE", "DET", "dog", "NOUN", "Barks", "VERB"));

    /** The word indices of a batch's first sentence (position 0 of each word's row). */
    static float[] wordIds(TaggingData data, List<TaggedSentence> sentences) {
        INDArray x = data.input(sentences, new int[] {0});
        return x.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(0)).toFloatVector();
    }

    @Test
    void lowerCasedWordsShareOneIndexButKeepTheirCharactersAndTheirUnseenStatus() {
        List<String> tags = List.of("DET", "NOUN", "PROPN", "VERB");
        TaggingData cased = TaggingData.fit(TRAIN, TaggedSentence::upos, tags);
        TaggingData lower = TaggingData.fit(TRAIN, TaggedSentence::upos, tags, true);
        // cased: "The", "the", "dog", "Dog", "barks", "sleeps" + padding and <unk>; lower-cased: 4 words + 2
        assertEquals(8, cased.vocab().size());
        assertEquals(6, lower.vocab().size());
        float[] ids = wordIds(lower, DEV);
        assertEquals(lower.vocab().index("the"), (int) ids[0], "THE reads as the");
        assertEquals(lower.vocab().index("barks"), (int) ids[2], "Barks reads as barks");
        float[] casedIds = wordIds(cased, DEV);
        assertEquals(CharTagger.UNK, (int) casedIds[0], "without the option THE is unknown");
        // the counts for word dropout add up over the spellings: "the" twice, "dog" twice
        assertEquals(2, lower.wordCounts()[lower.vocab().index("the")]);
        assertEquals(2, lower.wordCounts()[lower.vocab().index("dog")]);
        // the characters keep the case, and "unseen" still means the exact spelling
        assertNotEquals(lower.spell("THE")[1], lower.spell("the")[1]);
        assertFalse(lower.seenInTraining("THE"));
        assertTrue(lower.seenInTraining("Dog"));
    }

    @Test
    void lowerCasedWordsAndWordMarkersAreSavedAndLoaded() throws Exception {
        TaggingData data = TaggingData.fit(TRAIN, TaggedSentence::upos, List.of("DET", "NOUN", "PROPN", "VERB"), true);
        CharTagger.Options o = new CharTagger.Options();
        o.wordDim = 4;
        o.charDim = 3;
        o.charHidden = 5;
        o.hidden = 4;
        o.capsDim = 2;
        o.charMarkers = true;
        Nnlab.seed(3);
        CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), data.tags().size(), o, data.letterCase());
        Path folder = Files.createTempDirectory("nnlab-tagging-data");
        TaggerFiles.save(folder, tagger, data, "upos");
        TaggerFiles.Loaded loaded = TaggerFiles.load(folder);
        assertEquals(null, NotebookTagger.contextVectorsOf(folder));
        assertTrue(loaded.data().lowerCaseWords());
        assertTrue(loaded.tagger().options().charMarkers);
        assertArrayEquals(wordIds(data, DEV), wordIds(loaded.data(), DEV));
        // "seen in training" keeps meaning the exact spelling after loading
        assertFalse(loaded.data().seenInTraining("THE"));
        assertTrue(loaded.data().seenInTraining("Dog") && loaded.data().seenInTraining("the"));
        INDArray x = data.input(DEV, new int[] {0});
        tagger.eval();
        assertTrue(tagger.forward(x).equalsWithEps(loaded.tagger().forward(x), 1e-6), "the same scores after save and load");
    }

    @Test
    void aTaggerWithContextVectorsIsSavedAndLoadedWithThem() throws Exception {
        TaggingData data = TaggingData.fit(TRAIN, TaggedSentence::upos, List.of("DET", "NOUN", "PROPN", "VERB"), true)
                .withContext(org.nnlab.pretrained.ContextVectors.named("minilm"));
        CharTagger.Options o = new CharTagger.Options();
        o.wordDim = 4;
        o.charDim = 3;
        o.charHidden = 5;
        o.hidden = 4;
        o.contextDim = data.context().size();
        Nnlab.seed(4);
        CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), data.tags().size(), o, data.letterCase());
        INDArray x = data.input(DEV, new int[] {0});
        assertArrayEquals(new long[] {1, 3, 1 + 384 + 5}, x.shape());   // "Barks" has 5 characters
        Path folder = Files.createTempDirectory("nnlab-tagging-context");
        TaggerFiles.save(folder, tagger, data, "upos");
        assertTrue(Files.readAllLines(folder.resolve(TaggerFiles.SETTINGS)).contains("context\tminilm\t384"));
        assertEquals("minilm", NotebookTagger.contextVectorsOf(folder), "notebook 10 skips it in a kernel without MiniLM");
        TaggerFiles.Loaded loaded = TaggerFiles.load(folder);
        assertEquals("minilm", loaded.data().context().name());
        assertEquals(384, loaded.tagger().options().contextDim);
        tagger.eval();
        assertTrue(tagger.forward(x).equalsWithEps(loaded.tagger().forward(loaded.data().input(DEV, new int[] {0})), 1e-6),
                "the same scores after save and load");
        // data without the vectors (or a tagger without them) is refused with the fix, not read at the wrong places
        TaggingData plain = TaggingData.fit(TRAIN, TaggedSentence::upos, List.of("DET", "NOUN", "PROPN", "VERB"), true);
        String message = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TaggerTraining.predict(tagger, plain, DEV)).getMessage();
        assertTrue(message.contains("reads context vectors of 384") && message.contains("withContext"), message);
    }
}
