package org.nnlab.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.nnlab.data.TaggedSentence;

/** The unseen-word summaries that ./nnlab train pos prints: errors by (gold, predicted), accuracy per gold tag. */
class TaggerScoresTest {

    static final List<String> TAGS = List.of("ADJ", "NOUN", "PROPN", "VERB");

    @Test
    void unseenWordErrorsAndAccuracyPerGoldTag() {
        List<TaggedSentence> dev = List.of(
                TaggingDataTest.sentence("the", "ADJ", "Coach", "NOUN", "Applause", "NOUN", "Lisa", "PROPN"),
                TaggingDataTest.sentence("Paris", "PROPN", "blessed", "ADJ", "sings", "VERB", "Laughter", "NOUN"));
        // predicted: the ADJ (seen), Coach PROPN, Applause PROPN, Lisa PROPN / Paris NOUN, blessed VERB, sings VERB, Laughter NOUN
        int[][] predicted = {{0, 2, 2, 2}, {1, 3, 3, 1}};
        Set<String> seen = Set.of("the", "sings");
        assertEquals("NOUN -> PROPN 2, ADJ -> VERB 1, PROPN -> NOUN 1",
                TaggerScores.unseenErrors(dev, predicted, TAGS, seen::contains, 8));
        assertEquals("NOUN -> PROPN 2", TaggerScores.unseenErrors(dev, predicted, TAGS, seen::contains, 1));
        // unseen: NOUN 3 (1 right), PROPN 2 (1 right), ADJ 1 (0 right); the seen words do not count
        assertEquals("NOUN 33.3 % of 3, PROPN 50.0 % of 2, ADJ 0.0 % of 1",
                TaggerScores.unseenByTag(dev, predicted, TAGS, seen::contains, 6));
    }
}
