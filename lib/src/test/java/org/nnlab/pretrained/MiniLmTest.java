package org.nnlab.pretrained;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The WordPiece tokenizer and MiniLM's word vectors, with the real model file (Maven's test class path has the
 * optional jars).
 */
class MiniLmTest {

    @Test
    void wordPieceCutsAsBertDoes() {
        // BERT's own example, with a vocabulary made for it; the match is greedy: once "una" is taken, nothing
        // matches "ffable" and the word is unknown (no going back)
        WordPiece small = new WordPiece(java.util.Map.of("[UNK]", 0, "un", 1, "##aff", 2, "##able", 3));
        assertEquals(List.of("un", "##aff", "##able"), small.units("unaffable"));
        assertEquals(List.of("[UNK]"), new WordPiece(java.util.Map.of("[UNK]", 0, "un", 1, "una", 2, "##aff", 3, "##able", 4))
                .units("unaffable"));
        MiniLm model = MiniLm.load();
        WordPiece wordPiece = model.wordPiece();
        // the real vocabulary has "una" and "##ffa"
        assertEquals(List.of("una", "##ffa", "##ble"), wordPiece.units("unaffable"));
        assertEquals(List.of("the"), wordPiece.units("The"));
        assertEquals(List.of("cafe"), wordPiece.units("Café"));                 // accents stripped
        assertEquals(List.of("e", "-", "mail"), wordPiece.units("e-mail"));     // punctuation split off
        assertEquals(List.of("[UNK]"), wordPiece.units("\u2603\u2603"));        // no unit for snowmen (a symbol, not punctuation)
        assertEquals(List.of("$", "5", "\u2019", "s"), wordPiece.units("$5\u2019s"));   // ASCII and Unicode punctuation
        assertEquals(List.of("[UNK]"), wordPiece.units(""));
        assertEquals(101, wordPiece.id("[CLS]"));
        assertEquals(102, wordPiece.id("[SEP]"));
        assertThrows(IllegalArgumentException.class, () -> wordPiece.id("no such unit"));
    }

    @Test
    void theVocabularyIsReadFromTheTokenizerFile() {
        String json = "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"[UNK]\": 0, \"a\\\"b\": 1, \"\\u00e9\": 2, \"##x\": 3}}}";
        var vocabulary = MiniLm.vocabulary(json);
        assertEquals(4, vocabulary.size());
        assertEquals(1, vocabulary.get("a\"b"));
        assertEquals(2, vocabulary.get("\u00e9"));
        assertEquals(30522, MiniLm.load().wordPiece().size());
    }

    @Test
    void oneVectorPerWordThatDependsOnTheSentence() {
        MiniLm model = MiniLm.load();
        List<String> river = List.of("We", "sat", "on", "the", "bank", "of", "the", "river", ".");
        List<String> money = List.of("The", "bank", "lent", "us", "money", ".");
        float[][] a = model.of(river);
        float[][] b = model.of(money);
        assertEquals(river.size(), a.length);
        for (float[] v : a) {
            assertEquals(model.size(), v.length);
        }
        assertFalse(java.util.Arrays.equals(a[4], b[1]), "\"bank\" in two sentences: two vectors");
        assertSame(a, model.of(new ArrayList<>(river)), "each sentence is computed once");
        // a word cut into several units gets the vector of its first unit: still one vector per word
        assertEquals(3, model.of(List.of("unaffable", "CrudeStocks.pdf", "!")).length);
    }

    @Test
    void aSentenceLongerThanTheModelIsReadInParts() {
        MiniLm model = MiniLm.load();
        List<String> words = new ArrayList<>(Collections.nCopies(600, "word"));
        float[][] v = model.of(words);
        assertEquals(600, v.length);
        for (float[] w : v) {
            assertEquals(model.size(), w.length);
        }
        // the first part is read as the same words alone would be
        assertArrayEquals(model.of(words.subList(0, 510))[0], v[0], 1e-4f);
    }

    @Test
    void namedFindsTheModel() {
        assertTrue(ContextVectors.available("minilm"));
        assertSame(MiniLm.load(), ContextVectors.named("minilm"));
        String message = assertThrows(IllegalArgumentException.class, () -> ContextVectors.named("elmo")).getMessage();
        assertTrue(message.contains("minilm"), message);
    }
}
