package org.nnlab.plot;

import java.awt.Color;
import java.awt.Font;

import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/** The look shared by the charts of this package: the one of {@link Plots}. */
final class PlotStyle {

    /** Colours that stay apart on screen and on paper (the "tab10" palette). */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private static final String SANS = Font.SANS_SERIF;

    private PlotStyle() {
    }

    /** Readable fonts, a white background, light grid lines, the legend inside the plot at {@code legend}. */
    static void apply(AxesChartStyler styler, Styler.LegendPosition legend) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(SANS, Font.BOLD, 18));
        styler.setLegendFont(new Font(SANS, Font.PLAIN, 14));
        styler.setLegendPosition(legend);
        styler.setAxisTitleFont(new Font(SANS, Font.PLAIN, 14));
        styler.setAxisTickLabelsFont(new Font(SANS, Font.PLAIN, 12));
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
    }

    static Color colour(int i) {
        return PALETTE[i % PALETTE.length];
    }
}
