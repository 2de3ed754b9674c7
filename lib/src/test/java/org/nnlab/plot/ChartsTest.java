package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.nnlab.optim.AdaGrad;
import org.nnlab.optim.RmsProp;
import org.nnlab.optim.Trajectory;

class ChartsTest {

    /** Gradient norms from 10^-15 to 10^4 over 50 steps, as in notebook 08: 20 decades. */
    static double[] vanishing() {
        double[] g = new double[50];
        for (int t = 0; t < 50; t++) {
            g[t] = Math.pow(10, -15 + 19.0 * t / 49);
        }
        return g;
    }

    static double[] steps(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
        }
        return xs;
    }

    @Test
    void builtChartsAreWhiteWithTheHouseFonts() throws Exception {
        XYChart xy = Charts.xy("t", "x", "y");
        CategoryChart bars = Charts.bars("t", "x", "y");
        HeatMapChart heat = Charts.heatmap("t", "x", "y");
        for (Chart<?, ?> chart : List.of(xy, bars, heat)) {
            assertEquals(Color.WHITE, chart.getStyler().getChartBackgroundColor());
            assertEquals(Color.WHITE, chart.getStyler().getPlotBackgroundColor());
            assertEquals(Plots.WIDTH, chart.getWidth());
            assertEquals(12, chart.getStyler().getLegendFont().getSize());
        }
        assertEquals(Styler.LegendPosition.InsideNE, xy.getStyler().getLegendPosition());
        // house() restyles a chart XChart's builder made in its grey theme
        XYChart grey = new XYChartBuilder().width(300).height(200).build();
        assertNotEquals(Color.WHITE, grey.getStyler().getChartBackgroundColor());
        assertSame(grey, Charts.house(grey));
        assertEquals(Color.WHITE, grey.getStyler().getChartBackgroundColor());
    }

    @Test
    void everySeriesHasItsOwnColourAndMarker() throws Exception {
        XYChart chart = Charts.xy("ten series", "x", "y");
        for (int i = 0; i < 10; i++) {
            chart.addSeries("series " + i, new double[] {0, 1}, new double[] {i, i});
        }
        Png.render(chart); // XChart gives each series the next colour, marker and line when it draws
        Set<Color> colours = new HashSet<>();
        Set<Class<?>> markers = new HashSet<>();
        for (XYSeries s : chart.getSeriesMap().values()) {
            colours.add(s.getLineColor());
            markers.add(s.getMarker().getClass());
            assertEquals(s.getLineColor(), s.getMarkerColor());
        }
        assertEquals(10, colours.size(), "ten colours");
        assertEquals(10, markers.size(), "ten marker shapes");
    }

    @Test
    void logYLabelsAFewPowersOfTen() throws Exception {
        XYChart chart = Charts.xy("gradient norm at each step", "step t", "||dL/dh_t||");
        chart.addSeries("tanh RNN", steps(50), vanishing());
        assertSame(chart, Charts.logY(chart));
        assertEquals(-15, chart.getSeriesMap().get("tanh RNN").getYData()[0], 1e-9); // log10 of the values
        Png.render(chart);
        List<String> labels = tickLabels(chart, "getYAxis");
        assertTrue(labels.size() >= 3 && labels.size() <= 8, "a few labels: " + labels);
        for (String label : labels) {
            assertTrue(label.matches("1|10|10⁻?[¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹]*"), "a power of ten: " + label);
        }
        Charts.logY(chart); // twice: nothing changes
        assertEquals(-15, chart.getSeriesMap().get("tanh RNN").getYData()[0], 1e-9);
    }

    @Test
    void logYOnAShortRangeStillHasLabels() throws Exception {
        XYChart chart = Charts.logY(TrainingPlots.lossCurves(new double[] {0.7, 0.5, 0.42, 0.4}, null));
        Png.render(chart);
        List<String> labels = tickLabels(chart, "getYAxis");
        assertTrue(labels.size() >= 2 && labels.size() <= 8, "labels: " + labels);
    }

    @Test
    void powersOfTenAreWrittenWithRaisedExponents() {
        Charts.PowersOfTen label = new Charts.PowersOfTen();
        assertEquals("10⁻³", label.apply(-3.0));
        assertEquals("1", label.apply(0.0));
        assertEquals("10", label.apply(1.0));
        assertEquals("10¹²", label.apply(12.0));
        assertEquals("0.32", label.apply(-0.5));
    }

    @Test
    void logXKeepsXChartsLogAxisWithDecadesOnly() {
        XYChart chart = Charts.logX(Charts.xy("t", "updates", "loss"));
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertTrue(chart.getStyler().isXAxisLogarithmicDecadeOnly());
    }

    @Test
    void aLegendWithLongNamesMovesBelowThePlot() throws Exception {
        XYChart shortNames = Charts.xy("t", "x", "y");
        shortNames.addSeries("train", new double[] {1, 2}, new double[] {1, 2});
        shortNames.addSeries("dev", new double[] {1, 2}, new double[] {2, 1});
        Charts.fitLegend(shortNames);
        assertEquals(Styler.LegendPosition.InsideNE, shortNames.getStyler().getLegendPosition());

        XYChart longNames = Charts.xy("t", "x", "y");
        longNames.addSeries("LSTM, forget bias 3 (f ≈ 0.95)", new double[] {1, 2}, new double[] {1, 2});
        longNames.addSeries("tanh RNN", new double[] {1, 2}, new double[] {2, 1});
        Charts.fitLegend(longNames);
        assertEquals(Styler.LegendPosition.OutsideS, longNames.getStyler().getLegendPosition());
        assertEquals(Styler.LegendLayout.Horizontal, longNames.getStyler().getLegendLayout()); // fits in a row
        Png.render(longNames);

        XYChart many = Charts.xy("t", "x", "y");
        for (int i = 0; i < 6; i++) {
            many.addSeries("a rather long name for series " + i, new double[] {1, 2}, new double[] {i, i});
        }
        Charts.legendBelow(many);
        assertEquals(Styler.LegendLayout.Vertical, many.getStyler().getLegendLayout()); // one row would not fit
    }

    @Test
    void theLegendOfALossSurfaceTakesAtMostAQuarter() throws Exception {
        Map<String, Trajectory> paths = new LinkedHashMap<>();
        Trajectory.Gradient valley = (w1, w2) -> new double[] {w1, 10 * w2};
        paths.put("AdaGrad 1.0 (a long name for a path)", Trajectory.run(p -> new AdaGrad(p, 1.0), valley, -4, 1.5, 60));
        paths.put("RMSProp 0.1", Trajectory.run(p -> new RmsProp(p, 0.1), valley, -4, 1.5, 60));
        XYChart chart = LossSurface.plot("t", (w1, w2) -> w1 * w1 + 10 * w2 * w2, -5, 5, -2, 2, paths);
        assertTrue(chart.getWidth() > Plots.WIDTH, "wider for the long name: " + chart.getWidth());
        org.knowm.xchart.BitmapEncoder.getBitmapBytes(chart, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        double legend = bounds(chart, "legend").getWidth();
        assertTrue(legend <= Charts.MAX_LEGEND_SHARE * chart.getWidth() + 2, legend + " of " + chart.getWidth());
        // the two paths: their own marker shapes, so one on top of the other still shows both
        assertNotEquals(chart.getSeriesMap().get("RMSProp 0.1").getMarker().getClass(),
                chart.getSeriesMap().get("AdaGrad 1.0 (a long name for a path)").getMarker().getClass());
    }

    /** The tick labels XChart drew on an axis (inside the axis, not blank): read from its internals. */
    static List<String> tickLabels(Chart<?, ?> chart, String axisGetter) throws Exception {
        Object axis = call(field(chart, "axisPair"), axisGetter);
        Object calculator = call(axis, "getAxisTickCalculator");
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) call(calculator, "getTickLabels");
        @SuppressWarnings("unchecked")
        List<Double> locations = (List<Double>) call(calculator, "getTickLocations");
        java.awt.geom.Rectangle2D box = (java.awt.geom.Rectangle2D) call(axis, "getBounds");
        double length = axisGetter.equals("getYAxis") ? box.getHeight() : box.getWidth();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) != null && !labels.get(i).isBlank() && locations.get(i) > 0 && locations.get(i) < length) {
                shown.add(labels.get(i));
            }
        }
        return shown;
    }

    static java.awt.geom.Rectangle2D bounds(Chart<?, ?> chart, String part) throws Exception {
        return (java.awt.geom.Rectangle2D) call(field(chart, part), "getBounds");
    }

    static Object field(Object target, String name) throws Exception {
        Field f = Chart.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    static Object call(Object target, String name) throws Exception {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(name);
                m.setAccessible(true);
                return m.invoke(target);
            } catch (NoSuchMethodException e) {
                // the superclass
            }
        }
        throw new NoSuchMethodException(name);
    }
}
