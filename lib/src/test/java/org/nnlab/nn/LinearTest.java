package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

class LinearTest {

    private static Linear small() {
        // W = [[1, 2], [3, 4], [5, 6]] (3 outputs, 2 inputs), b = [0.5, -1, 2]
        INDArray w = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray b = Nd4j.createFromArray(0.5, -1, 2);
        return new Linear(w, b);
    }

    @Test
    void forwardIsXTimesWTransposedPlusB() {
        Linear layer = small();
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 1}, {2, -1}});
        INDArray y = layer.forward(x);
        assertArrayEquals(new long[] {2, 3}, y.shape());
        assertArrayEquals(new double[] {3.5, 6, 13}, y.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1, 6}, y.getRow(1).toDoubleVector(), 1e-12);
    }

    @Test
    void backwardGivesTheTextbookGradientsAndAccumulates() {
        Linear layer = small();
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 1}, {2, -1}});
        INDArray g = Nd4j.createFromArray(new double[][] {{1, 0, -1}, {2, 1, 0}});
        layer.forward(x);
        INDArray dx = layer.backward(g);
        // dL/dW = gᵀ x
        assertArrayEquals(new double[] {5, -1, 2, -1, -1, -1}, layer.weight().grad().ravel().toDoubleVector(), 1e-12);
        // dL/db = column sums of g
        assertArrayEquals(new double[] {3, 1, -1}, layer.bias().grad().toDoubleVector(), 1e-12);
        // dL/dx = g W
        assertArrayEquals(new double[] {-4, -4, 5, 8}, dx.ravel().toDoubleVector(), 1e-12);
        layer.backward(g); // a second backward adds the same gradients again
        assertArrayEquals(new double[] {6, 2, -2}, layer.bias().grad().toDoubleVector(), 1e-12);
        layer.zeroGrad();
        assertEquals(0, layer.weight().grad().sumNumber().doubleValue());
    }

    @Test
    void initialisationIsUniformInPlusMinusOneOverSqrtInAndRepeatable() {
        Nnlab.seed(7);
        Linear a = new Linear(16, 50);
        Nnlab.seed(7);
        Linear b = new Linear(16, 50);
        assertEquals(a.weight().value(), b.weight().value());
        assertEquals(a.bias().value(), b.bias().value());
        assertArrayEquals(new long[] {50, 16}, a.weight().value().shape());
        assertArrayEquals(new long[] {50}, a.bias().value().shape());
        assertEquals(DataType.FLOAT, a.weight().value().dataType());
        double bound = 1 / Math.sqrt(16);
        assertTrue(a.weight().value().amaxNumber().doubleValue() <= bound);
        assertTrue(a.weight().value().minNumber().doubleValue() < -bound / 2, "uses the negative half too");
        assertTrue(a.weight().value().maxNumber().doubleValue() > bound / 2, "uses the positive half too");
        Linear c = new Linear(16, 50);
        assertNotEquals(a.weight().value(), c.weight().value());
        assertEquals(DataType.DOUBLE, new Linear(2, 3, DataType.DOUBLE).bias().value().dataType());
    }

    @Test
    void errorsSpeakTheLecturesLanguage() {
        Linear layer = new Linear(3, 4);
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> layer.backward(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertEquals("Linear(3 -> 4): backward called before forward", early.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.FLOAT, 2, 5)));
        assertEquals("Linear(3 -> 4) expects input [batch, 3] but got [2, 5]", shape.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertTrue(type.getMessage().contains("FLOAT parameters but got a DOUBLE input"), type.getMessage());
        layer.forward(Nd4j.zeros(DataType.FLOAT, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> layer.backward(Nd4j.zeros(DataType.DOUBLE, 2, 4)));
        assertEquals(0, layer.weight().grad().sumNumber().doubleValue(), "a failed call leaves the grads alone");
    }

    @Test
    void toConvertsParametersForAGradientCheck() {
        Linear layer = new Linear(3, 2);
        float w00 = layer.weight().value().getFloat(0, 0);
        layer.to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, layer.weight().value().dataType());
        assertEquals(DataType.DOUBLE, layer.bias().grad().dataType());
        assertEquals(w00, layer.weight().value().getDouble(0, 0), 1e-7);
        assertEquals(DataType.DOUBLE, layer.forward(Nd4j.ones(DataType.DOUBLE, 1, 3)).dataType());
    }
    @Test
    void withoutBiasItIsXTimesWTransposedWithTheWeightAsOnlyParameter() {
        INDArray w = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        Linear layer = new Linear(w);
        assertEquals(false, layer.hasBias());
        assertEquals(null, layer.bias());
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(layer.namedParameters().keySet()));
        assertEquals("Linear(2 -> 3, no bias)", layer.toString());
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 1}, {2, -1}});
        assertArrayEquals(new double[] {3, 7, 11, 0, 2, 4}, layer.forward(x).ravel().toDoubleVector(), 1e-12);
        INDArray g = Nd4j.createFromArray(new double[][] {{1, 0, -1}, {2, 1, 0}});
        INDArray dx = layer.backward(g);
        assertArrayEquals(new double[] {5, -1, 2, -1, -1, -1}, layer.weight().grad().ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {-4, -4, 5, 8}, dx.ravel().toDoubleVector(), 1e-12);
        // inside a Sequential (the buffered path) and with the other constructors
        Sequential net = new Sequential(new Linear(2, 3, false, DataType.DOUBLE), new Tanh(), new Linear(3, 1, false));
        assertEquals(java.util.List.of("0.weight", "2.weight"), java.util.List.copyOf(net.namedParameters().keySet()));
        assertEquals(DataType.FLOAT, new Linear(2, 3, false).weight().value().dataType());
        Init.he(new Linear(4, 2, false)); // no bias to set to zero: no error
    }

    @Test
    void withoutBiasPassesAGradientCheck() {
        Nnlab.seed(3);
        Sequential net = new Sequential(new Linear(3, 4, false, DataType.DOUBLE), new Tanh(),
                new Linear(4, 2, false, DataType.DOUBLE));
        org.nnlab.check.GradCheck.Report report = org.nnlab.check.GradCheck.check(net, Nd4j.randn(DataType.DOUBLE, 5, 3));
        assertTrue(report.passed(), report.toString());
    }
}
