package org.nnlab.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** What the chart audit says about charts: the test of the notebooks' chart style relies on these fields. */
class ChartAuditTest {

    /** XChart's default look, the one the course's house style replaces: grey, one log label per decade. */
    @Test
    void describesXChartsDefaultThemeAsGreyWithALabelPerDecade() {
        XYChart chart = new XYChartBuilder().width(640).height(400).title("gradient norm").build();
        double[] steps = new double[50];
        double[] norms = new double[50];
        for (int t = 0; t < 50; t++) {
            steps[t] = t + 1;
            norms[t] = Math.pow(10, -15 + 19.0 * t / 49);
        }
        chart.addSeries("tanh RNN, a long name for the legend", steps, norms);
        chart.addSeries("LSTM", steps, steps);
        chart.getStyler().setYAxisLogarithmic(true);
        Renderers.png(chart, 1); // painted, as the kernel draws it

        Map<String, Object> d = ChartAudit.describe(chart);
        assertEquals("gradient norm", d.get("title"));
        assertEquals("XYChart", d.get("type"));
        assertNotEquals("#ffffffff", d.get("chartBackground"));
        @SuppressWarnings("unchecked")
        Map<String, Object> y = (Map<String, Object>) d.get("y");
        assertEquals(true, y.get("log"));
        int labels = ((Number) y.get("labels")).intValue();
        assertTrue(labels >= 17, "XChart labels every decade of 10^-15 .. 10^4: " + labels);
        @SuppressWarnings("unchecked")
        Map<String, Object> legend = (Map<String, Object>) d.get("legend");
        assertEquals("OutsideE", legend.get("position"));
        assertTrue(((Number) legend.get("share")).doubleValue() > 0.25, "a wide legend beside the plot: " + legend);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) d.get("series");
        assertEquals(2, series.size());
        assertNotEquals(series.get(0).get("colour"), series.get(1).get("colour"));
        assertEquals(50, series.get(0).get("points"));
    }
}
