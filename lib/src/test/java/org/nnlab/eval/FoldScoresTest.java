package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FoldScoresTest {

    @Test
    void meanAndSampleStandardDeviation() {
        FoldScores s = new FoldScores("A", new double[] {0.70, 0.74, 0.78, 0.74});
        assertEquals(0.74, s.mean(), 1e-12);
        // squares 0.0016 + 0 + 0.0016 + 0 = 0.0032, / (4 - 1), root: numpy.std(..., ddof=1) = 0.0326599...
        assertEquals(Math.sqrt(0.0032 / 3), s.sd(), 1e-12);
        assertEquals(0.70, s.min());
        assertEquals(0.78, s.max());
        assertEquals("A 74.0 % ± 3.3 (4 folds, 70.0 to 78.0)", s.toString());
        assertEquals(0.0, new FoldScores("one", new double[] {0.5}).sd());
    }

    @Test
    void pairedDifferencesWinsAndT() {
        FoldScores a = new FoldScores("DAN", new double[] {0.76, 0.75, 0.79, 0.74, 0.77});
        FoldScores b = new FoldScores("BoW", new double[] {0.78, 0.77, 0.78, 0.75, 0.79});
        PairedComparison p = new PairedComparison(a, b);
        assertArrayEquals(new double[] {-0.02, -0.02, 0.01, -0.01, -0.02}, p.differences(), 1e-12);
        assertEquals(-0.012, p.meanDifference(), 1e-12);
        assertEquals(a.mean() - b.mean(), p.meanDifference(), 1e-12);
        // differences minus the mean: -0.008 -0.008 0.022 0.002 -0.008; squares sum 0.00068; / 4; root
        double sd = Math.sqrt(0.00068 / 4);
        assertEquals(sd, p.sdDifference(), 1e-12);
        assertEquals(-0.012 / (sd / Math.sqrt(5)), p.t(), 1e-9);
        assertEquals(1, p.winsA());
        assertEquals(4, p.winsB());
        assertEquals("DAN - BoW: -1.2 points ± 1.3 per fold, DAN higher on 1 of 5 folds, BoW on 4, paired t = -2.1",
                p.toString());
    }

    @Test
    void theSameDifferenceOnEveryFoldHasNoSpread() {
        PairedComparison p = new PairedComparison(new FoldScores("a", new double[] {0.5, 0.6}),
                new FoldScores("b", new double[] {0.5, 0.6}));
        assertEquals(0.0, p.t());
        assertEquals(0, p.winsA() + p.winsB(), "ties count for neither");
    }

    @Test
    void clearErrors() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> new PairedComparison(
                new FoldScores("a", new double[] {0.5, 0.6}), new FoldScores("b", new double[] {0.5})));
        assertTrue(k.getMessage().contains("a has 2 scores and b has 1"), k.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FoldScores("a", new double[0]));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> new FoldScores("a", new double[] {0.5, Double.NaN}));
        assertTrue(nan.getMessage().contains("fold 1 is NaN"), nan.getMessage());
    }
}
