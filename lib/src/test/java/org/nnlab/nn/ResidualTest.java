package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.MSELoss;

class ResidualTest {

    @Test
    void forwardAddsTheInputToFOfTheInput() {
        // f(x) = x · Wᵀ with W = [[1, 2], [0, -1]], b = 0
        Linear f = new Linear(Nd4j.createFromArray(new double[][] {{1, 2}, {0, -1}}), Nd4j.createFromArray(0.0, 0));
        Residual block = new Residual(f);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 1}, {2, -1}});
        // f(x) = [[3, -1], [0, 1]]; y = x + f(x)
        assertArrayEquals(new double[] {4, 0, 2, 0}, block.forward(x).ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void backwardAddsTheIdentityPath() {
        Linear f = new Linear(Nd4j.createFromArray(new double[][] {{1, 2}, {0, -1}}), Nd4j.createFromArray(0.0, 0));
        Residual block = new Residual(f);
        block.forward(Nd4j.createFromArray(new double[][] {{1, 1}}));
        INDArray g = Nd4j.createFromArray(new double[][] {{1, 3}});
        // dL/dx = g + g · W = [1, 3] + [1, -1]
        assertArrayEquals(new double[] {2, 2}, block.backward(g).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1, 3}, g.ravel().toDoubleVector(), 0, "gradOutput is not changed");
        assertArrayEquals(new double[] {1, 1, 3, 3}, f.weight().grad().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void gradCheckOfABlockAndOfADeepResidualNetwork() {
        Nnlab.seed(5);
        Residual block = new Residual(new Sequential(new Linear(4, 4), new Tanh(), new Linear(4, 4)));
        block.to(DataType.DOUBLE);
        GradCheck.Report alone = GradCheck.check(block, Nd4j.randn(DataType.DOUBLE, 3, 4));
        assertTrue(alone.passed(), alone.toString());
        assertTrue(alone.maxError() < 1e-6, alone.toString());

        Sequential net = new Sequential(new Linear(3, 5),
                new Residual(new Sequential(new Linear(5, 5), new Sigmoid())),
                new Residual(new Sequential(new Linear(5, 5), new Sigmoid())),
                new Linear(5, 2));
        net.to(DataType.DOUBLE);
        GradCheck.Report deep = GradCheck.check(net, new MSELoss(), Nd4j.randn(DataType.DOUBLE, 4, 3),
                Nd4j.randn(DataType.DOUBLE, 4, 2));
        assertTrue(deep.passed(), deep.toString());
        assertTrue(deep.maxError() < 1e-6, deep.toString());
    }

    @Test
    void parametersModeAndNames() {
        Sequential inner = new Sequential(new Linear(4, 4), new Dropout(0.5));
        Residual block = new Residual(inner);
        assertEquals(inner.parameters(), block.parameters());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(block.namedParameters().keySet()));
        Sequential net = new Sequential(new Linear(2, 4), block);
        assertEquals(List.of("0.weight", "0.bias", "1.0.weight", "1.0.bias"),
                List.copyOf(net.namedParameters().keySet()));
        net.eval();
        assertFalse(inner.get(1).isTraining(), "eval reaches the module inside");
        net.train();
        assertTrue(inner.get(1).isTraining());
        net.to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, ((Linear) inner.get(0)).weight().value().dataType());
        assertEquals("Residual(Sequential(Linear(4 -> 4), Dropout(p=0.5)))", block.toString());
    }

    @Test
    void errors() {
        assertThrows(IllegalArgumentException.class, () -> new Residual(null));
        Residual wrong = new Residual(new Linear(3, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> wrong.forward(Nd4j.ones(DataType.FLOAT, 2, 3)));
        assertEquals("Residual(Linear(3 -> 2)): f must keep the shape for y = x + f(x), but maps [2, 3] to [2, 2]",
                e.getMessage());
        Residual block = new Residual(new Tanh());
        assertThrows(IllegalStateException.class, () -> block.backward(Nd4j.ones(DataType.FLOAT, 2, 3)));
        block.forward(Nd4j.ones(DataType.FLOAT, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> block.backward(Nd4j.ones(DataType.FLOAT, 3, 2)));
    }
}
