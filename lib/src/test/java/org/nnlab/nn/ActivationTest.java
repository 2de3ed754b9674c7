package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.check.FiniteDifference;

class ActivationTest {

    private static final double[] XS = {-3, -1.5, -0.2, 0.3, 1, 2.5};

    private static double[] map(DoubleUnaryOperator f) {
        double[] out = new double[XS.length];
        for (int i = 0; i < XS.length; i++) {
            out[i] = f.applyAsDouble(XS[i]);
        }
        return out;
    }

    private static INDArray xs() {
        return Nd4j.createFromArray(XS).reshape(2, 3);
    }

    @Test
    void functionsMatchTheirFormulas() {
        assertArrayEquals(map(x -> 1 / (1 + Math.exp(-x))), new Sigmoid().apply(xs()).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(map(Math::tanh), new Tanh().apply(xs()).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(map(x -> Math.max(0, x)), new ReLU().apply(xs()).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(map(x -> x > 0 ? x : 0.1 * x), new LeakyReLU(0.1).apply(xs()).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(XS, new Identity().apply(xs()).ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        List<Activation> activations = List.of(new Sigmoid(), new Tanh(), new ReLU(), new LeakyReLU(0.2), new Identity());
        for (Activation a : activations) {
            DoubleUnaryOperator f = x -> a.apply(Nd4j.scalar(x)).getDouble(0);
            double[] expected = map(x -> FiniteDifference.derivative(f, x));
            assertArrayEquals(expected, a.derivative(xs()).ravel().toDoubleVector(), 1e-8, a.toString());
        }
    }

    @Test
    void derivativesAtZeroFollowPyTorch() {
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        assertEquals(0, new ReLU().derivative(zero).getDouble(0));
        assertEquals(0.2, new LeakyReLU(0.2).derivative(zero).getDouble(0), 1e-12);
        assertEquals(0.25, new Sigmoid().derivative(zero).getDouble(0), 1e-12);
    }

    @Test
    void backwardIsGradOutputTimesDerivative() {
        Tanh tanh = new Tanh();
        INDArray g = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {-1, 0.5, 0}});
        tanh.forward(xs());
        double[] dx = tanh.backward(g).ravel().toDoubleVector();
        double[] gs = g.ravel().toDoubleVector();
        for (int i = 0; i < XS.length; i++) {
            double t = Math.tanh(XS[i]);
            assertEquals(gs[i] * (1 - t * t), dx[i], 1e-12);
        }
    }

    @Test
    void keepsTheInputsDataType() {
        INDArray x = Nd4j.createFromArray(new float[][] {{-1, 2}});
        assertEquals(DataType.FLOAT, new Sigmoid().forward(x).dataType());
        assertEquals(DataType.FLOAT, new LeakyReLU().derivative(x).dataType());
    }

    @Test
    void backwardBeforeForwardAndWrongShapesAreClearErrors() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LeakyReLU(0.1).backward(Nd4j.ones(2, 2)));
        assertEquals("LeakyReLU(0.1): backward called before forward", e.getMessage());
        Sigmoid s = new Sigmoid();
        s.forward(xs());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> s.backward(Nd4j.ones(3, 2)));
        assertTrue(shape.getMessage().contains("[2, 3] but got [3, 2]"), shape.getMessage());
    }

    @Test
    void softmaxRowsSumToOneAndSurviveLargeScores() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {1000, 1001, 1002}});
        INDArray y = new Softmax().apply(x);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        double[] expected = {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z};
        assertArrayEquals(expected, y.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(expected, y.getRow(1).toDoubleVector(), 1e-12); // shifting by the max: no overflow
    }

    @Test
    void softmaxBackwardAppliesTheJacobian() {
        Softmax softmax = new Softmax();
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1, 2}});
        INDArray y = softmax.forward(x);
        INDArray g = Nd4j.createFromArray(new double[][] {{1, -2, 0.5}});
        double[] dx = softmax.backward(g).toDoubleVector();
        double[] ys = y.toDoubleVector();
        double[] gs = g.toDoubleVector();
        for (int j = 0; j < 3; j++) { // dx_j = Σ_i g_i y_i (δ_ij - y_j)
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += gs[i] * ys[i] * ((i == j ? 1 : 0) - ys[j]);
            }
            assertEquals(sum, dx[j], 1e-12);
        }
    }
}
