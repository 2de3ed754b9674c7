package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.Parameter;

/**
 * {@link Recurrent#useFusedOps()}: libnd4j's fused LSTM gives what the step-by-step layer gives (outputs,
 * last state, dL/dx, every parameter gradient), with and without bias, mask and learned initial state, for
 * the full sequence and for the last state, and passes finite differences.
 */
class FusedLstmTest {

    private static final int BATCH = 3;
    private static final int TIME = 5;
    private static final int FEATURES = 4;
    private static final int HIDDEN = 6;

    /** Lengths 5, 3 and 1, padded at the end. */
    private static INDArray mask(DataType type) {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}}).castTo(type);
    }

    /** Two layers with the same weights: step by step, and fused. */
    private static Recurrent[] pair(boolean bias, boolean learnInitialState, DataType type) {
        LstmCell cell = new LstmCell(FEATURES, HIDDEN, bias, type);
        LstmCell copy = bias
                ? new LstmCell(cell.weightIh().value().dup(), cell.weightHh().value().dup(),
                        cell.biasIh().value().dup(), cell.biasHh().value().dup())
                : new LstmCell(cell.weightIh().value().dup(), cell.weightHh().value().dup(), null, null);
        Recurrent steps = new Recurrent(cell);
        Recurrent fused = new Recurrent(copy);
        if (learnInitialState) {
            steps.learnInitialState();
            fused.learnInitialState();
            for (int i = 0; i < steps.parameters().size(); i++) {
                Parameter p = steps.parameters().get(i);
                if (p.name().equals("h0") || p.name().equals("c0")) {
                    p.value().assign(Nd4j.rand(type, p.value().shape()).subi(0.5));
                    fused.parameters().get(i).value().assign(p.value());
                }
            }
        }
        return new Recurrent[] {steps, fused.useFusedOps()};
    }

    @Test
    void fusedEqualsStepByStep() {
        Nnlab.seed(41);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean masked : new boolean[] {false, true}) {
                    for (boolean learned : new boolean[] {false, true}) {
                        for (boolean last : new boolean[] {false, true}) {
                            String where = type + (bias ? " bias" : " no bias") + (masked ? " masked" : "")
                                    + (learned ? " learned h0" : "") + (last ? " backwardLast" : " backward");
                            Recurrent[] layers = pair(bias, learned, type);
                            INDArray x = Nd4j.rand(type, BATCH, TIME, FEATURES).subi(0.5);
                            INDArray mask = masked ? mask(type) : null;
                            INDArray[] dx = new INDArray[2];
                            INDArray[] out = new INDArray[2];
                            INDArray gradOut = Nd4j.rand(type, BATCH, TIME, HIDDEN).subi(0.5);
                            INDArray gradLast = Nd4j.rand(type, BATCH, HIDDEN).subi(0.5);
                            for (int k = 0; k < 2; k++) {
                                layers[k].zeroGrad();
                                out[k] = layers[k].forward(x, mask);
                                dx[k] = last ? layers[k].backwardLast(gradLast) : layers[k].backward(gradOut);
                            }
                            assertClose(out[0], out[1], tolerance, where + ": outputs");
                            assertClose(layers[0].lastHidden(), layers[1].lastHidden(), tolerance, where + ": h_T");
                            assertClose(layers[0].lastState().c(), layers[1].lastState().c(), tolerance, where + ": c_T");
                            assertClose(dx[0], dx[1], tolerance, where + ": dL/dx");
                            for (int i = 0; i < layers[0].parameters().size(); i++) {
                                Parameter p = layers[0].parameters().get(i);
                                assertEquals(p.name(), layers[1].parameters().get(i).name());
                                assertClose(p.grad(), layers[1].parameters().get(i).grad(), tolerance,
                                        where + ": dL/d" + p.name());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void gradCheckWithMaskAndLearnedInitialState() {
        Nnlab.seed(42);
        Recurrent fused = pair(true, true, DataType.DOUBLE)[1];
        fused.useMask(mask(DataType.DOUBLE));
        RecurrentGradCheckTest.assertPasses(GradCheck.check(fused,
                Nd4j.rand(DataType.DOUBLE, BATCH, TIME, FEATURES).subi(0.5)));
    }

    @Test
    void clearErrorsForWhatTheFusedPathDoesNotDo() {
        Recurrent gru = new Recurrent(new GruCell(FEATURES, HIDDEN));
        assertTrue(assertThrows(IllegalArgumentException.class, gru::useFusedOps).getMessage().contains("LSTM only"));
        Recurrent truncated = new Recurrent(new LstmCell(FEATURES, HIDDEN)).truncate(3);
        assertThrows(IllegalStateException.class, truncated::useFusedOps);
        Recurrent fused = new Recurrent(new LstmCell(FEATURES, HIDDEN)).useFusedOps();
        assertThrows(IllegalStateException.class, () -> fused.truncate(2));
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, TIME, FEATURES);
        fused.forward(x);
        fused.backward(Nd4j.rand(DataType.FLOAT, BATCH, TIME, HIDDEN));
        String message = assertThrows(IllegalStateException.class, fused::gradNorms).getMessage();
        assertTrue(message.contains("useFusedOps"), message);
        assertThrows(IllegalStateException.class, () -> fused.gates(0));
        assertThrows(IllegalStateException.class, fused::steps);
        INDArray holes = Nd4j.createFromArray(new float[][] {{1, 0, 1, 0, 0}, {1, 1, 1, 1, 1}, {1, 1, 0, 0, 0}});
        message = assertThrows(IllegalArgumentException.class, () -> fused.forward(x, holes)).getMessage();
        assertTrue(message.contains("real steps must come first"), message);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double difference = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance, what + ": max |difference| " + difference);
    }
}
