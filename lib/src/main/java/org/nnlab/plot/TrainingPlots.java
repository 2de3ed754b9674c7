package org.nnlab.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a training run: loss and accuracy per epoch (train against validation), gradient norms per
 * layer, and histograms of a layer's activations with the share of saturated units.
 */
public final class TrainingPlots {

    /** Sigmoid outputs this close to 0 or 1 have a derivative below 0.05: saturated. */
    public static final DoublePredicate SIGMOID_SATURATED = a -> a < 0.05 || a > 0.95;
    /** Tanh outputs beyond +-0.95 have a derivative below 0.1: saturated. */
    public static final DoublePredicate TANH_SATURATED = a -> Math.abs(a) > 0.95;
    /** A ReLU output of 0 passes no gradient back: a dead unit for this input. */
    public static final DoublePredicate RELU_DEAD = a -> a <= 0;

    private TrainingPlots() {
    }

    /** Loss per epoch, train against validation ({@code validation} may be null). */
    public static XYChart lossCurves(double[] train, double[] validation) {
        return curves("Loss per epoch", "loss", series(train, validation));
    }

    /** Accuracy per epoch, train against validation ({@code validation} may be null). */
    public static XYChart accuracyCurves(double[] train, double[] validation) {
        XYChart chart = curves("Accuracy per epoch", "accuracy", series(train, validation));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // accuracy rises: the corner stays free
        return chart;
    }

    /**
     * One line per entry (name -> value per epoch), epochs numbered from 1 on the x axis. Series may have
     * different lengths (a run stopped early).
     */
    public static XYChart curves(String title, String yAxisTitle, Map<String, double[]> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no series given");
        }
        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle("epoch").yAxisTitle(yAxisTitle).build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideNE);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] ys = e.getValue();
            if (ys.length == 0) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has no epochs");
            }
            double[] xs = new double[ys.length];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = k + 1;
            }
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setLineColor(PlotStyle.colour(i));
            s.setMarkerColor(PlotStyle.colour(i));
            s.setLineStyle(i == 0 ? Plots.SOLID : Plots.DASHED);
            s.setMarker(ys.length <= 30 ? PlotStyle.marker(i) : SeriesMarkers.NONE);
            i++;
        }
        PlotStyle.fitLegend(chart, Charts.MAX_LEGEND_SHARE);
        return chart;
    }

    private static Map<String, double[]> series(double[] train, double[] validation) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("train", train);
        if (validation != null) {
            m.put("validation", validation);
        }
        return m;
    }

    /**
     * The gradient norm of each layer as bars, input side on the left. When all norms are positive and span
     * more than two orders of magnitude the y axis is logarithmic, so that vanishing gradients show as a
     * steady slope rather than bars too small to see.
     */
    public static CategoryChart gradientNorms(List<String> layers, double[] norms) {
        Map<String, double[]> one = new LinkedHashMap<>();
        one.put("gradient norm", norms);
        return gradientNorms("Gradient norm per layer", layers, one);
    }

    /** Gradient norms of several networks side by side (name -> norm per layer), e.g. sigmoid against ReLU. */
    public static CategoryChart gradientNorms(String title, List<String> layers, Map<String, double[]> norms) {
        if (norms.isEmpty() || layers.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no layers or no series");
        }
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle("layer (input side left)").yAxisTitle("||dL/dW||").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideNW);
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        int i = 0;
        for (Map.Entry<String, double[]> e : norms.entrySet()) {
            double[] values = e.getValue();
            if (values.length != layers.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + values.length
                        + " norms but there are " + layers.size() + " layers");
            }
            List<Double> ys = new ArrayList<>();
            for (double v : values) {
                ys.add(v);
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            CategorySeries s = chart.addSeries(e.getKey(), new ArrayList<>(layers), ys);
            s.setFillColor(PlotStyle.colour(i++));
        }
        chart.getStyler().setLegendVisible(norms.size() > 1);
        if (min > 0 && max / min > 100) {
            Charts.logY(chart);   // bars from a decade below the least norm, a few labels 10^k
            chart.setYAxisTitle("||dL/dW|| (log scale)");
        }
        return chart;
    }

    /** The share of {@code values} for which {@code saturated} holds, in [0, 1]. */
    public static double saturatedShare(double[] values, DoublePredicate saturated) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no activations given");
        }
        int n = 0;
        for (double v : values) {
            if (saturated.test(v)) {
                n++;
            }
        }
        return (double) n / values.length;
    }

    /**
     * A histogram of one layer's activations on {@code [low, high]} in {@code bins} bins, saturated values
     * (by {@code saturated}, e.g. {@link #TANH_SATURATED}) stacked in their own colour, the share of
     * saturated units in the title and legend. Values outside the range go to the first or last bin.
     */
    public static CategoryChart activationHistogram(String layer, double[] values, double low, double high,
            int bins, DoublePredicate saturated) {
        if (!(high > low) || bins < 1) {
            throw new IllegalArgumentException("a histogram needs low < high and at least one bin, got ["
                    + low + ", " + high + "] with " + bins + " bins");
        }
        double share = saturatedShare(values, saturated);
        double[] ok = new double[bins];
        double[] sat = new double[bins];
        double width = (high - low) / bins;
        for (double v : values) {
            int b = (int) Math.floor((v - low) / width);
            b = Math.max(0, Math.min(bins - 1, b));
            if (saturated.test(v)) {
                sat[b]++;
            } else {
                ok[b]++;
            }
        }
        List<String> centres = new ArrayList<>();
        List<Double> okList = new ArrayList<>();
        List<Double> satList = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(String.format(Locale.ROOT, "%.2f", low + (b + 0.5) * width));
            okList.add(ok[b]);
            satList.add(sat[b]);
        }
        String percent = String.format(Locale.ROOT, "%.1f %%", 100 * share);
        CategoryChart chart = new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(layer + " activations: " + percent + " saturated")
                .xAxisTitle("activation").yAxisTitle("units").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideN);
        chart.getStyler().setStacked(true);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.getStyler().setXAxisLabelRotation(bins > 12 ? 90 : 0);
        CategorySeries a = chart.addSeries("not saturated", centres, okList);
        a.setFillColor(PlotStyle.colour(0));
        CategorySeries s = chart.addSeries("saturated (" + percent + ")", centres, satList);
        s.setFillColor(PlotStyle.colour(3));
        return chart;
    }
}
