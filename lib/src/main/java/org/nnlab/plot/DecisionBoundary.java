package org.nnlab.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleBiFunction;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnlab.data.Dataset;

/**
 * The decision boundary of any classifier of 2-D points: the plane is coloured by P(class 1) on a grid over
 * the data's bounding box (plus a margin), blue where the model says class 0, orange where it says class 1,
 * pale near 0.5, and the data points are drawn on top in their class colours.
 *
 * <pre>{@code
 * XYChart chart = DecisionBoundary.plot("MLP on XOR", (x, y) -> model.probability(x, y), data);
 * }</pre>
 */
public final class DecisionBoundary {

    /** Grid cells per axis. */
    public static final int GRID = 60;
    /** Colour levels of P(class 1): 0-0.1, 0.1-0.2, ... */
    static final int LEVELS = 10;
    /** Share of the data's range added on each side. */
    static final double MARGIN = 0.1;

    private static final Color CLASS0 = new Color(0x1f77b4);
    private static final Color CLASS1 = new Color(0xff7f0e);

    private DecisionBoundary() {
    }

    /** The boundary of {@code probability} (P(class 1) at (x, y)) with the points of a 2-feature data set. */
    public static XYChart plot(String title, ToDoubleBiFunction<Double, Double> probability, Dataset data) {
        return plot(title, probability, data.features(), data.labels());
    }

    /**
     * The boundary of {@code probability} (P(class 1) at (x, y), in [0, 1]) with {@code points} ({@code [n][2]})
     * labelled 0 or 1 by {@code labels}.
     */
    public static XYChart plot(String title, ToDoubleBiFunction<Double, Double> probability, double[][] points,
            int[] labels) {
        if (points.length == 0 || points.length != labels.length) {
            throw new IllegalArgumentException("need one label per point and at least one point, got "
                    + points.length + " points and " + labels.length + " labels");
        }
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2) {
                throw new IllegalArgumentException("a decision boundary is drawn for 2-D points, but point " + i
                        + " has " + points[i].length + " features");
            }
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label of point " + i + " is " + labels[i]
                        + "; a decision boundary is drawn for two classes, 0 and 1");
            }
            minX = Math.min(minX, points[i][0]);
            maxX = Math.max(maxX, points[i][0]);
            minY = Math.min(minY, points[i][1]);
            maxY = Math.max(maxY, points[i][1]);
        }
        double padX = Math.max(maxX - minX, 1e-6) * MARGIN;
        double padY = Math.max(maxY - minY, 1e-6) * MARGIN;
        minX -= padX;
        maxX += padX;
        minY -= padY;
        maxY += padY;

        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle("x1").yAxisTitle("x2").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(minX).setXAxisMax(maxX).setYAxisMin(minY).setYAxisMax(maxY);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setPlotGridLinesVisible(false);

        // The grid: cell centres, grouped by colour level, drawn as filled rectangles a little larger than a
        // cell (estimated from the chart size) so that neighbours overlap and leave no gaps.
        List<List<double[]>> byLevel = new ArrayList<>();
        for (int l = 0; l < LEVELS; l++) {
            byLevel.add(new ArrayList<>());
        }
        double stepX = (maxX - minX) / GRID;
        double stepY = (maxY - minY) / GRID;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double x = minX + (i + 0.5) * stepX;
                double y = minY + (j + 0.5) * stepY;
                double p = probability.applyAsDouble(x, y);
                if (Double.isNaN(p)) {
                    throw new IllegalArgumentException("the classifier gave NaN at (" + x + ", " + y + ")");
                }
                int level = (int) Math.min(LEVELS - 1, Math.max(0, Math.floor(p * LEVELS)));
                byLevel.get(level).add(new double[] {x, y});
            }
        }
        Marker cell = new CellMarker((Plots.WIDTH - 160.0) / GRID + 2, (Plots.HEIGHT - 100.0) / GRID + 2);
        for (int l = 0; l < LEVELS; l++) {
            List<double[]> cells = byLevel.get(l);
            if (cells.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(String.format(java.util.Locale.ROOT, "P(class 1) %.1f-%.1f",
                    (double) l / LEVELS, (double) (l + 1) / LEVELS), xs(cells), ys(cells));
            s.setMarker(cell);
            s.setMarkerColor(levelColour((l + 0.5) / LEVELS));
            s.setShowInLegend(false);
        }
        for (int c = 0; c <= 1; c++) {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < points.length; i++) {
                if (labels[i] == c) {
                    pts.add(points[i]);
                }
            }
            if (pts.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("class " + c, xs(pts), ys(pts));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(c == 0 ? CLASS0.darker() : CLASS1.darker());
        }
        return chart;
    }

    /** Blue at p = 0, white at 0.5, orange at 1, pale enough that the data points stand out. */
    static Color levelColour(double p) {
        Color end = p < 0.5 ? CLASS0 : CLASS1;
        double t = Math.abs(p - 0.5) * 2 * 0.55; // at most 55 % of the full colour
        return new Color(mix(255, end.getRed(), t), mix(255, end.getGreen(), t), mix(255, end.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    private static double[] xs(List<double[]> pts) {
        double[] out = new double[pts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pts.get(i)[0];
        }
        return out;
    }

    private static double[] ys(List<double[]> pts) {
        double[] out = new double[pts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = pts.get(i)[1];
        }
        return out;
    }

    /** A filled rectangle of a fixed size in pixels, centred on the point: one grid cell. */
    static final class CellMarker extends Marker {
        private final double width;
        private final double height;

        CellMarker(double width, double height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Rectangle2D.Double(x - width / 2, y - height / 2, width, height));
        }
    }
}
