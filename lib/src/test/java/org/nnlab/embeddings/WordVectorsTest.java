package org.nnlab.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.data.Vocab;

class WordVectorsTest {

    private static WordVectors small() {
        return new WordVectors(List.of("king", "queen", "man", "woman", "apple"), new float[][] {
                {1, 1, 0}, {1, 0, 1}, {0, 1, 0}, {0, 0, 1}, {-1, 0.2f, 0.1f}});
    }

    @Test
    void cosineAndNearestNeighbours() {
        WordVectors v = small();
        assertEquals(0.5, v.cosine("king", "queen"), 1e-7);
        assertEquals(1 / Math.sqrt(2), v.cosine("king", "man"), 1e-7);
        List<WordVectors.Neighbour> n = v.nearest("king", 2);
        assertEquals(List.of("man", "queen"), n.stream().map(WordVectors.Neighbour::word).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.nearest("pear", 2));
        assertTrue(e.getMessage().contains("pear"), e.getMessage());
    }

    @Test
    void analogyKingMinusManPlusWoman() {
        WordVectors v = small();
        assertEquals("queen", v.analogy("king", "man", "woman", 1).get(0).word());
    }

    @Test
    void centeringRemovesTheCommonDirection() {
        WordVectors v = new WordVectors(List.of("a", "b", "c"), new float[][] {{10, 1}, {10, -1}, {10, 0}});
        assertTrue(v.meanCosine(3) > 0.99, "before: " + v.meanCosine(3));
        WordVectors c = v.centered();
        assertArrayEquals(new float[] {0, 1}, c.vector("a"), 1e-6f);
        assertArrayEquals(new float[] {0, -1}, c.vector("b"), 1e-6f);
        assertEquals(-1, c.cosine("a", "b"), 1e-12);
        assertEquals(v.words(), c.words());
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        WordVectors v = new WordVectors(List.of("a", "b.", "été"), new float[][] {{0.1f, -2.5e-7f}, {1f / 3, 1e20f}, {0, -0f}});
        Path file = dir.resolve("vectors.txt");
        v.save(file);
        assertEquals("3 2", Files.readAllLines(file).get(0));
        WordVectors back = WordVectors.load(file);
        assertEquals(v.words(), back.words());
        for (String w : v.words()) {
            assertArrayEquals(v.vector(w), back.vector(w), w);
        }
        Files.writeString(file, "2 2\na 1 2\nb 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WordVectors.load(file));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new WordVectors(List.of("two words"), new float[][] {{1}}).save(dir.resolve("x.txt")));
    }

    @Test
    void projectionKeepsTheDirectionOfLargestSpread() {
        // points on a line along (1, 1, 0) plus a wobble along z uncorrelated with it: PC 1 is the line, PC 2 is z
        WordVectors v = new WordVectors(List.of("a", "b", "c", "d"), new float[][] {
                {0, 0, 0.1f}, {1, 1, -0.1f}, {2, 2, -0.1f}, {3, 3, 0.1f}});
        double[][] p = v.project2d(List.of("a", "b", "c", "d"));
        double step = p[1][0] - p[0][0];
        assertEquals(Math.sqrt(2), Math.abs(step), 1e-6);
        assertEquals(2 * step, p[2][0] - p[0][0], 1e-6);
        assertEquals(0.2, Math.abs(p[1][1] - p[0][1]), 1e-6);
    }

    @Test
    void embeddingWeightsUseTheVectorsAtOneScale() {
        WordVectors v = new WordVectors(List.of("good", "bad"), new float[][] {{2, 0}, {0, -2}});
        Vocab vocab = Vocab.build(List.of(List.of("good", "bad", "film")), 1);
        INDArray w = v.embeddingWeights(vocab, 1.0, 3);
        assertEquals(0, w.getRow(Vocab.PAD_INDEX).norm2Number().doubleValue());
        // entries of good and bad: 2, 0, 0, -2 have RMS sqrt(2), so they are scaled by 1/sqrt(2)
        assertEquals(Math.sqrt(2), w.getDouble(vocab.index("good"), 0), 1e-6);
        assertEquals(-Math.sqrt(2), w.getDouble(vocab.index("bad"), 1), 1e-6);
        assertEquals(2.0 / 3, v.coverage(vocab), 1e-12); // good and bad of good, bad, film
    }

    @Test
    void embeddingWeightsForATableOfNamedRows() {
        WordVectors v = new WordVectors(List.of("good", "bad"), new float[][] {{2, 0}, {0, -2}});
        List<String> rows = List.of("<s>", "<unk>", "bad", "film", "good");
        INDArray w = v.embeddingWeights(rows, 0.5, 7);
        assertArrayEquals(new long[] {5, 2}, w.shape());
        assertEquals(-0.5 * Math.sqrt(2), w.getDouble(2, 1), 1e-6); // RMS sqrt(2) scaled to 0.5
        assertEquals(0.5 * Math.sqrt(2), w.getDouble(4, 0), 1e-6);
        assertEquals(0, w.getDouble(4, 1), 1e-7);
        assertTrue(w.getRow(0).norm2Number().doubleValue() > 0, "row 0 is a word here, not padding: random, not zero");
        java.util.Random random = new java.util.Random(7); // the rows without a vector, in order, from the seed
        for (int r : new int[] {0, 1, 3}) {
            for (int i = 0; i < 2; i++) {
                assertEquals(0.5 * random.nextGaussian(), w.getDouble(r, i), 1e-6);
            }
        }
        Vocab vocab = Vocab.build(List.of(List.of("good", "bad", "film")), 1);
        INDArray byVocab = v.embeddingWeights(vocab, 0.5, 7), byRows = v.embeddingWeights(vocab.tokens(), 0.5, 7);
        assertEquals(0, byVocab.getRow(Vocab.PAD_INDEX).norm2Number().doubleValue());
        byRows.getRow(Vocab.PAD_INDEX).assign(0);
        assertEquals(byRows, byVocab, "the vocabulary version is the table version with the padding row zeroed");
    }
}
