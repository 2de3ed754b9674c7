package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class PlotsTest {

    private static Map<String, DoubleUnaryOperator> tanhAndDerivative() {
        Map<String, DoubleUnaryOperator> functions = new LinkedHashMap<>();
        functions.put("tanh", Math::tanh);
        functions.put("tanh'", x -> 1 - Math.tanh(x) * Math.tanh(x));
        functions.put("ReLU", x -> Math.max(0, x));
        return functions;
    }

    @Test
    void rendersToAPngHeadless() throws Exception {
        XYChart chart = Plots.functions("Activations", -5, 5, tanhAndDerivative());
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        assertTrue(png.length > 5_000, "a chart with three curves, title and legend: " + png.length + " bytes");
    }

    @Test
    void sampleTheRangeEvenly() {
        XYChart chart = Plots.functions("t", -5, 5, tanhAndDerivative());
        XYSeries tanh = chart.getSeriesMap().get("tanh");
        double[] xs = tanh.getXData();
        assertEquals(-5, xs[0]);
        assertEquals(5, xs[xs.length - 1]);
        assertEquals(0, xs[xs.length / 2], 1e-12);
        assertEquals(Math.tanh(1), tanh.getYData()[120], 1e-12); // x = -5 + 10 * 120 / 200 = 1
    }

    @Test
    void aDerivativeIsDashedInTheColourOfItsFunction() {
        XYChart chart = Plots.functions("t", new double[] {0, 1}, tanhAndDerivative());
        XYSeries tanh = chart.getSeriesMap().get("tanh");
        XYSeries prime = chart.getSeriesMap().get("tanh'");
        XYSeries relu = chart.getSeriesMap().get("ReLU");
        assertEquals(tanh.getLineColor(), prime.getLineColor());
        assertEquals(Plots.DASHED, prime.getLineStyle());
        assertEquals(Plots.SOLID, tanh.getLineStyle());
        assertNotEquals(tanh.getLineColor(), relu.getLineColor());
    }

    @Test
    void keepsTheOrderOfALinkedMapAndSortsAMapWithoutOrder() {
        XYChart ordered = Plots.functions("t", new double[] {0}, tanhAndDerivative());
        assertEquals(List.of("tanh", "tanh'", "ReLU"), new ArrayList<>(ordered.getSeriesMap().keySet()));

        Map<String, DoubleUnaryOperator> unordered = Map.of("b", x -> x, "a", x -> x, "c", x -> x);
        XYChart sorted = Plots.functions("t", new double[] {0}, unordered);
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(sorted.getSeriesMap().keySet()));
    }
}
