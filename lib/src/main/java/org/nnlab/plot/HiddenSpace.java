package org.nnlab.plot;

import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.data.Dataset;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Sequential;

/**
 * What the output layer sees: every example drawn at its hidden activations h (one axis per hidden unit),
 * coloured by its class. A network with one hidden layer is a linear classifier ON h, so where the classes
 * can be split by a straight line in this picture, the output layer can learn them, even when no line splits
 * them in the input space (XOR). With the output layer given, its boundary, the line where
 * {@code w1 h1 + w2 h2 + b} equals a threshold, is drawn too.
 *
 * <pre>{@code
 * INDArray h = HiddenSpace.activations(model, 2, data.x());      // after Linear and Tanh
 * XYChart chart = HiddenSpace.plot("XOR in hidden space", h, data.labels(), (Linear) model.get(2), 0.0);
 * }</pre>
 *
 * A hidden layer of more than two units is shown through two of them ({@link #plot(String, INDArray, int[],
 * int, int)}); its output boundary lives in more dimensions and is not drawn.
 */
public final class HiddenSpace {

    private HiddenSpace() {
    }

    /**
     * The output of the first {@code layers} modules of {@code model} for the inputs {@code x}: the hidden
     * activations the next layer receives. Runs in evaluation mode (no dropout) and puts the model's mode back.
     */
    public static INDArray activations(Sequential model, int layers, INDArray x) {
        if (layers < 1 || layers > model.size()) {
            throw new IllegalArgumentException("HiddenSpace: the model " + model + " has " + model.size()
                    + " modules, so the hidden layer comes after 1 to " + model.size() + " of them, not " + layers);
        }
        boolean training = model.isTraining();
        model.eval();
        INDArray h = x;
        for (int i = 0; i < layers; i++) {
            h = model.get(i).forward(h);
        }
        if (training) {
            model.train();
        }
        return h;
    }

    /** The examples at hidden units 1 and 2 ({@code hidden} is {@code [n, units]}), coloured by label. */
    public static XYChart plot(String title, INDArray hidden, int[] labels) {
        return plot(title, hidden, labels, 0, 1);
    }

    /**
     * The examples at two chosen hidden units (counted from 0: {@code unitX} across, {@code unitY} up),
     * coloured by label; for a hidden layer wider than two.
     */
    public static XYChart plot(String title, INDArray hidden, int[] labels, int unitX, int unitY) {
        double[][] h = points(hidden, labels);
        int units = h[0].length;
        if (unitX < 0 || unitY < 0 || unitX >= units || unitY >= units || unitX == unitY) {
            throw new IllegalArgumentException("HiddenSpace: choose two different units from 0 to " + (units - 1)
                    + " of the " + units + " hidden units, not " + unitX + " and " + unitY);
        }
        double[][] xy = new double[h.length][];
        for (int i = 0; i < h.length; i++) {
            xy[i] = new double[] {h[i][unitX], h[i][unitY]};
        }
        return scatter(title, xy, labels, "hidden unit " + (unitX + 1), "hidden unit " + (unitY + 1));
    }

    /**
     * The examples in a 2-unit hidden space with the boundary of {@code output}, a {@code Linear(2 -> 1)}:
     * the line where its output {@code w1 h1 + w2 h2 + b} equals {@code threshold}. Use 0 when the output
     * is a score (logit) or goes into a sigmoid (σ(z) = 0.5 exactly at z = 0); 0.5 for an output that is
     * meant to be 0 or 1 itself.
     */
    public static XYChart plot(String title, INDArray hidden, int[] labels, Linear output, double threshold) {
        if (hidden.rank() != 2 || hidden.size(1) != 2) {
            throw new IllegalArgumentException("HiddenSpace: the output layer's line is drawn for 2 hidden units,"
                    + " but the hidden activations have shape " + Arrays.toString(hidden.shape()));
        }
        if (output.in() != 2 || output.out() != 1) {
            throw new IllegalArgumentException("HiddenSpace: the output layer's line is drawn for a Linear(2 -> 1),"
                    + " not a " + output);
        }
        XYChart chart = plot(title, hidden, labels, 0, 1);
        double[] w = output.weight().value().ravel().toDoubleVector();
        double b = output.hasBias() ? output.bias().value().getDouble(0) : 0;
        // the boundary: w1 h1 + w2 h2 + b = threshold, i.e. w1 h1 + w2 h2 = threshold - b
        String name = number(w[0]) + " h1 " + (w[1] < 0 ? "- " : "+ ") + number(Math.abs(w[1])) + " h2 "
                + (b < 0 ? "- " : "+ ") + number(Math.abs(b)) + " = " + number(threshold);
        Lines.add(chart, name, w[0], w[1], threshold - b);
        XYSeries line = chart.getSeriesMap().get(name);
        if (line != null) {
            line.setLineStyle(Plots.DASHED);
        }
        return chart;
    }

