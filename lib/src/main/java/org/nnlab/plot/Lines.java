package org.nnlab.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Straight lines on a chart of the plane, such as the line {@code w1 x1 + w2 x2 + b = 0} where a neuron's
 * score is zero: its decision boundary. The line is cut to the chart's axis box, so it never runs across the
 * title or the legend.
 *
 * <pre>{@code
 * XYChart chart = DecisionBoundary.plot("perceptron", ..., data);
 * Lines.add(chart, "w·x + b = 0", w[0], w[1], -b);      // w1 x1 + w2 x2 = -b
 * }</pre>
 */
public final class Lines {

    private static final Color COLOUR = new Color(0x222222);

    private Lines() {
    }

    /**
     * Adds the line {@code a x + b y = c} as a solid dark series named {@code name}, cut to the chart's axis
     * box (the chart must have its axis limits set, as the charts of {@link DecisionBoundary} and
     * {@link HiddenSpace} do). A line that misses the box is not added. Returns the chart.
     */
    public static XYChart add(XYChart chart, String name, double a, double b, double c) {
        Double minX = chart.getStyler().getXAxisMin();
        Double maxX = chart.getStyler().getXAxisMax();
        Double minY = chart.getStyler().getYAxisMin();
        Double maxY = chart.getStyler().getYAxisMax();
        if (minX == null || maxX == null || minY == null || maxY == null) {
            throw new IllegalArgumentException("Lines.add needs a chart with axis limits (styler.setXAxisMin(...) and"
                    + " the others), so that it knows where to cut the line");
        }
        double[][] ends = clip(a, b, c, minX, maxX, minY, maxY);
        if (ends != null) {
            XYSeries line = chart.addSeries(name, new double[] {ends[0][0], ends[1][0]},
                    new double[] {ends[0][1], ends[1][1]});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(COLOUR);
            line.setLineStyle(Plots.SOLID);
            PlotStyle.fitLegend(chart, Charts.MAX_LEGEND_SHARE); // a long equation as the name: legend below
        }
        return chart;
    }

    /**
     * The two ends of the line {@code a x + b y = c} inside the box, or null when it misses the box (or a = b = 0):
     * the points where it crosses the four edges, keeping the two farthest apart.
     */
    static double[][] clip(double a, double b, double c, double minX, double maxX, double minY, double maxY) {
        List<double[]> hits = new ArrayList<>();
        double eps = 1e-9 * Math.max(maxX - minX, maxY - minY);
        if (b != 0) { // crossing the left and right edges: y = (c - a x) / b
            for (double x : new double[] {minX, maxX}) {
                double y = (c - a * x) / b;
                if (y >= minY - eps && y <= maxY + eps) {
                    hits.add(new double[] {x, y});
                }
            }
        }
        if (a != 0) { // crossing the bottom and top edges: x = (c - b y) / a
            for (double y : new double[] {minY, maxY}) {
                double x = (c - b * y) / a;
                if (x >= minX - eps && x <= maxX + eps) {
                    hits.add(new double[] {x, y});
                }
            }
        }
        double[][] best = null;
        double longest = 0;
        for (int i = 0; i < hits.size(); i++) {
            for (int j = i + 1; j < hits.size(); j++) {
                double d = Math.hypot(hits.get(i)[0] - hits.get(j)[0], hits.get(i)[1] - hits.get(j)[1]);
                if (d > longest) {
                    longest = d;
                    best = new double[][] {hits.get(i), hits.get(j)};
                }
            }
        }
        return best;
    }
}
