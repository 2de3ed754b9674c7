package org.nnlab.data;

import org.nnlab.testing.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The whole text path on the real RT data: read, tokenise, build a vocabulary, batch by length, pad. */
class TextPipelineTest {

    @Test
    void rtPolarityBecomesPaddedBatches() {
        List<LabeledText> examples = PolarityReader.readFolder(TestData.folder().resolve("rt-polarity"));
        Tokenizer tokenizer = Tokenizer.lowerCasing();
        List<List<String>> texts = new ArrayList<>();
        for (LabeledText e : examples) {
            texts.add(tokenizer.tokenize(e.text()));
        }
        Vocab vocab = Vocab.build(texts, 2);
        assertTrue(vocab.contains("n't"), "doesn't, isn't, ... are split into does n't, is n't");
        assertTrue(vocab.contains("film") && vocab.contains("good"));
        assertTrue(vocab.size() > 5_000 && vocab.size() < 20_000, "vocabulary of " + vocab.size());

        List<int[]> sequences = vocab.encodeAll(texts);
        List<int[]> batches = LengthBatches.of(sequences, 64, 1);
        int total = 0;
        for (int[] batch : batches) {
            List<int[]> members = new ArrayList<>();
            for (int i : batch) {
                members.add(sequences.get(i));
            }
            PaddedBatch padded = PaddedBatch.of(members);
            assertEquals(batch.length, padded.batchSize());
            total += padded.batchSize();
        }
        assertEquals(10_662, total);
    }
}
