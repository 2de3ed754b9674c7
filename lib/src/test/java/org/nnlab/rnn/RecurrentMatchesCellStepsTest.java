package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;

/**
 * The layer computes the input parts of all steps with one matrix product (and their gradients with one
 * product each); the result must be exactly what a student gets by calling the cell's public
 * {@code step} and {@code backwardStep} one time step after the other.
 */
class RecurrentMatchesCellStepsTest {

    private static RecurrentCell cell(String kind) {
        return switch (kind) {
            case "rnn" -> new RnnCell(4, 3, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE);
            case "linear-rnn-no-bias" -> new RnnCell(4, 3, RnnCell.Nonlinearity.NONE, false, DataType.DOUBLE);
            case "lstm" -> new LstmCell(4, 3, true, DataType.DOUBLE);
            case "gru-pytorch" -> new GruCell(4, 3, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE);
            case "gru-lecture" -> new GruCell(4, 3, GruCell.Formulation.LECTURE, true, DataType.DOUBLE);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn", "linear-rnn-no-bias", "lstm", "gru-pytorch", "gru-lecture"})
    void layerEqualsTheCellCalledStepByStep(String kind) {
        Nnlab.seed(7);
        Supplier<RecurrentCell> make = () -> cell(kind);
        Nnlab.seed(7);
        RecurrentCell layerCell = make.get();
        Nnlab.seed(7);
        RecurrentCell stepCell = make.get();
        int batch = 3;
        int time = 6;
        INDArray x = Nd4j.randn(DataType.DOUBLE, batch, time, 4);
        INDArray gradOut = Nd4j.randn(DataType.DOUBLE, batch, time, 3);

        // the layer
        Recurrent layer = new Recurrent(layerCell);
        INDArray out = layer.forward(x);
        INDArray dx = layer.backward(gradOut);

        // step by step with the public cell API
        List<Step> steps = new ArrayList<>();
        State state = stepCell.initialState(batch);
        for (int t = 0; t < time; t++) {
            Step s = stepCell.step(slice(x, t), state);
            steps.add(s);
            state = s.state();
            assertClose(s.h(), slice(out, t), kind + " h_" + (t + 1));
        }
        INDArray dh = Nd4j.zeros(DataType.DOUBLE, batch, 3);
        INDArray dc = null;
        for (int t = time - 1; t >= 0; t--) {
            StepGradients g = stepCell.backwardStep(steps.get(t), dh.add(slice(gradOut, t)), dc);
            assertClose(g.input(), slice(dx, t), kind + " dL/dx_" + (t + 1));
            dh = g.h();
            dc = g.c();
        }
        for (int p = 0; p < layerCell.parameters().size(); p++) {
            assertClose(stepCell.parameters().get(p).grad(), layerCell.parameters().get(p).grad(),
                    kind + " dL/d" + layerCell.parameters().get(p).name());
        }
    }

    private static INDArray slice(INDArray a, int t) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertTrue(diff < 1e-12 * scale, what + ": layer and cell steps differ by " + diff);
    }
}
