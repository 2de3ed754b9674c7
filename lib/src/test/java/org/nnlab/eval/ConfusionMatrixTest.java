package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    // Ten examples, three classes. Worked by hand:
    //   counts (rows true, columns predicted): [3 1 0] [0 1 1] [0 1 3]
    //   class 0: TP 3, predicted 3, support 4 -> P 1,   R 3/4, F1 6/7
    //   class 1: TP 1, predicted 3, support 2 -> P 1/3, R 1/2, F1 2/5
    //   class 2: TP 3, predicted 4, support 4 -> P 3/4, R 3/4, F1 3/4
    //   micro P = R = F1 = accuracy = 7/10; macro P 25/36, macro R 2/3, macro F1 (6/7 + 2/5 + 3/4) / 3 = 281/420
    static final int[] LABELS = {0, 0, 0, 0, 1, 1, 2, 2, 2, 2};
    static final int[] PREDICTED = {0, 0, 0, 1, 1, 2, 2, 2, 2, 1};

    @Test
    void countsHaveTrueClassesAsRows() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, LABELS, 3);
        assertArrayEquals(new int[][] {{3, 1, 0}, {0, 1, 1}, {0, 1, 3}}, m.counts());
        assertEquals(10, m.total());
        assertEquals(4, m.support(2));
        assertEquals(3, m.predictedCount(1));
        assertEquals(2, m.falsePositives(1));
        assertEquals(1, m.falseNegatives(1));
    }

    @Test
    void perClassScoresMatchTheHandComputedOnes() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, LABELS, 3);
        assertEquals(1.0, m.precision(0), 1e-12);
        assertEquals(0.75, m.recall(0), 1e-12);
        assertEquals(6.0 / 7, m.f1(0), 1e-12);
        assertEquals(1.0 / 3, m.precision(1), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(0.4, m.f1(1), 1e-12);
        assertEquals(0.75, m.precision(2), 1e-12);
        assertEquals(0.75, m.recall(2), 1e-12);
        assertEquals(0.75, m.f1(2), 1e-12);
    }

    @Test
    void microAndMacroAveragesDiffer() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, LABELS, 3);
        assertEquals(0.7, m.accuracy(), 1e-12);
        assertEquals(0.7, m.microPrecision(), 1e-12);
        assertEquals(0.7, m.microRecall(), 1e-12);
        assertEquals(0.7, m.microF1(), 1e-12);
        assertEquals(25.0 / 36, m.macroPrecision(), 1e-12);
        assertEquals(2.0 / 3, m.macroRecall(), 1e-12);
        assertEquals(281.0 / 420, m.macroF1(), 1e-12);
        assertNotEquals(m.microF1(), m.macroF1(), 1e-3);
        assertEquals(0.7, Metrics.accuracy(PREDICTED, LABELS), 1e-12);
    }

    @Test
    void aClassNeverPredictedScoresZeroNotNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 0}, new int[] {0, 1, 0}, 2);
        assertEquals(0.0, m.precision(1));
        assertEquals(0.0, m.recall(1));
        assertEquals(0.0, m.f1(1));
        assertEquals(2.0 / 3, m.precision(0), 1e-12);
        assertEquals(0.4, m.macroF1(), 1e-12); // (0.8 + 0) / 2
    }

    @Test
    void clearErrors() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1, 1}, 2));
        assertTrue(length.getMessage().contains("2 predictions but 3 labels"), length.getMessage());

        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 3}, 2));
        assertTrue(label.getMessage().contains("label of example 1 is class 3"), label.getMessage());
        assertTrue(label.getMessage().contains("0..1"), label.getMessage());

        IllegalArgumentException prediction = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {-1, 1}, new int[] {0, 1}, 2));
        assertTrue(prediction.getMessage().contains("prediction for example 0 is class -1"), prediction.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(new int[0], new int[0]));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {1}, new int[] {1, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.fromCounts(new int[][] {{1, 2}}, List.of("a", "b")));
    }

    @Test
    void rendersAsHtmlAndTextWithClassNames() {
        ConfusionMatrix m = ConfusionMatrix.of(PREDICTED, LABELS, List.of("neg", "neutral", "<pos>"));
        Map<String, String> bundle = m.mimeBundle();
        String html = bundle.get("text/html");
        assertTrue(html.startsWith("<div"), html);
        assertTrue(html.contains("<th>neutral</th>"), html);
        assertTrue(html.contains("&lt;pos&gt;"), "names are escaped: " + html);
        assertTrue(html.contains("<td>0.6690</td>"), "macro F1 281/420 shown: " + html);
        assertTrue(html.contains("macro average"), html);
        String text = bundle.get("text/plain");
        assertTrue(text.contains("micro average 0.7000"), text);
        assertTrue(text.contains("neutral"), text);
        assertEquals(text, m.toString());
    }

    @Test
    void fromCountsGivesTheSameScores() {
        ConfusionMatrix m = ConfusionMatrix.fromCounts(new int[][] {{3, 1, 0}, {0, 1, 1}, {0, 1, 3}},
                List.of("a", "b", "c"));
        assertEquals(281.0 / 420, m.macroF1(), 1e-12);
        assertEquals(List.of("a", "b", "c"), m.classNames());
    }
}
