package org.nnlab.plot;

import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histograms of several sets of numbers on one chart, for example the weights of a network trained
 * without regularisation, with L2 and with L1. Each set is drawn as a step line of the SHARE of its values
 * per bin (not the count), so sets of different sizes compare.
 */
public final class Histograms {

    private Histograms() {
    }

    /**
     * One step line per entry (name -> values) over {@code bins} equal bins on {@code [low, high]}; values
     * outside the range go to the first or last bin.
     */
    public static XYChart of(String title, String xAxisTitle, Map<String, double[]> series, double low, double high,
            int bins) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no series given");
        }
        if (!(high > low) || bins < 1) {
            throw new IllegalArgumentException("a histogram needs low < high and at least one bin, got ["
                    + low + ", " + high + "] with " + bins + " bins");
        }
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xAxisTitle).yAxisTitle("share per bin").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideNE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        double width = (high - low) / bins;
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] share = shares(e.getValue(), low, high, bins);
            // a step line needs the left edge of every bin and, to close the last bin, its right edge
            double[] xs = new double[bins + 1];
            double[] ys = new double[bins + 1];
            for (int b = 0; b <= bins; b++) {
                xs[b] = low + b * width;
                ys[b] = share[Math.min(b, bins - 1)];
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PlotStyle.colour(i));
            s.setLineStyle(Plots.SOLID);
            i++;
        }
        return chart;
    }

    /** The share of {@code values} in each of {@code bins} equal bins on {@code [low, high]} (sums to 1). */
    public static double[] shares(double[] values, double low, double high, int bins) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one value");
        }
        double[] share = new double[bins];
        double width = (high - low) / bins;
        for (double v : values) {
            int b = (int) Math.floor((v - low) / width);
            share[Math.max(0, Math.min(bins - 1, b))] += 1.0 / values.length;
        }
        return share;
    }
}
