package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.optim.Adam;

/**
 * The cells work with the optimizers: each cell, unrolled by hand over 5 steps, learns to carry the sign of
 * the FIRST input to the last hidden state (the later inputs are zeros), by backpropagation through time.
 */
class CellTrainingTest {

    private static double train(RecurrentCell cell) {
        int batch = 8;
        int steps = 5;
        // x_1 = ±1, then zeros; the target of h_5[0] is 0.5 · sign(x_1)
        INDArray first = Nd4j.createFromArray(new double[][] {{1}, {-1}, {1}, {-1}, {1}, {-1}, {1}, {-1}})
                .castTo(DataType.FLOAT);
        INDArray target = first.mul(0.5);
        Adam adam = new Adam(cell.parameters(), 0.1);
        double loss = Double.NaN;
        for (int epoch = 0; epoch < 60; epoch++) {
            adam.zeroGrad();
            State state = cell.initialState(batch);
            List<Step> unrolled = new ArrayList<>();
            for (int t = 0; t < steps; t++) {
                INDArray x = t == 0 ? first : Nd4j.zeros(DataType.FLOAT, batch, 1);
                Step step = cell.step(x, state);
                unrolled.add(step);
                state = step.state();
            }
            // L = mean over the batch of (h_5[0] - target)², dL/dh_5[0] = 2 (h_5[0] - target) / batch
            INDArray error = state.h().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).sub(target);
            loss = error.mul(error).meanNumber().doubleValue();
            INDArray dh = Nd4j.zeros(DataType.FLOAT, batch, cell.hiddenSize());
            dh.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 1)).assign(error.mul(2.0 / batch));
            INDArray dc = null;
            for (int t = steps - 1; t >= 0; t--) {   // backpropagation through time
                StepGradients g = cell.backwardStep(unrolled.get(t), dh, dc);
                dh = g.h();
                dc = g.c();
            }
            adam.step();
        }
        return loss;
    }

    @Test
    void everyCellLearnsToCarryTheFirstInputToTheEnd() {
        Nnlab.seed(31);
        List<RecurrentCell> cells = List.of(new RnnCell(1, 4), new LstmCell(1, 4),
                new GruCell(1, 4), new GruCell(1, 4, GruCell.Formulation.LECTURE, true, DataType.FLOAT));
        for (RecurrentCell cell : cells) {
            double loss = train(cell);
            assertTrue(loss < 1e-3, cell + " ends with loss " + loss);
        }
    }
}
