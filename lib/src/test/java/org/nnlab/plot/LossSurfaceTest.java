package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nnlab.optim.Adam;
import org.nnlab.optim.Sgd;
import org.nnlab.optim.Trajectory;

class LossSurfaceTest {

    static final DoubleBinaryOperator VALLEY = (w1, w2) -> (w1 * w1 + 10 * w2 * w2) / 2;
    static final Trajectory.Gradient GRADIENT = (w1, w2) -> new double[] {w1, 10 * w2};

    static Map<String, Trajectory> paths() {
        Map<String, Trajectory> paths = new LinkedHashMap<>();
        paths.put("SGD", Trajectory.run(p -> new Sgd(p, 0.05), GRADIENT, -4, 1.5, 60));
        paths.put("momentum", Trajectory.run(p -> new Sgd(p, 0.05, 0.9), GRADIENT, -4, 1.5, 60));
        paths.put("Adam", Trajectory.run(p -> new Adam(p, 0.2), GRADIENT, -4, 1.5, 60));
        return paths;
    }

    @Test
    void oneLinePerOptimizerOnTheShadedSurface() throws Exception {
        Map<String, Trajectory> paths = paths();
        XYChart chart = LossSurface.plot("Elongated valley", VALLEY, -5, 5, -2, 2, paths);
        assertEquals("Elongated valley", chart.getTitle());
        assertEquals("w1", chart.getXAxisTitle());
        assertEquals("w2", chart.getYAxisTitle());
        List<String> inLegend = chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend)
                .map(XYSeries::getName).toList();
        assertEquals(List.of("SGD", "momentum", "Adam", LossSurface.START), inLegend);
        for (Map.Entry<String, Trajectory> e : paths.entrySet()) {
            XYSeries line = chart.getSeriesMap().get(e.getKey());
            assertEquals(61, line.getXData().length);
            assertEquals(e.getValue().end()[0], chart.getSeriesMap().get(e.getKey() + " (end)").getXData()[0]);
        }
        assertEquals(3, chart.getSeriesMap().get(LossSurface.START).getXData().length);

        int cells = 0;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.getName().startsWith("loss level ")) {
                cells += s.getXData().length;
            }
        }
        assertEquals(LossSurface.GRID * LossSurface.GRID, cells);
        // each shade covers the same share of the grid (quantiles), up to ties
        int first = chart.getSeriesMap().get("loss level 1 of " + LossSurface.LEVELS).getXData().length;
        assertEquals(LossSurface.GRID * LossSurface.GRID / LossSurface.LEVELS, first, LossSurface.GRID);
        // the lowest shade lies around the minimum
        for (double w1 : chart.getSeriesMap().get("loss level 1 of " + LossSurface.LEVELS).getXData()) {
            assertTrue(Math.abs(w1) < 2.5, "low-loss cell at w1 = " + w1);
        }

        Png.render(chart);
    }

    @Test
    void darkNearTheMinimumLightFarAwayAndNoGaps() throws Exception {
        XYChart chart = LossSurface.plot("bowl", VALLEY, -5, 5, -2, 2, Map.of());
        BufferedImage image = Png.render(chart);
        int row = -1; // the pixel row of w2 = 0
        for (int py = 0; py < Plots.HEIGHT && row < 0; py++) {
            if (chart.getChartYFromCoordinate(py) <= 0) {
                row = py;
            }
        }
        int centre = -1;
        int edge = -1;
        for (int px = 0; px < Plots.WIDTH; px++) {
            double w1 = chart.getChartXFromCoordinate(px);
            if (w1 < -4.9 || w1 > 4.9) {
                continue;
            }
            Color c = new Color(image.getRGB(px, row));
            assertTrue(!c.equals(Color.WHITE), "a gap between cells at w1 = " + w1);
            if (centre < 0 && w1 >= 0) {
                centre = c.getRed();
            }
            edge = c.getRed();
        }
        assertTrue(centre < edge - 50, "centre " + centre + ", edge " + edge);
    }

    @Test
    void emptyMapDrawsTheSurfaceOnly() throws Exception {
        XYChart chart = LossSurface.plot("bowl", VALLEY, -1, 1, -1, 1, Map.of());
        assertTrue(chart.getSeriesMap().values().stream().noneMatch(XYSeries::isShowInLegend));
        Png.render(chart);
    }

    @Test
    void clearErrors() {
        assertThrows(IllegalArgumentException.class, () -> LossSurface.plot("t", VALLEY, 1, -1, -1, 1, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LossSurface.plot("t", (a, b) -> Double.NaN, -1, 1, -1, 1, Map.of()));
        Map<String, Trajectory> clash = Map.of(LossSurface.START, new Trajectory(new double[][] {{0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> LossSurface.plot("t", VALLEY, -1, 1, -1, 1, clash));
    }
}
