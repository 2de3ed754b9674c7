package org.nnlab.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.List;

import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The house look of every nnlab chart, in one place. {@link Charts} is its public face; the figures of this
 * package ({@link Plots}, {@link TrainingPlots}, ...) call {@link #apply} directly.
 */
final class PlotStyle {

    /** Colours that stay apart on screen and on paper (the "tab10" palette). */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    /**
     * One marker shape per series, next to one colour per series: two series that lie on top of each other
     * still show both shapes, and a chart printed in grey keeps its series apart. Ten shapes for ten colours.
     */
    static final Marker[] MARKERS = {
        SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
        SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS, SeriesMarkers.OVAL,
        SeriesMarkers.TRAPEZOID, SeriesMarkers.RECTANGLE};

    /** A line a little thicker than XChart's, so that colours read at a glance. */
    static final BasicStroke LINE = new BasicStroke(2f);

    /** White with a little transparency: a legend inside the plot lets the lines behind it show through. */
    static final Color LEGEND_BACKGROUND = new Color(255, 255, 255, 215);
    static final Color LIGHT_GREY = new Color(200, 200, 200);
    static final Color GRID = new Color(230, 230, 230);
    /** Heatmaps: white for nothing, dark blue for the most. */
    static final Color[] HEAT = {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)};

    private static final String SANS = Font.SANS_SERIF;
    private static final int LEGEND_FONT_SIZE = 12;
    private static final int LEGEND_PADDING = 5;
    private static final int LEGEND_LINE = 22;

    private PlotStyle() {
    }

    /**
     * A white chart with readable fonts, light grid lines, the series in the palette with one marker shape
     * each, and a small legend in a translucent box at {@code legend}.
     */
    static void apply(Styler styler, Styler.LegendPosition legend) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(true);
        styler.setPlotBorderColor(LIGHT_GREY);
        styler.setChartTitleFont(new Font(SANS, Font.BOLD, 16));
        styler.setChartTitleBoxVisible(false);
        styler.setLegendFont(new Font(SANS, Font.PLAIN, LEGEND_FONT_SIZE));
        styler.setLegendPosition(legend);
        styler.setLegendBackgroundColor(LEGEND_BACKGROUND);
        styler.setLegendBorderColor(LIGHT_GREY);
        styler.setLegendPadding(LEGEND_PADDING);
        styler.setLegendSeriesLineLength(LEGEND_LINE);
        styler.setSeriesColors(PALETTE);
        styler.setSeriesMarkers(MARKERS);
        styler.setSeriesLines(new BasicStroke[] {LINE});
        styler.setMarkerSize(7);
        if (styler instanceof AxesChartStyler axes) {
            axes.setAxisTitleFont(new Font(SANS, Font.PLAIN, 14));
            axes.setAxisTickLabelsFont(new Font(SANS, Font.PLAIN, 12));
            axes.setPlotGridLinesColor(GRID);
            axes.setAxisTickMarksColor(LIGHT_GREY);
            axes.setPlotTicksMarksVisible(false);
        }
    }

    static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static Marker marker(int i) {
        return MARKERS[i % MARKERS.length];
    }

    /** The legend below the plot: one row when the names fit the chart's width, else one name per line. */
    static void legendBelow(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        boolean fits = legendWidth(chart, true) <= 0.95 * chart.getWidth();
        styler.setLegendLayout(fits ? Styler.LegendLayout.Horizontal : Styler.LegendLayout.Vertical);
    }

    /** Moves a legend beside or inside the plot below it when it is wider than {@code maxShare} of the chart. */
    static void fitLegend(Chart<?, ?> chart, double maxShare) {
        Styler.LegendPosition at = chart.getStyler().getLegendPosition();
        boolean below = at == Styler.LegendPosition.OutsideS;
        if (!below && legendWidth(chart, false) > maxShare * chart.getWidth()) {
            legendBelow(chart);
        }
    }

    /**
     * The width of a chart with its legend beside the plot ({@code OutsideE}) listing {@code names}: {@link
     * Plots#WIDTH}, or wider so that the legend takes at most {@link Charts#MAX_LEGEND_SHARE} of it and the
     * plot keeps its size.
     */
    static int widthBeside(List<String> names) {
        Font font = new Font(SANS, Font.PLAIN, LEGEND_FONT_SIZE);
        FontRenderContext frc = new FontRenderContext(null, true, false);
        double widest = 0;
        for (String name : names) {
            widest = Math.max(widest, font.getStringBounds(name, frc).getWidth());
        }
        double legend = widest + LEGEND_LINE + 3 * LEGEND_PADDING;
        return (int) Math.max(Plots.WIDTH, Math.ceil(legend / Charts.MAX_LEGEND_SHARE));
    }

    /**
     * About the width in pixels XChart gives the legend (its sizes, from {@code Legend_}): entries in one row
     * ({@code oneRow}) or one under the other.
     */
    static double legendWidth(Chart<?, ?> chart, boolean oneRow) {
        Styler styler = chart.getStyler();
        Font font = styler.getLegendFont();
        FontRenderContext frc = new FontRenderContext(null, true, false);
        int pad = styler.getLegendPadding();
        double sum = pad;
        double widest = 0;
        for (Series series : chart.getSeriesMap().values()) {
            if (series.isShowInLegend()) {
                double text = font.getStringBounds(series.getLabel(), frc).getWidth();
                sum += text + styler.getLegendSeriesLineLength() + 2 * pad;
                widest = Math.max(widest, text);
            }
        }
        return oneRow ? sum : widest + styler.getLegendSeriesLineLength() + 3 * pad;
    }
}
