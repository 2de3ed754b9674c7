package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BioTagsTest {

    // The lecture's example: "Jane Villanueva of United Airlines Holding discussed the Chicago route ."
    static final List<String> WORDS = List.of("Jane", "Villanueva", "of", "United", "Airlines", "Holding",
            "discussed", "the", "Chicago", "route", ".");
    static final List<String> TAGS = List.of("B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O",
            "B-LOC", "O", "O");

    static List<String> tags(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void lectureExampleGivesThreeSpans() {
        assertEquals(WORDS.size(), TAGS.size());
        List<Span> spans = BioTags.spans(TAGS);
        assertEquals(List.of(new Span("PER", 0, 1), new Span("ORG", 3, 5), new Span("LOC", 8, 8)), spans);
        assertEquals("[PER[0,1], ORG[3,5], LOC[8,8]]", spans.toString());
        assertEquals(3, spans.get(1).length());
    }

    @Test
    void spanAtTheEndOfTheSentenceIsClosed() {
        assertEquals(List.of(new Span("LOC", 1, 2)), BioTags.spans(tags("O B-LOC I-LOC")));
    }

    @Test
    void bAfterBStartsANewSpanOfTheSameType() {
        assertEquals(List.of(new Span("PER", 0, 0), new Span("PER", 1, 2)), BioTags.spans(tags("B-PER B-PER I-PER")));
    }

    @Test
    void insideAfterOutsideStartsANewSpanAsConlleval() {
        assertEquals(List.of(new Span("PER", 1, 2)), BioTags.spans(tags("O I-PER I-PER")));
        assertEquals(List.of(new Span("ORG", 0, 0)), BioTags.spans(tags("I-ORG O")));
    }

    @Test
    void insideOfAnotherTypeStartsANewSpan() {
        assertEquals(List.of(new Span("PER", 0, 0), new Span("ORG", 1, 2)), BioTags.spans(tags("B-PER I-ORG I-ORG")));
        assertEquals(List.of(new Span("PER", 0, 1), new Span("LOC", 2, 2), new Span("PER", 3, 3)),
                BioTags.spans(tags("B-PER I-PER I-LOC I-PER")));
    }

    @Test
    void noSpansInAnEmptyOrAllOutsideSentence() {
        assertTrue(BioTags.spans(List.of()).isEmpty());
        assertTrue(BioTags.spans(tags("O O O")).isEmpty());
    }

    @Test
    void badTagIsRejectedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BioTags.spans(tags("O PER O")));
        assertTrue(e.getMessage().contains("tag 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BioTags.spans(tags("B-")));
        assertThrows(IllegalArgumentException.class, () -> new Span("PER", 3, 2));
    }
}
