package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.Nnlab;

class InitTest {

    /** Mean and variance of all entries (variance about the sample mean, divided by n). */
    private static double[] meanAndVariance(INDArray a) {
        double[] v = a.ravel().toDoubleVector();
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, var / v.length};
    }

    /**
     * 300 x 200 = 60 000 draws: the sample variance of N(0, s²) has a relative standard error of
     * sqrt(2/n), about 0.6 %; 3 % is five of those. The mean's standard error is s/sqrt(n), 0.4 % of s.
     */
    private static void assertVariance(double expected, Linear layer) {
        double[] mv = meanAndVariance(layer.weight().value());
        double std = Math.sqrt(expected);
        assertEquals(0, mv[0], 0.02 * std, "mean");
        assertEquals(expected, mv[1], 0.03 * expected, "variance");
        assertArrayEquals(new double[(int) layer.out()], layer.bias().value().toDoubleVector(), 0, "bias is zero");
    }

    @Test
    void xavierUniformHasVarianceTwoOverInPlusOut() {
        Nnlab.seed(1);
        Linear layer = Init.xavierUniform(new Linear(200, 300));
        assertVariance(2.0 / (200 + 300), layer);
        double a = Math.sqrt(6.0 / 500);
        INDArray w = layer.weight().value();
        assertEquals(true, w.maxNumber().doubleValue() <= a && w.minNumber().doubleValue() >= -a, "inside (-a, a)");
        assertEquals(true, w.maxNumber().doubleValue() > 0.99 * a, "fills the range up to a");
    }

    @Test
    void xavierNormalHasVarianceTwoOverInPlusOut() {
        Nnlab.seed(2);
        assertVariance(2.0 / (200 + 300), Init.xavierNormal(new Linear(200, 300)));
        assertEquals(Math.sqrt(2.0 / 500), Init.xavierStd(200, 300), 1e-15);
    }

    @Test
    void heHasVarianceTwoOverIn() {
        Nnlab.seed(3);
        assertVariance(2.0 / 200, Init.he(new Linear(200, 300)));
        assertEquals(0.1, Init.heStd(200), 1e-15);
    }

    @Test
    void normalWithAGivenStd() {
        Nnlab.seed(4);
        assertVariance(0.25, Init.normal(new Linear(200, 300), 0.5));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(new Linear(2, 2), -1));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(new Linear(2, 2), Double.NaN));
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndTheLayerKeepsItsParameters() {
        Linear layer = new Linear(5, 4, DataType.DOUBLE);
        Parameter weight = layer.weight();
        INDArray value = weight.value();
        Nnlab.seed(7);
        assertSame(layer, Init.he(layer));
        INDArray first = layer.weight().value().dup();
        Nnlab.seed(7);
        Init.he(layer);
        assertEquals(first, layer.weight().value());
        assertSame(weight, layer.weight(), "the same parameter");
        assertSame(value, layer.weight().value(), "changed in place");
        assertEquals(DataType.DOUBLE, layer.weight().value().dataType());
        assertEquals(DataType.DOUBLE, layer.bias().value().dataType());
    }
}
