package org.nnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.DoubleUnaryOperator;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Quick XChart figures for the notebooks. A chart that is the last expression of a cell is drawn
 * by the nnlab kernel.
 */
public final class Plots {

    /** Size of a chart in pixels: wide enough for a notebook column, small enough to see in one glance. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    /** Sample points when only a range is given: enough for a smooth curve. */
    private static final int POINTS = 201;

    /** A function is a solid line, its derivative a dashed one. */
    static final BasicStroke SOLID = new BasicStroke(2.5f);
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 4f}, 0f);

    private Plots() {
    }

    /**
     * Plots functions of x on {@code [from, to]}, one curve per map entry (name -> function).
     * A name ending in a prime, such as {@code "sigmoid'"}, is drawn dashed in the colour of the
     * curve without the prime: a derivative next to its function.
     */
    public static XYChart functions(String title, double from, double to, Map<String, DoubleUnaryOperator> functions) {
        double[] xs = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            xs[i] = from + (to - from) * i / (POINTS - 1);
        }
        return functions(title, xs, functions);
    }

    /** Plots functions of x at the points {@code xs}, one curve per map entry (name -> function). */
    public static XYChart functions(String title, double[] xs, Map<String, DoubleUnaryOperator> functions) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("x").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideNW);
        Map<String, Color> colours = new HashMap<>();
        for (String name : inOrder(functions)) {
            DoubleUnaryOperator f = functions.get(name);
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                ys[i] = f.applyAsDouble(xs[i]);
            }
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(SeriesMarkers.NONE);
            boolean derivative = name.endsWith("'");
            Color colour = derivative ? colours.get(name.substring(0, name.length() - 1)) : null;
            if (colour == null) {
                colour = PlotStyle.colour(colours.size());
                colours.put(name, colour);
            }
            series.setLineColor(colour);
            series.setLineStyle(derivative ? DASHED : SOLID);
            series.setSmooth(true); // drawn as one path, so that dashes run on across sample points
        }
        PlotStyle.fitLegend(chart, Charts.MAX_LEGEND_SHARE);
        return chart;
    }

    /**
     * The names in the map's own order when it has one (LinkedHashMap, TreeMap); sorted otherwise,
     * because {@code Map.of} has no fixed order and the colours would change from run to run.
     */
    private static List<String> inOrder(Map<String, DoubleUnaryOperator> functions) {
        List<String> names = new ArrayList<>(functions.keySet());
        if (!(functions instanceof LinkedHashMap || functions instanceof SortedMap)) {
            names.sort(null);
        }
        return names;
    }
}
