package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nnlab.data.Dataset;
import org.nnlab.data.Synthetic;

class DecisionBoundaryTest {

    static final double[][] POINTS = {{-1, -1}, {-0.5, 0.8}, {0.4, -0.3}, {1, 1}};
    static final int[] LABELS = {0, 0, 1, 1};

    @Test
    void colorsThePlaneByTheClassifierAndDrawsThePoints() throws Exception {
        XYChart chart = DecisionBoundary.plot("x > 0", (x, y) -> x > 0 ? 1.0 : 0.0, POINTS, LABELS);
        assertEquals("x > 0", chart.getTitle());
        assertEquals("x1", chart.getXAxisTitle());
        assertEquals("x2", chart.getYAxisTitle());
        List<String> inLegend = chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName).toList();
        assertEquals(List.of("class 0", "class 1"), inLegend);
        XYSeries sure1 = chart.getSeriesMap().get("P(class 1) 0.9-1.0");
        XYSeries sure0 = chart.getSeriesMap().get("P(class 1) 0.0-0.1");
        assertEquals(DecisionBoundary.GRID * DecisionBoundary.GRID / 2, sure1.getXData().length);
        for (double x : sure1.getXData()) {
            assertTrue(x > 0);
        }
        for (double x : sure0.getXData()) {
            assertTrue(x < 0);
        }
        assertEquals(2, chart.getSeriesMap().get("class 1").getXData().length);

        // The cells tile the plot: along a row through the middle, every pixel inside the box is coloured,
        // blue-ish left of x = 0 and orange-ish right of it.
        BufferedImage image = Png.render(chart);
        int row = Plots.HEIGHT / 2;
        int blue = 0;
        int orange = 0;
        for (int px = 0; px < Plots.WIDTH; px++) {
            double x = chart.getChartXFromCoordinate(px);
            if (Math.abs(x) < 0.05 || x < -1.15 || x > 1.15) {
                continue; // at the boundary itself, or outside the box
            }
            Color c = new Color(image.getRGB(px, row));
            assertFalse(c.equals(Color.WHITE), "a gap between cells at x = " + x);
            if (x < 0 && c.getBlue() > c.getRed()) {
                blue++;
            }
            if (x > 0 && c.getRed() > c.getBlue()) {
                orange++;
            }
        }
        assertTrue(blue > 100 && orange > 100, "blue " + blue + ", orange " + orange);
    }

    @Test
    void takesADatasetAndCoversItsBoundingBox() throws Exception {
        Dataset moons = Synthetic.moons(100, 0.1, 3);
        XYChart chart = DecisionBoundary.plot("moons", (x, y) -> 1 / (1 + Math.exp(-y)), moons);
        Png.render(chart);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        for (double[] p : moons.features()) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
        }
        assertTrue(chart.getStyler().getXAxisMin() < minX && chart.getStyler().getXAxisMax() > maxX);
        int points = chart.getSeriesMap().get("class 0").getXData().length
                + chart.getSeriesMap().get("class 1").getXData().length;
        assertEquals(100, points);
        int cells = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (!s.isShowInLegend()) {
                cells += s.getXData().length;
            }
        }
        assertEquals(DecisionBoundary.GRID * DecisionBoundary.GRID, cells);
    }

    @Test
    void clearErrors() {
        assertThrows(IllegalArgumentException.class,
                () -> DecisionBoundary.plot("t", (x, y) -> 0.5, new double[][] {{1, 2, 3}}, new int[] {0}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecisionBoundary.plot("t", (x, y) -> 0.5, POINTS, new int[] {0, 1, 2, 1}));
        assertTrue(e.getMessage().contains("label of point 2 is 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DecisionBoundary.plot("t", (x, y) -> Double.NaN, POINTS, LABELS));
    }
}
