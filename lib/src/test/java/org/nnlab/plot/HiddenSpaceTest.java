package org.nnlab.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.data.Dataset;
import org.nnlab.data.Synthetic;
import org.nnlab.nn.Dropout;
import org.nnlab.nn.Linear;
import org.nnlab.nn.ReLU;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.Tanh;

class HiddenSpaceTest {

    /** The lecture's hand-set XOR network: h = ReLU(W x + c), y = w · h + b. */
    static Sequential handSetXor() {
        Linear hidden = new Linear(Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}}), Nd4j.createFromArray(0.0, -1.0));
        Linear output = new Linear(Nd4j.createFromArray(new double[][] {{1, -2}}), Nd4j.createFromArray(0.0));
        return new Sequential(hidden, new ReLU(), output);
    }

    @Test
    void theHandSetXorNetworkMapsTheFourCornersWhereALineSplitsThem() throws Exception {
        Sequential net = handSetXor();
        Dataset xor = Synthetic.xorTable(); // (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0
        INDArray h = HiddenSpace.activations(net, 2, xor.x().castTo(DataType.DOUBLE));
        // h = ReLU(W x + c): (0,0) -> ReLU(0, -1) = (0, 0); (0,1), (1,0) -> (1, 0); (1,1) -> ReLU(2, 1) = (2, 1)
        assertArrayEquals(new double[][] {{0, 0}, {1, 0}, {1, 0}, {2, 1}}, h.toDoubleMatrix());

        XYChart chart = HiddenSpace.plot("XOR in hidden space", h, xor.labels(), (Linear) net.get(2), 0.5);
        Png.render(chart);
        assertEquals("XOR in hidden space", chart.getTitle());
        assertEquals("hidden unit 1", chart.getXAxisTitle());
        assertEquals("hidden unit 2", chart.getYAxisTitle());
        List<String> names = new ArrayList<>(chart.getSeriesMap().keySet());
        assertEquals(3, names.size(), names.toString());
        assertEquals(List.of("class 0", "class 1"), names.subList(0, 2));
        XYSeries class0 = chart.getSeriesMap().get("class 0");
        assertArrayEquals(new double[] {0, 2}, class0.getXData());
        assertArrayEquals(new double[] {0, 1}, class0.getYData());
        XYSeries class1 = chart.getSeriesMap().get("class 1");
        assertArrayEquals(new double[] {1, 1}, class1.getXData());
        assertArrayEquals(new double[] {0, 0}, class1.getYData());

        // the output y = h1 - 2 h2 is 0.5 on the line h2 = (h1 - 0.5) / 2, drawn across the plot
        XYSeries line = chart.getSeriesMap().get(names.get(2));
        assertEquals("1 h1 - 2 h2 + 0 = 0.5", line.getName());
        assertEquals(XYSeries.XYSeriesRenderStyle.Line, line.getXYSeriesRenderStyle());
        assertEquals(2, line.getXData().length);
        for (int i = 0; i < 2; i++) {
            double h1 = line.getXData()[i];
            double h2 = line.getYData()[i];
            assertEquals(0.5, h1 - 2 * h2, 1e-12);
            assertTrue(h1 >= chart.getStyler().getXAxisMin() - 1e-9 && h1 <= chart.getStyler().getXAxisMax() + 1e-9);
            assertTrue(h2 >= chart.getStyler().getYAxisMin() - 1e-9 && h2 <= chart.getStyler().getYAxisMax() + 1e-9);
        }
        // every point of class 1 is on the side where the output is above 0.5, every point of class 0 below
        double[][] points = h.toDoubleMatrix();
        int[] labels = xor.labels();
        for (int i = 0; i < 4; i++) {
            double y = points[i][0] - 2 * points[i][1];
            assertEquals(labels[i] == 1, y > 0.5, "example " + i + " at output " + y);
        }

        // the model-level shortcut gives the same picture
        XYChart same = HiddenSpace.plot("XOR", net, 2, xor, 0.5);
        assertEquals(names, new ArrayList<>(same.getSeriesMap().keySet()));
        assertArrayEquals(class0.getXData(), same.getSeriesMap().get("class 0").getXData());
    }

    @Test
    void labelsJoinTheNamesOfExamplesThatLandOnTheSamePoint() throws Exception {
        Sequential net = handSetXor();
        INDArray h = HiddenSpace.activations(net, 2, Synthetic.xorTable().x().castTo(DataType.DOUBLE));
        XYChart chart = HiddenSpace.label(HiddenSpace.plot("XOR", h, new int[] {0, 1, 1, 0}),
                h, new String[] {"(0,0)", "(0,1)", "(1,0)", "(1,1)"});
        Png.render(chart);
        assertThrows(IllegalArgumentException.class, () -> HiddenSpace.label(chart, h, new String[] {"a"}));
    }

    @Test
    void aWiderHiddenLayerIsShownThroughTwoChosenUnits() throws Exception {
        INDArray h = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});
        XYChart chart = HiddenSpace.plot("3 units", h, new int[] {0, 1, 0}, 2, 0);
        Png.render(chart);
        assertEquals("hidden unit 3", chart.getXAxisTitle());
        assertEquals("hidden unit 1", chart.getYAxisTitle());
        assertArrayEquals(new double[] {3, 9}, chart.getSeriesMap().get("class 0").getXData());
        assertArrayEquals(new double[] {1, 7}, chart.getSeriesMap().get("class 0").getYData());
        assertArrayEquals(new double[] {6}, chart.getSeriesMap().get("class 1").getXData());
        assertEquals(2, chart.getSeriesMap().size(), "no boundary line without an output layer");
        // the model-level shortcut draws no line when the hidden layer is wider than two
        org.nnlab.Nnlab.seed(1);
        Sequential wide = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
        XYChart fromModel = HiddenSpace.plot("wide", wide, 2, Synthetic.xorTable(), 0);
        assertEquals(List.of("class 0", "class 1"), new ArrayList<>(fromModel.getSeriesMap().keySet()));
    }

    @Test
    void activationsRunInEvaluationModeAndPutTheModeBack() {
        Sequential net = new Sequential(new Linear(2, 3), new Dropout(0.9));
        INDArray x = Nd4j.ones(DataType.FLOAT, 5, 2);
        INDArray expected = net.get(0).forward(x);
        assertTrue(net.isTraining());
        assertEquals(expected, HiddenSpace.activations(net, 2, x), "no dropout while looking");
        assertTrue(net.isTraining());
        net.eval();
        HiddenSpace.activations(net, 1, x);
        assertFalse(net.isTraining());
    }

    @Test
    void clearErrors() {
        INDArray h = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> HiddenSpace.plot("t", Nd4j.createFromArray(new double[][] {{1}, {2}}), new int[] {0, 1}));
        assertTrue(one.getMessage().contains("at least 2 units"), one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HiddenSpace.plot("t", h, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> HiddenSpace.plot("t", h, new int[] {0, 1}, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> HiddenSpace.plot("t", h, new int[] {0, 1}, new Linear(3, 1, DataType.DOUBLE), 0));
        assertThrows(IllegalArgumentException.class,
                () -> HiddenSpace.activations(handSetXor(), 4, h));
    }
}