    /**
     * The data set's examples in the hidden space after the first {@code layers} modules of {@code model}.
     * When the next module is a {@code Linear(2 -> 1)}, its boundary (output = {@code threshold}) is drawn.
     */
    public static XYChart plot(String title, Sequential model, int layers, Dataset data, double threshold) {
        INDArray x = data.x().castTo(model.parameters().isEmpty() ? data.x().dataType()
                : model.parameters().get(0).value().dataType());
        INDArray h = activations(model, layers, x);
        if (layers < model.size() && model.get(layers) instanceof Linear output
                && output.in() == 2 && output.out() == 1) {
            return plot(title, h, data.labels(), output, threshold);
        }
        return plot(title, h, data.labels());
    }

    /**
     * Writes a name next to each example in a chart made by this class, for example the input
     * {@code "(0, 1)"}; examples that land on the same hidden point share one label, {@code "(0, 1) (1, 0)"}.
     * Returns the chart.
     */
    public static XYChart label(XYChart chart, INDArray hidden, String[] names) {
        return label(chart, hidden, names, 0, 1);
    }

    /** {@link #label(XYChart, INDArray, String[])} for a chart of the units {@code unitX} and {@code unitY}. */
    public static XYChart label(XYChart chart, INDArray hidden, String[] names, int unitX, int unitY) {
        double[][] h = hidden.toDoubleMatrix();
        if (h.length != names.length) {
            throw new IllegalArgumentException("HiddenSpace: need one name per example, got " + h.length
                    + " examples and " + names.length + " names");
        }
        Map<String, double[]> at = new LinkedHashMap<>();   // position -> (x, y)
        Map<String, String> text = new LinkedHashMap<>();   // position -> names
        for (int i = 0; i < h.length; i++) {
            String key = String.format(Locale.ROOT, "%.6g,%.6g", h[i][unitX], h[i][unitY]);
            at.putIfAbsent(key, new double[] {h[i][unitX], h[i][unitY]});
            text.merge(key, names[i], (a, b2) -> a + " " + b2);
        }
        // a little above the marker: 4 % of the y range
        double dy = 0.04 * (chart.getStyler().getYAxisMax() - chart.getStyler().getYAxisMin());
        for (Map.Entry<String, double[]> e : at.entrySet()) {
            double[] p = e.getValue();
            chart.addAnnotation(new AnnotationText(text.get(e.getKey()), p[0], p[1] + dy, false));
        }
        return chart;
    }

    /** A number with 3 significant digits and no trailing zeros: 1, -2, 0.5, 0.123. */
    static String number(double x) {
        if (x == 0) {
            return "0";
        }
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The scatter of points {@code [n][2]}, one series per class, axes a little wider than the points. */
    private static XYChart scatter(String title, double[][] xy, int[] labels, String xTitle, String yTitle) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        int classes = 0;
        for (int i = 0; i < xy.length; i++) {
            minX = Math.min(minX, xy[i][0]);
            maxX = Math.max(maxX, xy[i][0]);
            minY = Math.min(minY, xy[i][1]);
            maxY = Math.max(maxY, xy[i][1]);
            classes = Math.max(classes, labels[i] + 1);
        }
        double padX = Math.max(maxX - minX, 0.5) * 0.15;
        double padY = Math.max(maxY - minY, 0.5) * 0.15;

        XYChart chart = new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setXAxisMin(minX - padX).setXAxisMax(maxX + padX)
                .setYAxisMin(minY - padY).setYAxisMax(maxY + padY);
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setAnnotationTextFontColor(Color.BLACK);
        chart.getStyler().setAnnotationTextFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        for (int c = 0; c < classes; c++) {
            List<double[]> members = new ArrayList<>();
            for (int i = 0; i < xy.length; i++) {
                if (labels[i] == c) {
                    members.add(xy[i]);
                }
            }
            if (members.isEmpty()) {
                continue;
            }
            double[] xs = new double[members.size()];
            double[] ys = new double[members.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = members.get(i)[0];
                ys[i] = members.get(i)[1];
            }
            XYSeries s = chart.addSeries("class " + c, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(PlotStyle.colour(c).darker());
        }
        return chart;
    }

    /** The rows of {@code hidden} {@code [n, units >= 2]} as doubles, after checking them against the labels. */
    private static double[][] points(INDArray hidden, int[] labels) {
        if (hidden.rank() != 2 || hidden.size(1) < 2) {
            throw new IllegalArgumentException("HiddenSpace expects hidden activations [examples, units] with at"
                    + " least 2 units, but got shape " + Arrays.toString(hidden.shape()));
        }
        if (hidden.size(0) != labels.length || labels.length == 0) {
            throw new IllegalArgumentException("HiddenSpace: need one label per example, got " + hidden.size(0)
                    + " examples and " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("HiddenSpace: label of example " + i + " is " + labels[i]
                        + "; classes are numbered from 0");
            }
        }
        double[][] h = hidden.toDoubleMatrix();
        for (int i = 0; i < h.length; i++) {
            for (double v : h[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("HiddenSpace: example " + i + " has a hidden activation " + v);
                }
            }
        }
        return h;
    }
}
