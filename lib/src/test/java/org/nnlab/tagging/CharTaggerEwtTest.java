package org.nnlab.tagging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nnlab.Nnlab;
import org.nnlab.data.ConlluReader;
import org.nnlab.data.TaggedSentence;
import org.nnlab.eval.MostFrequentTag;
import org.nnlab.rnn.CharTagger;
import org.nnlab.testing.TestData;

/**
 * A few hundred EWT sentences, a few seconds: the character-aware tagger learns (well above the
 * most-frequent-tag baseline trained on the same sentences, on all words and on words never seen), early
 * stopping restores the best epoch, and a saved tagger loads back with the same predictions.
 */
class CharTaggerEwtTest {

    @Test
    void learnsFromAFewHundredSentencesAndSavesAndLoads() throws Exception {
        List<TaggedSentence> train = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-train.conllu")).subList(0, 300);
        List<TaggedSentence> dev = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-dev.conllu")).subList(0, 100);
        TaggingData data = TaggingData.fit(train, TaggedSentence::upos);
        CharTagger.Options o = new CharTagger.Options();
        o.charEncoder = "cnn";
        o.crf = false;
        o.wordDim = 32;
        o.charDim = 16;
        o.charHidden = 24;
        o.hidden = 32;
        o.capsDim = 4;   // saved and loaded too
        Nnlab.seed(1);
        CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), data.tags().size(), o, data.letterCase());
        TaggerTraining.Result r = new TaggerTraining().maxEpochs(5).learningRate(0.02).batchSize(16).run(tagger, data, train, dev, null);

        int[][] predicted = TaggerTraining.predict(tagger, data, dev);
        TaggerScores scores = TaggerScores.ofUpos(dev, predicted, data.tags(), data::seenInTraining);
        MostFrequentTag mostFrequent = MostFrequentTag.trainUpos(train);
        double baseline = mostFrequent.uposAccuracy(dev);
        System.out.printf("CharTagger on 300 EWT sentences: %s; most frequent tag %.3f; %.1f s%n", scores, baseline, r.seconds());
        assertEquals(r.bestDevAccuracy(), scores.accuracy(), 1e-9, "the best epoch's parameters are restored");
        assertTrue(scores.accuracy() > 0.75 && scores.accuracy() > baseline + 0.02, scores + " vs most frequent tag " + baseline);
        assertTrue(scores.unseenAccuracy() > 0.5, "words never seen in training: " + scores);

        Path folder = Files.createTempDirectory("nnlab-tagger");
        TaggerFiles.save(folder, tagger, data, "upos");
        TaggerFiles.Loaded loaded = TaggerFiles.load(folder);
        assertEquals(data.tags(), loaded.data().tags());
        assertEquals(4, loaded.tagger().options().capsDim);
        int[][] again = TaggerTraining.predict(loaded.tagger(), loaded.data(), dev);
        for (int s = 0; s < dev.size(); s++) {
            assertArrayEquals(predicted[s], again[s], "sentence " + s + " after save and load");
        }
    }
}
