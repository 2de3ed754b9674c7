package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SequentialTest {

    /** The lecture's hand-set XOR network: W = [[1,1],[1,1]], c = [0,-1], w = [1,-2], b = 0. */
    private static Sequential xor() {
        return new Sequential(
                new Linear(Nd4j.createFromArray(new double[][] {{1, 1}, {1, 1}}), Nd4j.createFromArray(0.0, -1)),
                new ReLU(),
                new Linear(Nd4j.createFromArray(new double[][] {{1, -2}}), Nd4j.createFromArray(0.0)));
    }

    @Test
    void handSetReluNetworkComputesXor() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        assertArrayEquals(new double[] {0, 1, 1, 0}, xor().forward(x).ravel().toDoubleVector(), 0);
    }

    @Test
    void backwardRunsTheLayersInReverse() {
        Sequential net = xor();
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 1}});
        net.forward(x);
        INDArray dx = net.backward(Nd4j.createFromArray(new double[][] {{1}, {1}}));
        // dL/dx through: w = [1, -2], ReLU mask h > 0, W: row 1 has h = [1, 0]; row 2 h = [2, 1]
        assertArrayEquals(new double[] {1, 1, -1, -1}, dx.ravel().toDoubleVector(), 1e-12);
        Linear last = (Linear) net.get(2);
        assertArrayEquals(new double[] {3, 1}, last.weight().grad().ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void parametersAreNamedByLayerIndex() {
        Sequential net = xor();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertEquals(4, net.parameters().size());
        assertSame(((Linear) net.get(2)).bias(), net.namedParameters().get("2.bias"));
        assertEquals("Sequential(Linear(2 -> 2), ReLU, Linear(2 -> 1))", net.toString());
    }

    @Test
    void modeAndDataTypeReachEveryLayer() {
        Sequential net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
        assertTrue(net.get(1).isTraining());
        net.eval();
        assertFalse(net.isTraining());
        assertFalse(net.get(0).isTraining());
        net.train();
        assertTrue(net.get(2).isTraining());
        net.to(DataType.DOUBLE);
        for (Parameter p : net.parameters()) {
            assertEquals(DataType.DOUBLE, p.value().dataType(), p.name());
        }
    }

    @Test
    void aShapeErrorNamesTheLayer() {
        Sequential net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(4, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(Nd4j.ones(DataType.FLOAT, 5, 2)));
        assertEquals("Linear(4 -> 1) expects input [batch, 4] but got [5, 3]", e.getMessage());
        assertThrows(IllegalArgumentException.class, Sequential::new);
    }
}
