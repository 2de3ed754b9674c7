package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SpanScoresTest {

    static List<String> tags(String line) {
        return List.of(line.split(" "));
    }

    @Test
    void perfectPredictionScoresOne() {
        SpanScores s = SpanScores.ofTags(List.of(BioTagsTest.TAGS), List.of(BioTagsTest.TAGS));
        assertEquals(3, s.truePositives());
        assertEquals(0, s.falsePositives());
        assertEquals(0, s.falseNegatives());
        assertEquals(1.0, s.precision(), 1e-12);
        assertEquals(1.0, s.recall(), 1e-12);
        assertEquals(1.0, s.f1(), 1e-12);
        assertEquals(List.of("LOC", "ORG", "PER"), s.types());
    }

    @Test
    void wrongTypeAndWrongBoundsCountAsFalsePositiveAndFalseNegative() {
        // gold PER[0,1] ORG[3,5] LOC[8,8]; predicted PER[0,1] (right), ORG[4,5] (bounds wrong),
        // PER[8,8] (type wrong). TP 1, FP 2, FN 2 -> P = R = F1 = 1/3.
        List<String> predicted = tags("B-PER I-PER O O B-ORG I-ORG O O B-PER O O");
        SpanScores s = SpanScores.ofTags(List.of(BioTagsTest.TAGS), List.of(predicted));
        assertEquals(1, s.truePositives());
        assertEquals(2, s.falsePositives());
        assertEquals(2, s.falseNegatives());
        assertEquals(1.0 / 3, s.precision(), 1e-12);
        assertEquals(1.0 / 3, s.recall(), 1e-12);
        assertEquals(1.0 / 3, s.f1(), 1e-12);
        // per type: PER TP 1 FP 1 FN 0; ORG TP 0 FP 1 FN 1; LOC TP 0 FP 0 FN 1
        assertEquals(0.5, s.precision("PER"), 1e-12);
        assertEquals(1.0, s.recall("PER"), 1e-12);
        assertEquals(2.0 / 3, s.f1("PER"), 1e-12);
        assertEquals(0.0, s.f1("ORG"), 1e-12);
        assertEquals(1, s.falseNegatives("LOC"));
        assertEquals(0.0, s.precision("LOC"), 1e-12);
    }

    @Test
    void microAveragePoolsCountsOverSentences() {
        // sentence 1: gold PER[0,0] LOC[2,2], predicted PER[0,0]           -> TP 1, FN 1
        // sentence 2: gold ORG[0,1], predicted ORG[0,1] and PER[3,3]        -> TP 1, FP 1
        // sentence 3: gold none, predicted LOC[1,1]                         -> FP 1
        // totals TP 2, FP 2, FN 1 -> P 2/4 = 1/2, R 2/3, F1 = 2 (1/2)(2/3) / (1/2 + 2/3) = 4/7
        List<List<String>> gold = List.of(tags("B-PER O B-LOC"), tags("B-ORG I-ORG O O"), tags("O O"));
        List<List<String>> predicted = List.of(tags("B-PER O O"), tags("B-ORG I-ORG O B-PER"), tags("O B-LOC"));
        SpanScores s = SpanScores.ofTags(gold, predicted);
        assertEquals(2, s.truePositives());
        assertEquals(2, s.falsePositives());
        assertEquals(1, s.falseNegatives());
        assertEquals(4, s.predictedSpans());
        assertEquals(3, s.goldSpans());
        assertEquals(0.5, s.precision(), 1e-12);
        assertEquals(2.0 / 3, s.recall(), 1e-12);
        assertEquals(4.0 / 7, s.f1(), 1e-12);
        assertEquals(3, s.sentences());
    }

    @Test
    void spansInDifferentSentencesDoNotMatch() {
        SpanScores s = SpanScores.ofSpans(List.of(List.of(new Span("PER", 0, 0)), List.of()),
                List.of(List.of(), List.of(new Span("PER", 0, 0))));
        assertEquals(0, s.truePositives());
        assertEquals(1, s.falsePositives());
        assertEquals(1, s.falseNegatives());
    }

    @Test
    void emptyPredictionsGiveZeroPrecisionNotNaN() {
        SpanScores s = SpanScores.ofTags(List.of(BioTagsTest.TAGS), List.of(tags("O O O O O O O O O O O")));
        assertEquals(0, s.predictedSpans());
        assertEquals(3, s.falseNegatives());
        assertEquals(0.0, s.precision());
        assertEquals(0.0, s.recall());
        assertEquals(0.0, s.f1());
        assertEquals(0.0, s.precision("PER"));
        assertFalse(s.toString().contains("NaN"));
    }

    @Test
    void nothingToFindAndNothingFoundGivesZerosAndNoTypes() {
        SpanScores s = SpanScores.ofTags(List.of(tags("O O")), List.of(tags("O O")));
        assertEquals(0.0, s.precision());
        assertEquals(0.0, s.recall());
        assertEquals(0.0, s.f1());
        assertTrue(s.types().isEmpty());
        assertEquals(0.0, s.f1("PER"));
    }

    @Test
    void illFormedPredictionsAreReadAsConlleval() {
        // "O I-PER" predicts PER[1,1], which matches the gold B-PER at position 1
        SpanScores s = SpanScores.ofTags(List.of(tags("O B-PER")), List.of(tags("O I-PER")));
        assertEquals(1.0, s.f1(), 1e-12);
    }

    @Test
    void mismatchedInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SpanScores.ofTags(List.of(tags("O O")), List.of(tags("O"))));
        assertThrows(IllegalArgumentException.class,
                () -> SpanScores.ofTags(List.of(tags("O")), List.of()));
    }

    @Test
    void rendersAsHtmlTable() {
        List<String> predicted = tags("B-PER I-PER O O B-ORG I-ORG O O B-PER O O");
        SpanScores s = SpanScores.ofTags(List.of(BioTagsTest.TAGS), List.of(predicted));
        Map<String, ?> bundle = s.mimeBundle();
        String html = (String) bundle.get("text/html");
        assertTrue(html.startsWith("<div"), html);
        assertTrue(html.contains("<table>"), html);
        assertTrue(html.contains("<th>PER</th><td>0.5000</td><td>1.0000</td><td>0.6667</td><td>1</td><td>1</td><td>0</td>"), html);
        assertTrue(html.contains("<th>micro average</th><td>0.3333</td>"), html);
        assertTrue(((String) bundle.get("text/plain")).contains("micro average"));
    }
}
