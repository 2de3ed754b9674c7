package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.nnlab.eval.ConfusionMatrix;

class ConfusionPlotTest {

    @Test
    void heatmapHasTrueClassesDownAndTheCountsInTheCells() throws Exception {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 0, 1, 1, 2, 2, 2, 2, 1},
                new int[] {0, 0, 0, 0, 1, 1, 2, 2, 2, 2}, List.of("neg", "neutral", "pos"));
        HeatMapChart chart = ConfusionPlot.heatmap(m);
        Png.render(chart);
        assertEquals("Confusion matrix (accuracy 70.0 %)", chart.getTitle());
        assertEquals("predicted class", chart.getXAxisTitle());
        assertEquals("true class", chart.getYAxisTitle());
        HeatMapSeries s = chart.getHeatMapSeries();
        assertEquals(List.of("neg", "neutral", "pos"), s.getXData());
        assertEquals(List.of("pos", "neutral", "neg"), s.getYData()); // first class on top
        // true "neg" (top row, y index 2) predicted "neutral" (x index 1): one example
        boolean found = false;
        for (Number[] cell : s.getHeatData()) {
            if (cell[0].intValue() == 1 && cell[1].intValue() == 2) {
                assertEquals(1, cell[2].intValue());
                found = true;
            }
            if (cell[0].intValue() == 0 && cell[1].intValue() == 2) {
                assertEquals(3, cell[2].intValue());
            }
        }
        assertTrue(found);
        assertEquals(9, s.getHeatData().size());
    }
}
