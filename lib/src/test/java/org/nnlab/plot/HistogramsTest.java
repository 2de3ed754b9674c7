package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class HistogramsTest {

    @Test
    void sharesPerBinWithOutsideValuesInTheEndBins() {
        // bins [0, 1), [1, 2), [2, 3]; -5 goes to the first, 3 and 7 to the last
        double[] share = Histograms.shares(new double[] {-5, 0.5, 1.5, 1.7, 3, 7, 2.2, 0}, 0, 3, 3);
        assertArrayEquals(new double[] {3 / 8.0, 2 / 8.0, 3 / 8.0}, share, 1e-12);
    }

    @Test
    void oneStepLinePerSeries() throws Exception {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("no penalty", new double[] {-0.5, 0.1, 0.4, 0.9});
        series.put("L1", new double[] {0, 0, 0, 0.9, 0.01});
        XYChart chart = Histograms.of("Weights", "weight", series, -1, 1, 4);
        Png.render(chart);
        assertEquals("Weights", chart.getTitle());
        assertEquals(List.of("no penalty", "L1"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, chart.getSeriesMap().get("L1").getXData(), 1e-12);
        // L1: [0, 0.5) holds 0, 0, 0, 0.01 (4 of 5); [0.5, 1] holds 0.9; the last bin is repeated to close it
        assertArrayEquals(new double[] {0, 0, 0.8, 0.2, 0.2}, chart.getSeriesMap().get("L1").getYData(), 1e-12);
    }

    @Test
    void errors() {
        assertThrows(IllegalArgumentException.class, () -> Histograms.of("t", "x", Map.of(), 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Histograms.of("t", "x", Map.of("a", new double[] {1}), 1, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> Histograms.shares(new double[0], 0, 1, 3));
    }
}
