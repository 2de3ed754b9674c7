package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

/**
 * libnd4j's fused LSTM ops ({@link Nd4jLstmLayer}) compute what {@link Recurrent} with an {@link LstmCell}
 * computes: outputs, last h and c, dL/dx and every parameter gradient, with and without bias, mask and
 * learned initial state, from a gradient on all outputs or on the last state only. (They are not used by
 * the library: see {@link Nd4jLstmLayer} for why.)
 */
class Nd4jLstmLayerTest {

    private static final int BATCH = 3;
    private static final int TIME = 5;
    private static final int FEATURES = 4;
    private static final int HIDDEN = 6;

    @Test
    void fusedOpsEqualTheRecurrentLayer() {
        Nnlab.seed(41);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean masked : new boolean[] {false, true}) {
                    for (boolean learned : new boolean[] {false, true}) {
                        for (boolean last : new boolean[] {false, true}) {
                            String where = type + (bias ? " bias" : " no bias") + (masked ? " masked" : "")
                                    + (learned ? " learned h0" : "") + (last ? " backwardLast" : " backward");
                            compare(type, bias, masked, learned, last, tolerance, where);
                        }
                    }
                }
            }
        }
    }

    private static void compare(DataType type, boolean bias, boolean masked, boolean learned, boolean last,
                                double tolerance, String where) {
        LstmCell cell = new LstmCell(FEATURES, HIDDEN, bias, type);
        Recurrent layer = new Recurrent(cell);
        INDArray h0 = null;
        INDArray c0 = null;
        if (learned) {
            layer.learnInitialState();
            layer.parameters().stream().filter(p -> p.name().equals("h0") || p.name().equals("c0"))
                    .forEach(p -> p.value().assign(Nd4j.rand(type, p.value().shape()).subi(0.5)));
            h0 = Nd4j.zeros(type, BATCH, HIDDEN).addiRowVector(param(layer, "h0").value());
            c0 = Nd4j.zeros(type, BATCH, HIDDEN).addiRowVector(param(layer, "c0").value());
        }
        INDArray x = Nd4j.rand(type, BATCH, TIME, FEATURES).subi(0.5);
        // lengths 5, 3 and 1
        INDArray mask = masked ? Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}})
                .castTo(type) : null;
        INDArray lengths = masked ? Nd4j.createFromArray(5.0, 3.0, 1.0).castTo(type) : null;
        INDArray gradOut = last ? null : Nd4j.rand(type, BATCH, TIME, HIDDEN).subi(0.5);
        INDArray gradLast = last ? Nd4j.rand(type, BATCH, HIDDEN).subi(0.5) : null;

        layer.zeroGrad();
        INDArray out = layer.forward(x, mask);
        INDArray dx = last ? layer.backwardLast(gradLast) : layer.backward(gradOut);

        Nd4jLstmLayer.Weights w = Nd4jLstmLayer.Weights.of(cell);
        Nd4jLstmLayer.Forward f = Nd4jLstmLayer.forward(x, w, lengths, h0, c0);
        Nd4jLstmLayer.Backward g = Nd4jLstmLayer.backward(x, w, lengths, h0, c0, gradOut, gradLast);

        assertClose(out, f.output(), tolerance, where + ": outputs");
        assertClose(layer.lastHidden(), f.lastH(), tolerance, where + ": h_T");
        assertClose(layer.lastState().c(), f.lastC(), tolerance, where + ": c_T");
        assertClose(dx, g.dx(), tolerance, where + ": dL/dx");
        assertClose(cell.weightIh().grad(), g.dWx().transpose(), tolerance, where + ": dL/dW_ih");
        assertClose(cell.weightHh().grad(), g.dWr().transpose(), tolerance, where + ": dL/dW_hh");
        if (bias) {
            assertClose(cell.biasIh().grad(), g.db(), tolerance, where + ": dL/db_ih");
            assertClose(cell.biasHh().grad(), g.db(), tolerance, where + ": dL/db_hh");
        }
        if (learned) {
            assertClose(param(layer, "h0").grad(), g.dh0().sum(0), tolerance, where + ": dL/dh0");
            assertClose(param(layer, "c0").grad(), g.dc0().sum(0), tolerance, where + ": dL/dc0");
        }
    }

    private static org.nnlab.nn.Parameter param(Recurrent layer, String name) {
        return layer.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double difference = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance, what + ": max |difference| " + difference);
    }
}
