package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class UnknownWordsTest {

    @Test
    void knownWordsStayAndOthersBecomeTheirSpellingClass() {
        UnknownWords unknown = UnknownWords.fit(List.of(List.of("the", "dog", "barks"), List.of("the", "dog", "ran")), 2);
        assertTrue(unknown.isKnown("the"));
        assertFalse(unknown.isKnown("barks"));            // seen once: below minCount 2
        assertEquals(List.of("the", "dog", "<unk-s>"), unknown.tokens(List.of("the", "dog", "barks")));
        assertEquals("<unk-Xx>", unknown.token("Villanueva"));
        assertEquals("<unk-d>", unknown.token("1970s"));   // the digit wins over the ending
        assertEquals("<unk-ing>", unknown.token("tweeting"));
        assertEquals("<unk-ed>", unknown.token("tweeted"));
        assertEquals("<unk-ly>", unknown.token("quickly"));
        assertEquals(Vocab.UNK, unknown.token("zebra"));
        assertEquals(List.of(List.of("the"), List.of("<unk-Xx>")), unknown.tokensAll(List.of(List.of("the"), List.of("Ann"))));
        assertTrue(UnknownWords.fit(List.of(List.of("once")), 1).isKnown("once"));
        assertThrows(IllegalArgumentException.class, () -> UnknownWords.fit(List.of(), 0));
    }
}
