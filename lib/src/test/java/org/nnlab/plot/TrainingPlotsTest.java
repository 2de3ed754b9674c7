package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

class TrainingPlotsTest {

    @Test
    void lossCurvesShowTrainAgainstValidationPerEpoch() throws Exception {
        XYChart chart = TrainingPlots.lossCurves(new double[] {1.0, 0.6, 0.4, 0.3}, new double[] {1.1, 0.8, 0.7, 0.75});
        Png.render(chart);
        assertEquals("Loss per epoch", chart.getTitle());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals("loss", chart.getYAxisTitle());
        assertEquals(List.of("train", "validation"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {1, 2, 3, 4}, chart.getSeriesMap().get("train").getXData());
        assertArrayEquals(new double[] {1.1, 0.8, 0.7, 0.75}, chart.getSeriesMap().get("validation").getYData());
    }

    @Test
    void accuracyCurvesWithoutValidation() throws Exception {
        XYChart chart = TrainingPlots.accuracyCurves(new double[] {0.5, 0.7, 0.9}, null);
        Png.render(chart);
        assertEquals("Accuracy per epoch", chart.getTitle());
        assertEquals("accuracy", chart.getYAxisTitle());
        assertEquals(List.of("train"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertThrows(IllegalArgumentException.class, () -> TrainingPlots.accuracyCurves(new double[0], null));
    }

    @Test
    void vanishingGradientsGetALogScale() throws Exception {
        List<String> layers = List.of("layer 1", "layer 2", "layer 3", "layer 4");
        CategoryChart vanishing = TrainingPlots.gradientNorms(layers, new double[] {1e-5, 1e-4, 1e-2, 1});
        Png.render(vanishing);
        assertEquals("Gradient norm per layer", vanishing.getTitle());
        // Charts.logY: bar heights log10(norm) - base from the axis bottom 10^base, base a decade below the least
        assertTrue(vanishing.getStyler().getyAxisTickLabelsFormattingFunction() instanceof Charts.PowersOfTen);
        List<? extends Number> heights = new ArrayList<>(vanishing.getSeriesMap().get("gradient norm").getYData());
        assertTrue(heights.get(0).doubleValue() > 0, "the smallest bar must show: " + heights);
        assertEquals(5, heights.get(3).doubleValue() - heights.get(0).doubleValue(), 1e-9); // 1e-5 .. 1
        assertEquals("10⁻⁵", vanishing.getStyler().getyAxisTickLabelsFormattingFunction()
                .apply(heights.get(0).doubleValue()));
        assertTrue(vanishing.getYAxisTitle().contains("log"), vanishing.getYAxisTitle());
        assertEquals(List.of("gradient norm"), new ArrayList<>(vanishing.getSeriesMap().keySet()));

        CategoryChart healthy = TrainingPlots.gradientNorms(layers, new double[] {0.5, 0.7, 0.6, 1});
        assertFalse(healthy.getStyler().isYAxisLogarithmic());
        assertEquals(null, healthy.getStyler().getyAxisTickLabelsFormattingFunction());

        Map<String, double[]> two = new LinkedHashMap<>();
        two.put("sigmoid", new double[] {1e-6, 1e-4, 1e-2, 1});
        two.put("ReLU", new double[] {0.3, 0.5, 0.8, 1});
        CategoryChart compared = TrainingPlots.gradientNorms("Sigmoid vs ReLU", layers, two);
        Png.render(compared);
        assertEquals(List.of("sigmoid", "ReLU"), new ArrayList<>(compared.getSeriesMap().keySet()));
        assertTrue(compared.getStyler().isLegendVisible());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.gradientNorms(layers, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("2 norms but there are 4 layers"), e.getMessage());
    }

    @Test
    void activationHistogramCountsSaturatedUnits() throws Exception {
        double[] tanh = {-0.99, -0.97, -0.5, 0.0, 0.1, 0.5, 0.96, 0.999};
        assertEquals(0.5, TrainingPlots.saturatedShare(tanh, TrainingPlots.TANH_SATURATED), 1e-12);
        CategoryChart chart = TrainingPlots.activationHistogram("hidden 1 (tanh)", tanh, -1, 1, 10,
                TrainingPlots.TANH_SATURATED);
        Png.render(chart);
        assertEquals("hidden 1 (tanh) activations: 50.0 % saturated", chart.getTitle());
        assertEquals(List.of("not saturated", "saturated (50.0 %)"), new ArrayList<>(chart.getSeriesMap().keySet()));
        double total = 0;
        double saturated = 0;
        for (var s : chart.getSeriesMap().values()) {
            for (Number n : s.getYData()) {
                total += n.doubleValue();
                if (s.getName().startsWith("saturated")) {
                    saturated += n.doubleValue();
                }
            }
        }
        assertEquals(8, total);
        assertEquals(4, saturated);
        assertEquals(0.25, TrainingPlots.saturatedShare(new double[] {0, 0.3, 2, 5}, TrainingPlots.RELU_DEAD));
        assertEquals(0.5, TrainingPlots.saturatedShare(new double[] {0.01, 0.5, 0.97, 0.6}, TrainingPlots.SIGMOID_SATURATED));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingPlots.activationHistogram("x", tanh, 1, -1, 10, TrainingPlots.TANH_SATURATED));
    }
}
