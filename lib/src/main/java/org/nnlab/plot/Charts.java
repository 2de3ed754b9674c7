package org.nnlab.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * The house style of nnlab's charts, for the charts a notebook draws itself. Every figure of this package
 * already looks like this; start your own chart here and it will too:
 *
 * <pre>{@code
 * XYChart chart = Charts.xy("gradient norm at each step", "step t", "||dL/dh_t||");
 * chart.addSeries("tanh RNN", steps, norms);          // colour, marker shape: the next of the palette
 * Charts.logY(chart)                                   // log axis, a few labels: 10⁻⁶ 10⁻⁴ 10⁻² 1
 * }</pre>
 *
 * The style: a white chart, readable fonts, one colour AND one marker shape per series (so series that lie on
 * top of each other stay visible), a small legend in a translucent box in a corner of the plot, or below it
 * when the names are long ({@link #legendBelow}).
 */
public final class Charts {

    /** Pixels between the labels of a {@link #logY} axis, at least: about six labels on a chart's height. */
    static final int LOG_LABEL_SPACING = 60;

    /** The legend may take this share of the chart's width before it moves below the plot. */
    public static final double MAX_LEGEND_SHARE = 0.25;

    private Charts() {
    }

    /** A line chart of {@link Plots#WIDTH} x {@link Plots#HEIGHT} pixels in the house style, legend top right. */
    public static XYChart xy(String title, String xAxisTitle, String yAxisTitle) {
        return house(new XYChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build());
    }

    /** A bar chart in the house style. */
    public static CategoryChart bars(String title, String xAxisTitle, String yAxisTitle) {
        return house(new CategoryChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build());
    }

    /** A heatmap in the house style: white to blue, its colour scale on the right. */
    public static HeatMapChart heatmap(String title, String xAxisTitle, String yAxisTitle) {
        HeatMapChart chart = new HeatMapChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(PlotStyle.HEAT);
        chart.getStyler().setPlotGridLinesVisible(false);
        return chart;
    }

    /** Gives a chart made elsewhere (an {@code XYChartBuilder}, say) the house style; returns it. */
    public static <C extends Chart<?, ?>> C house(C chart) {
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.InsideNE);
        return chart;
    }

    /**
     * A logarithmic y axis with a few labels, powers of ten such as 10⁻⁶ 10⁻⁴ 10⁻²: call it after the last
     * series is added. Returns the chart.
     *
     * <p>How: XChart's own log axis labels every decade, 20 labels for gradients from 10⁻¹⁵ to 10⁴, and cannot
     * skip any. So the chart draws {@code log10(y)} on an ordinary axis, which picks a few evenly spaced
     * labels, and writes each label {@code k} as {@code 10^k}: the picture of a log axis. Each series' y values
     * are replaced by their logarithms (zero and negative values become gaps), so series added afterwards
     * would be drawn unconverted; a second call changes nothing.
     */
    public static XYChart logY(XYChart chart) {
        XYStyler styler = chart.getStyler();
        if (styler.getyAxisTickLabelsFormattingFunction() instanceof PowersOfTen) {
            return chart;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        if (chart.getSeriesMap().isEmpty()) {
            throw new IllegalStateException("Charts.logY converts the y values of the chart's series: add them first");
        }
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] y = series.getYData();
            double[] logs = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                logs[i] = y[i] > 0 ? Math.log10(y[i]) : Double.NaN;
                if (!Double.isNaN(logs[i])) {
                    low = Math.min(low, logs[i]);
                    high = Math.max(high, logs[i]);
                }
            }
            chart.updateXYSeries(series.getName(), series.getXData(), logs, null);
        }
        // The axis ends: the ones asked for, else whole decades around a wide range, a margin around a short
        // one. Ends off the data also keep XChart from labelling every point of evenly spaced data.
        if (low <= high) { // some value above zero
            boolean wide = high - low >= 2;
            double margin = Math.max(0.05, 0.1 * (high - low));
            styler.setYAxisMin(styler.getYAxisMin() != null ? Math.log10(styler.getYAxisMin())
                    : wide ? Math.floor(low - 0.05) : low - margin);
            styler.setYAxisMax(styler.getYAxisMax() != null ? Math.log10(styler.getYAxisMax())
                    : wide ? Math.ceil(high + 0.05) : high + margin);
        }
        styler.setyAxisTickLabelsFormattingFunction(new PowersOfTen());
        styler.setYAxisTickMarkSpacingHint(LOG_LABEL_SPACING);
        return chart;
    }

    /**
     * A logarithmic y axis for bars, labelled as {@link #logY(XYChart)} does: each bar grows from a whole decade
     * below the least value ({@code 10^base}) to its value, so its height is {@code log10(value) - base}; the
     * labels add {@code base} back. Call it after the last series is added. Returns the chart.
     */
    public static CategoryChart logY(CategoryChart chart) {
        CategoryStyler styler = chart.getStyler();
        if (styler.getyAxisTickLabelsFormattingFunction() instanceof PowersOfTen) {
            return chart;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (CategorySeries series : chart.getSeriesMap().values()) {
            for (Number y : series.getYData()) {
                if (y != null && y.doubleValue() > 0) {
                    low = Math.min(low, Math.log10(y.doubleValue()));
                    high = Math.max(high, Math.log10(y.doubleValue()));
                }
            }
        }
        if (!(low <= high)) {
            throw new IllegalStateException("Charts.logY needs bars with values above zero: add them first");
        }
        int base = (int) Math.floor(low - 0.05);
        for (CategorySeries series : chart.getSeriesMap().values()) {
            List<Double> heights = new ArrayList<>();
            for (Number y : series.getYData()) {
                heights.add(y != null && y.doubleValue() > 0 ? Math.log10(y.doubleValue()) - base : 0.0);
            }
            chart.updateCategorySeries(series.getName(), new ArrayList<>(series.getXData()), heights, null);
        }
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(Math.ceil(high + 0.05) - base);
        styler.setyAxisTickLabelsFormattingFunction(new PowersOfTen(base));
        styler.setYAxisTickMarkSpacingHint(LOG_LABEL_SPACING);
        return chart;
    }

    /** A logarithmic x axis labelled on whole decades only. Returns the chart. */
    public static <C extends Chart<? extends AxesChartStyler, ?>> C logX(C chart) {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
        return chart;
    }

    /**
     * Puts the legend below the plot, so that long series names take no width from it: in one row when the
     * names fit the chart's width, else one name per line. Call it after the last series is added.
     */
    public static <C extends Chart<?, ?>> C legendBelow(C chart) {
        PlotStyle.legendBelow(chart);
        return chart;
    }

    /**
     * Keeps the legend where it is when it takes at most {@link #MAX_LEGEND_SHARE} of the chart's width, else
     * moves it below the plot. Call it after the last series is added. Returns the chart.
     */
    public static <C extends Chart<?, ?>> C fitLegend(C chart) {
        PlotStyle.fitLegend(chart, MAX_LEGEND_SHARE);
        return chart;
    }

    /**
     * The label of a {@link #logY} axis at {@code k = log10(y)}: {@code 10^k} with the exponent raised (10⁻³)
     * when k is whole, else y itself with two significant digits (only on a short axis, with steps below a decade).
     */
    static final class PowersOfTen implements Function<Double, String> {

        private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

        /** Added to every value before labelling (bars measured from 10^base). */
        private final int base;

        PowersOfTen() {
            this(0);
        }

        PowersOfTen(int base) {
            this.base = base;
        }

        @Override
        public String apply(Double value) {
            double k = value + base;
            long whole = Math.round(k);
            if (Math.abs(k - whole) > 1e-9) {
                return new BigDecimal(Math.pow(10, k)).round(new MathContext(2)).stripTrailingZeros().toPlainString();
            }
            if (whole == 0) {
                return "1";
            }
            if (whole == 1) {
                return "10";
            }
            StringBuilder label = new StringBuilder("10");
            if (whole < 0) {
                label.append('⁻');
            }
            for (char digit : Long.toString(Math.abs(whole)).toCharArray()) {
                label.append(SUPERSCRIPTS.charAt(digit - '0'));
            }
            return label.toString();
        }
    }
}
