package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

/**
 * The contract of Sequential's reused buffers (Module#forwardToBuffer): the arrays between layers are
 * reused from step to step, but what forward and backward return is a new array that later calls leave
 * alone, and the results equal those of the layers called one by one.
 */
class SequentialBuffersTest {

    private static Sequential net() {
        Nnlab.seed(3);
        return new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 4), new ReLU(), new Linear(4, 2),
                new Sigmoid());
    }

    private static INDArray input(int batch, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] x = new float[batch][3];
        for (float[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return Nd4j.createFromArray(x);
    }

    private static double[] values(INDArray a) {
        return a.dup().ravel().toDoubleVector();
    }

    @Test
    void anOutputYouKeepIsNotChangedByTheNextForwardOrBackward() {
        Sequential net = net();
        INDArray x1 = input(4, 1);
        INDArray y1 = net.forward(x1);
        double[] kept = values(y1);
        net.backward(Nd4j.onesLike(y1));
        net.forward(input(4, 2));
        net.backward(Nd4j.onesLike(y1).muli(3));
        assertArrayEquals(kept, values(y1), 0);
        assertArrayEquals(kept, values(net.forward(x1)), 0); // and the same input gives the same output
    }

    @Test
    void dLdInputOfSequentialIsABufferThatTheNextBackwardOverwrites() {
        Sequential net = net();
        INDArray x = input(4, 1);
        INDArray y = net.forward(x);
        INDArray dx = net.backward(Nd4j.onesLike(y));
        INDArray kept = dx.dup(); // the documented way to keep it
        net.forward(x);
        INDArray dx3 = net.backward(Nd4j.onesLike(y).muli(3));
        assertArrayEquals(values(kept.mul(3)), values(dx3), 1e-5);
        assertArrayEquals(values(dx3), values(dx), 0); // the same buffer, overwritten
    }

    @Test
    void sequentialMatchesTheLayersCalledOneByOne() {
        Sequential net = net();
        Sequential same = net();
        for (int step = 0; step < 3; step++) {
            int batch = step == 1 ? 2 : 4; // a change of batch size makes new buffers
            INDArray x = input(batch, 10 + step);
            net.zeroGrad();
            same.zeroGrad();
            INDArray y = net.forward(x);
            INDArray h = x;
            for (Module layer : same.layers()) {
                h = layer.forward(h);
            }
            assertArrayEquals(values(h), values(y), 1e-6);
            INDArray g = y.mul(2);
            INDArray dx = net.backward(g);
            INDArray d = g;
            for (int i = same.size() - 1; i >= 0; i--) {
                d = same.get(i).backward(d);
            }
            assertArrayEquals(values(d), values(dx), 1e-6);
            List<Parameter> ps = net.parameters();
            List<Parameter> qs = same.parameters();
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(values(qs.get(i).grad()), values(ps.get(i).grad()), 1e-6, ps.get(i).name());
            }
        }
    }

    @Test
    void aSequentialInsideASequentialUsesBuffersAndStaysCorrect() {
        Sequential inner = net();
        Sequential outer = new Sequential(inner, new Linear(2, 1));
        INDArray x = input(4, 5);
        INDArray y = outer.forward(x);
        double[] kept = values(y);
        outer.backward(Nd4j.onesLike(y));
        outer.forward(input(4, 6));
        assertArrayEquals(kept, values(y), 0);
        assertArrayEquals(kept, values(outer.forward(x)), 0);
        assertEquals(4, y.size(0));
    }

    @Test
    void linearKeepsAddingGradientsAndItsBiasOverManyCalls() {
        // Linear's matrix products keep their settings (transposes, beta = 1 to add) from call to call
        Linear layer = new Linear(Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}), Nd4j.createFromArray(0.5f, -1f));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 0, -1}, {2, 1, 0}});
        INDArray g = Nd4j.createFromArray(new float[][] {{1, 1}, {0, 2}});
        for (int call = 1; call <= 3; call++) {
            assertArrayEquals(new double[] {-1.5, -3, 4.5, 12}, values(layer.forward(x)), 1e-6);
            layer.backward(g);
            // dL/dW = gᵀ x = [[1, 0, -1], [5, 2, -1]] and dL/db = [1, 3], added once per call
            assertArrayEquals(new double[] {call, 0, -call, 5 * call, 2 * call, -call},
                    values(layer.weight().grad()), 1e-6);
            assertArrayEquals(new double[] {call, 3 * call}, values(layer.bias().grad()), 1e-6);
        }
    }
}
