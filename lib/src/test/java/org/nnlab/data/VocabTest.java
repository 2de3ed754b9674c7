package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class VocabTest {

    private final List<List<String>> texts = List.of(
            List.of("the", "film", "is", "good"),
            List.of("the", "film", "is", "bad"),
            List.of("the", "plot", "is", "thin"));

    @Test
    void paddingAndUnknownComeFirstThenWordsByFrequency() {
        Vocab vocab = Vocab.build(texts, 1);
        assertEquals(Vocab.PAD, vocab.token(0));
        assertEquals(Vocab.UNK, vocab.token(1));
        // "is" and "the" occur 3 times (alphabetical tie-break), then "film" twice, then the rest.
        assertEquals(List.of("<pad>", "<unk>", "is", "the", "film", "bad", "good", "plot", "thin"), vocab.tokens());
        assertEquals(3, vocab.count("the"));
        for (int i = 0; i < vocab.size(); i++) {
            assertEquals(i, vocab.index(vocab.token(i)));
        }
    }

    @Test
    void minCountDropsRareWordsToUnknown() {
        Vocab vocab = Vocab.build(texts, 2);
        assertEquals(5, vocab.size());
        assertFalse(vocab.contains("plot"));
        assertEquals(Vocab.UNK_INDEX, vocab.index("plot"));
        assertEquals(Vocab.UNK_INDEX, vocab.index("never-seen"));
        assertArrayEquals(new int[] {3, 4, 2, 1}, vocab.encode(List.of("the", "film", "is", "great")));
        assertEquals(List.of("the", "film", "is", "<unk>"), vocab.decode(new int[] {3, 4, 2, 1}));
        assertThrows(IndexOutOfBoundsException.class, () -> vocab.token(5));
    }

    @Test
    void bagOfWordsCountsEachIndex() {
        Vocab vocab = Vocab.build(texts, 1);
        float[] bag = vocab.bagOfWords(List.of("the", "the", "film", "unseen"));
        assertEquals(2f, bag[vocab.index("the")]);
        assertEquals(1f, bag[vocab.index("film")]);
        assertEquals(1f, bag[Vocab.UNK_INDEX]);
        assertEquals(0f, bag[Vocab.PAD_INDEX]);
        INDArray matrix = vocab.bagOfWordsMatrix(texts);
        assertArrayEquals(new long[] {3, vocab.size()}, matrix.shape());
        assertEquals(4.0, matrix.getRow(0).sumNumber().doubleValue(), 0.0);
    }

    @Test
    void sameTextsSameIndices() {
        assertEquals(Vocab.build(texts, 1).tokens(), Vocab.build(List.copyOf(texts), 1).tokens());
        assertTrue(Vocab.build(List.of(List.of("<pad>", "x")), 1).size() == 3, "<pad> in the text is not a new word");
    }
}
