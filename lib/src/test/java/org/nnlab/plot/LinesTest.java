package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

class LinesTest {

    @Test
    void theLineIsCutToTheAxisBox() throws Exception {
        // the perceptron-style line 2 x1 + x2 = 1 on the square [-1, 1]^2
        XYChart chart = DecisionBoundary.plot("line", (x, y) -> 2 * x + y > 1 ? 1.0 : 0.0,
                DecisionBoundaryTest.POINTS, DecisionBoundaryTest.LABELS);
        Lines.add(chart, "w·x + b = 0", 2, 1, 1);
        Png.render(chart);
        XYSeries line = chart.getSeriesMap().get("w·x + b = 0");
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, line.getXYSeriesRenderStyle());
        assertTrue(line.isShowInLegend());
        for (int i = 0; i < 2; i++) {
            double x = line.getXData()[i];
            double y = line.getYData()[i];
            assertEquals(1, 2 * x + y, 1e-12, "an end on the line");
            assertTrue(x >= chart.getStyler().getXAxisMin() - 1e-9 && x <= chart.getStyler().getXAxisMax() + 1e-9);
            assertTrue(y >= chart.getStyler().getYAxisMin() - 1e-9 && y <= chart.getStyler().getYAxisMax() + 1e-9);
        }
        // a line outside the box adds nothing
        Lines.add(chart, "far away", 1, 1, 100);
        assertNull(chart.getSeriesMap().get("far away"));
    }

    @Test
    void aChartWithoutAxisLimitsIsRefused() {
        XYChart chart = new XYChartBuilder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lines.add(chart, "l", 1, 1, 0));
        assertTrue(e.getMessage().contains("axis limits"), e.getMessage());
    }

    @Test
    void clipFindsTheTwoEnds() {
        // a vertical line x = 1 in the box [0, 2] x [0, 3]
        double[][] v = Lines.clip(1, 0, 1, 0, 2, 0, 3);
        assertEquals(1, v[0][0], 1e-12);
        assertEquals(1, v[1][0], 1e-12);
        assertEquals(3, Math.abs(v[0][1] - v[1][1]), 1e-12);
        // the diagonal x + y = 2 through the box corners (2, 0) and (0, 2)
        double[][] d = Lines.clip(1, 1, 2, 0, 2, 0, 2);
        assertEquals(Math.sqrt(8), Math.hypot(d[0][0] - d[1][0], d[0][1] - d[1][1]), 1e-12);
        assertNull(Lines.clip(1, 1, 10, 0, 1, 0, 1), "misses the box");
        assertNull(Lines.clip(0, 0, 1, 0, 1, 0, 1), "no line at all");
        assertNull(Lines.clip(1, 1, 0, 0, 1, 0, 1), "touches a corner only: no segment");
    }
}
