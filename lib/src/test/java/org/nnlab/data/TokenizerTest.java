package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenizerTest {

    private final Tokenizer lower = Tokenizer.lowerCasing();

    @Test
    void splitsPunctuationFromWords() {
        assertEquals(List.of("hello", ",", "world", "!"), lower.tokenize("Hello, world!"));
        assertEquals(List.of("wait", "...", "what", "?"), lower.tokenize("wait... what?"));
        assertEquals(List.of("\"", "conan", "\""), lower.tokenize("\"conan\""));
    }

    @Test
    void negationAndCliticsAreTokensOfTheirOwn() {
        assertEquals(List.of("i", "do", "n't", "like", "it"), lower.tokenize("I don't like it"));
        assertEquals(List.of("it", "is", "n't", "good"), lower.tokenize("it isn't good"));
        assertEquals(List.of("ca", "n't"), lower.tokenize("can't"));
        assertEquals(List.of("it", "'s", "fine", "and", "we", "'ll", "see"), lower.tokenize("it's fine and we'll see"));
        assertEquals(List.of("century", "'s"), lower.tokenize("century's"));
        // Case-insensitive rule, case kept when asked.
        assertEquals(List.of("DO", "N'T"), new Tokenizer(false).tokenize("DON'T"));
    }

    @Test
    void keepsHyphenatedWordsAndNumbers() {
        assertEquals(List.of("a", "well-made", "film", "of", "3.5", "hours"), lower.tokenize("a well-made film of 3.5 hours"));
        assertEquals(List.of("21st"), lower.tokenize("21st"));
        assertEquals(List.of("1,000", ",", "ok"), lower.tokenize("1,000, ok"));
    }

    @Test
    void caseOption() {
        assertEquals(List.of("Good", "Film"), new Tokenizer(false).tokenize("Good Film"));
        assertEquals(List.of("good", "film"), new Tokenizer(true).tokenize("Good Film"));
        assertTrue(lower.tokenize("   ").isEmpty());
    }
}
