package org.nnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nnlab.optim.Trajectory;

/**
 * A loss surface {@code f(w1, w2)} seen from above, with the paths of optimizers drawn on it.
 *
 * <p>The plane is coloured on a grid (as {@link DecisionBoundary} does): dark grey where the loss is low,
 * white where it is high. The {@value #LEVELS} shades are quantiles of the loss over the grid (each shade
 * covers the same number of cells), so the bands between shades behave like the contour lines of a map
 * whatever the range of the loss: ellipses around the minimum of a quadratic, a curved band along the
 * floor of a valley. Each trajectory is a line in its own colour from its start (a black diamond, shared
 * by all) to its end (a dot in the line's colour), with its own marker shape on the steps. The chart widens
 * when the optimizers' names need more than a quarter of it beside the plot.
 *
 * <pre>{@code
 * DoubleBinaryOperator f = (w1, w2) -> (w1 * w1 + 10 * w2 * w2) / 2;
 * Map<String, Trajectory> paths = new LinkedHashMap<>();
 * paths.put("SGD", Trajectory.run(p -> new Sgd(p, 0.05), (w1, w2) -> new double[] {w1, 10 * w2}, -4, 1.5, 50));
 * XYChart chart = LossSurface.plot("Elongated valley", f, -5, 5, -2, 2, paths);
 * }</pre>
 */
public final class LossSurface {

    /** Grid cells per axis. */
    public static final int GRID = 60;
    /** Shades of the loss, from low (dark) to high (white). */
    public static final int LEVELS = 12;
    /** The name of the series that marks the starting points. */
    public static final String START = "start";

    private static final BasicStroke PATH = new BasicStroke(2f);
    /** Paths up to this many steps get a marker on every step; longer ones on about this many. */
    private static final int MARKED_STEPS = 80;

    private LossSurface() {
    }

    /**
     * The surface {@code f} on {@code [w1Min, w1Max] x [w2Min, w2Max]} with one line per trajectory
     * (name -> trajectory, drawn in the map's order; may be empty). Parts of a path outside the box are cut off.
     */
    public static XYChart plot(String title, DoubleBinaryOperator f, double w1Min, double w1Max, double w2Min,
            double w2Max, Map<String, Trajectory> trajectories) {
        if (!(w1Max > w1Min) || !(w2Max > w2Min)) {
            throw new IllegalArgumentException("the range must have min < max on both axes, got w1 in [" + w1Min
                    + ", " + w1Max + "] and w2 in [" + w2Min + ", " + w2Max + "]");
        }
        List<String> legend = new ArrayList<>(trajectories.keySet());
        legend.add(START);
        XYChart chart = new XYChartBuilder().width(PlotStyle.widthBeside(legend)).height(Plots.HEIGHT)
                .title(title).xAxisTitle("w1").yAxisTitle("w2").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisMin(w1Min).setXAxisMax(w1Max).setYAxisMin(w2Min).setYAxisMax(w2Max);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setMarkerSize(8);

        // The loss at every cell centre, then its shade: the cell's rank among all cells, in LEVELS bands.
        double stepX = (w1Max - w1Min) / GRID;
        double stepY = (w2Max - w2Min) / GRID;
        double[][] cells = new double[GRID * GRID][];
        double[] loss = new double[GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double w1 = w1Min + (i + 0.5) * stepX;
                double w2 = w2Min + (j + 0.5) * stepY;
                double value = f.applyAsDouble(w1, w2);
                if (Double.isNaN(value)) {
                    throw new IllegalArgumentException("the loss is NaN at (" + w1 + ", " + w2 + ")");
                }
                cells[i * GRID + j] = new double[] {w1, w2};
                loss[i * GRID + j] = value;
            }
        }
        double[] sorted = loss.clone();
        Arrays.sort(sorted);
        List<List<double[]>> byLevel = new ArrayList<>();
        for (int l = 0; l < LEVELS; l++) {
            byLevel.add(new ArrayList<>());
        }
        for (int k = 0; k < cells.length; k++) {
            int rank = firstIndexOf(sorted, loss[k]);             // how many cells have a lower loss
            byLevel.get(rank * LEVELS / cells.length).add(cells[k]);
        }
        Marker cell = new DecisionBoundary.CellMarker((Plots.WIDTH - 160.0) / GRID + 2,
                (Plots.HEIGHT - 100.0) / GRID + 2);
        for (int l = 0; l < LEVELS; l++) {
            List<double[]> points = byLevel.get(l);
            if (points.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(String.format(Locale.ROOT, "loss level %d of %d", l + 1, LEVELS),
                    xs(points), ys(points));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(cell);
            s.setMarkerColor(shade((double) l / (LEVELS - 1)));
            s.setShowInLegend(false);
        }

        // The paths: a line each with its own marker shape on the steps, a dot at its end, and one series for
        // all starting points. Paths often run on top of each other (AdaGrad under RMSProp): the shapes, at
        // different steps, keep the lower one visible.
        List<double[]> starts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Trajectory> e : trajectories.entrySet()) {
            String name = e.getKey();
            Trajectory path = e.getValue();
            if (name.equals(START) || name.startsWith("loss level ")) {
                throw new IllegalArgumentException("'" + name + "' names a part of the picture; choose another"
                        + " name for this trajectory");
            }
            Color colour = PlotStyle.colour(i);
            Marker shape = PlotStyle.marker(i++);
            XYSeries line = chart.addSeries(name, path.w1(), path.w2());
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setLineColor(colour);
            line.setLineStyle(PATH);
            line.setMarkerColor(colour);
            if (path.size() <= MARKED_STEPS) {
                line.setMarker(shape);                  // a marker on every step
            } else {                                    // a marker on every k-th step: a line of markers hides the path
                line.setMarker(SeriesMarkers.NONE);
                int k = (path.size() + MARKED_STEPS - 1) / MARKED_STEPS;
                List<double[]> some = new ArrayList<>();
                for (int t = 0; t < path.size(); t += k) {
                    some.add(path.point(t));
                }
                XYSeries marks = chart.addSeries(name + " (steps)", xs(some), ys(some));
                marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                marks.setMarker(shape);
                marks.setMarkerColor(colour);
                marks.setShowInLegend(false);
            }
            double[] end = path.end();
            XYSeries dot = chart.addSeries(name + " (end)", new double[] {end[0]}, new double[] {end[1]});
            dot.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dot.setMarker(SeriesMarkers.CIRCLE);
            dot.setMarkerColor(colour);
            dot.setShowInLegend(false);
            starts.add(path.start());
        }
        if (!starts.isEmpty()) {
            XYSeries start = chart.addSeries(START, xs(starts), ys(starts));
            start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            start.setMarker(SeriesMarkers.DIAMOND);
            start.setMarkerColor(Color.BLACK);
        }
        return chart;
    }

    /** The position of the first occurrence of {@code value} in the sorted array. */
    private static int firstIndexOf(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;   // the answer is in [lo, hi)
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Grey for t = 0 (low loss) to white for t = 1 (high loss). */
    static Color shade(double t) {
        int v = (int) Math.round(110 + (250 - 110) * t);
        return new Color(v, v, Math.min(255, v + 8));
    }

    private static double[] xs(List<double[]> pts) {
        double[] out = new double[pts.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = pts.get(k)[0];
        }
        return out;
    }

    private static double[] ys(List<double[]> pts) {
        double[] out = new double[pts.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = pts.get(k)[1];
        }
        return out;
    }
}
