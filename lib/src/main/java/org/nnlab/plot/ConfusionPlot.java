package org.nnlab.plot;

import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nnlab.eval.ConfusionMatrix;

/** A confusion matrix as a heatmap: true classes down the side (first class on top), predictions across. */
public final class ConfusionPlot {

    private ConfusionPlot() {
    }

    /** The heatmap of {@code m} titled with its accuracy, the count written in every cell. */
    public static HeatMapChart heatmap(ConfusionMatrix m) {
        return heatmap(String.format(java.util.Locale.ROOT, "Confusion matrix (accuracy %.1f %%)",
                100 * m.accuracy()), m);
    }

    /** The heatmap of {@code m} with the given title. */
    public static HeatMapChart heatmap(String title, ConfusionMatrix m) {
        int k = m.numClasses();
        List<String> predicted = new ArrayList<>(m.classNames());
        List<String> truth = new ArrayList<>();
        for (int t = k - 1; t >= 0; t--) {
            truth.add(m.classNames().get(t)); // the heatmap's y axis grows upwards: first class on top
        }
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                cells.add(new Number[] {p, k - 1 - t, m.count(t, p)});
                max = Math.max(max, m.count(t, p));
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(Plots.WIDTH).height(Plots.HEIGHT)
                .title(title).xAxisTitle("predicted class").yAxisTitle("true class").build();
        PlotStyle.apply(chart.getStyler(), Styler.LegendPosition.OutsideE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setRangeColors(PlotStyle.HEAT);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.addSeries("examples", predicted, truth, cells);
        return chart;
    }
}
