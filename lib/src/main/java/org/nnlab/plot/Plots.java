package org.nnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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
import org.knowm.xchart.style.XYStyler;
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

    private static final String SANS = Font.SANS_SERIF;

    /** Colours that stay apart on screen and on paper (the "tab10" palette). */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

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
        style(chart);
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
                colour = PALETTE[colours.size() % PALETTE.length];
                colours.put(name, colour);
            }
            series.setLineColor(colour);
            series.setLineStyle(derivative ? DASHED : SOLID);
            series.setSmooth(true); // drawn as one path, so that dashes run on across sample points
        }
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

    /** Readable fonts, a white background, the legend inside the plot. */
    private static void style(XYChart chart) {
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(SANS, Font.BOLD, 18));
        styler.setLegendFont(new Font(SANS, Font.PLAIN, 14));
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setAxisTitleFont(new Font(SANS, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(SANS, Font.PLAIN, 12));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
    }
}
