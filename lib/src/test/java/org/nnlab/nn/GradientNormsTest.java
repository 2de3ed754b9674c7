package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.loss.MSELoss;

class GradientNormsTest {

    @Test
    void theNormOfEveryWeightGradientInOrder() {
        Sequential net = new Sequential(new Linear(2, 2, DataType.DOUBLE), new Tanh(), new Linear(2, 1, DataType.DOUBLE));
        ((Linear) net.get(0)).weight().grad().assign(Nd4j.createFromArray(new double[][] {{3, 0}, {0, 4}}));
        ((Linear) net.get(2)).weight().grad().assign(Nd4j.createFromArray(new double[][] {{1, 1}}));
        ((Linear) net.get(2)).bias().grad().assign(100); // biases are left out
        GradientNorms g = GradientNorms.of(net);
        assertEquals(List.of("0.weight", "2.weight"), g.layers());
        assertArrayEquals(new double[] {5, Math.sqrt(2)}, g.norms(), 1e-12);
        assertEquals(5 / Math.sqrt(2), g.firstOverLast(), 1e-12);
        assertEquals(5 / Math.sqrt(2), g.maxOverMin(), 1e-12);
        assertEquals(List.of("0.weight", "2.weight"), List.copyOf(g.asMap().keySet()));
        assertEquals("0.weight  ||dL/dW|| = 5.000e+00\n2.weight  ||dL/dW|| = 1.414e+00",
                g.toString().replace(System.lineSeparator(), "\n"));
        g.norms()[0] = 0;
        assertEquals(5, g.norms()[0], 0, "norms() is a copy");
    }

    @Test
    void measureRunsOneBackwardPassFromZero() {
        // one layer y = x · Wᵀ + b with W = [[1, 0]], b = 0; MSE against 0: dL/dy = 2y/n
        Linear layer = new Linear(Nd4j.createFromArray(new double[][] {{1, 0}}), Nd4j.createFromArray(0.0));
        layer.weight().grad().assign(7); // left over from before: measure starts from zero
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        GradientNorms g = GradientNorms.measure(layer, new MSELoss(), x, Nd4j.zeros(DataType.DOUBLE, 2, 1));
        // y = [1, 3], dL/dy = [1, 3], dL/dW = [1·1 + 3·3, 1·2 + 3·4] = [10, 14]
        assertEquals(List.of("weight"), g.layers());
        assertEquals(Math.sqrt(100 + 196), g.norms()[0], 1e-12);
        assertArrayEquals(new double[] {1, 0}, layer.weight().value().ravel().toDoubleVector(), 0, "not changed");
    }

    @Test
    void errors() {
        assertThrows(IllegalArgumentException.class, () -> GradientNorms.of(new Tanh()));
        assertThrows(IllegalArgumentException.class, () -> new GradientNorms(List.of("a"), new double[2]));
    }
}
