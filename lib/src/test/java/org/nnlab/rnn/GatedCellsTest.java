package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

/** What the gates of the LSTM and the GRU do, with hand-set biases that open or close them. */
class GatedCellsTest {

    private static final double BIG = 50;   // σ(50) rounds to 1 in double, σ(-50) ≈ 2e-22: gates fully open or shut

    @Test
    void lstmWithForgetGateOpenAndInputGateClosedKeepsItsCellState() {
        Nnlab.seed(21);
        LstmCell cell = new LstmCell(3, 2, true, DataType.DOUBLE);
        INDArray b = cell.biasIh().value();
        b.assign(0);
        cell.weightIh().value().assign(0);
        cell.weightHh().value().assign(0);
        // blocks i, f, g, o of 2 entries each: i closed, f open, o open
        b.putScalar(0, -BIG).putScalar(1, -BIG).putScalar(2, BIG).putScalar(3, BIG).putScalar(6, BIG).putScalar(7, BIG);
        INDArray c0 = Nd4j.createFromArray(new double[][] {{0.5, -2}});
        Step step = cell.step(Nd4j.ones(DataType.DOUBLE, 1, 3), State.of(Nd4j.zeros(DataType.DOUBLE, 1, 2), c0));
        assertArrayEquals(c0.toDoubleVector(), step.c().toDoubleVector(), 1e-12);            // c_1 = c_0
        assertArrayEquals(new double[] {Math.tanh(0.5), Math.tanh(-2)}, step.h().toDoubleVector(), 1e-12);  // h = tanh(c)
        // and the gradient flows back through c unchanged: dL/dc_0 = dL/dc_1 ⊙ f = dL/dc_1
        StepGradients g = cell.backwardStep(step, null, Nd4j.createFromArray(new double[][] {{3, 4}}));
        assertArrayEquals(new double[] {3, 4}, g.c().toDoubleVector(), 1e-12);
    }

    @Test
    void lstmParametersAndState() {
        LstmCell cell = new LstmCell(3, 5);
        assertArrayEquals(new long[] {20, 3}, cell.weightIh().value().shape());   // 4 gates i, f, g, o
        assertArrayEquals(new long[] {20, 5}, cell.weightHh().value().shape());
        assertArrayEquals(new long[] {20}, cell.biasHh().value().shape());
        State s = cell.initialState(2);
        assertNotNull(s.c());
        assertEquals("LstmCell(3 -> 5)", cell.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(Nd4j.zeros(DataType.FLOAT, 2, 3), State.of(s.h())));
        assertTrue(e.getMessage().contains("needs a cell state c_{t-1}"), e.getMessage());
    }

    /** A GRU with zero weights whose biases set r and PyTorch's z to constants. */
    private static GruCell gru(GruCell.Formulation formulation, double rBias, double zTorchBias) {
        Nnlab.seed(22);
        GruCell cell = new GruCell(2, 2, formulation, true, DataType.DOUBLE);
        cell.weightIh().value().assign(0);
        cell.weightHh().value().assign(0);
        cell.biasIh().value().assign(0);
        cell.biasHh().value().assign(0);
        cell.biasIh().value().putScalar(0, rBias).putScalar(1, rBias).putScalar(2, zTorchBias).putScalar(3, zTorchBias);
        cell.weightHh().value().put(new org.nd4j.linalg.indexing.INDArrayIndex[] {
                org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 6), org.nd4j.linalg.indexing.NDArrayIndex.all()},
                Nd4j.eye(2).castTo(DataType.DOUBLE));   // U_n = identity
        return cell;
    }

    @Test
    void gruUpdateGateIsOneMinusPyTorchsZ() {
        INDArray h0 = Nd4j.createFromArray(new double[][] {{0.5, -0.25}});
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}});
        for (GruCell.Formulation f : GruCell.Formulation.values()) {
            // PyTorch's z = σ(+BIG) = 1: the lectures' z_t = 0, so h_t = h_{t-1} (the old state is kept)
            assertArrayEquals(h0.toDoubleVector(), gru(f, BIG, BIG).step(x, State.of(h0)).h().toDoubleVector(), 1e-12);
            // PyTorch's z = 0: z_t = 1, h_t = h̃_t = tanh(U_n (r ⊙ h)) with r = 1: tanh(h_{t-1})
            assertArrayEquals(new double[] {Math.tanh(0.5), Math.tanh(-0.25)},
                    gru(f, BIG, -BIG).step(x, State.of(h0)).h().toDoubleVector(), 1e-12);
            // reset gate closed (r = 0): the candidate forgets h_{t-1}, h̃_t = tanh(0) = 0, so h_t = 0
            assertArrayEquals(new double[] {0, 0},
                    gru(f, -BIG, -BIG).step(x, State.of(h0)).h().toDoubleVector(), 1e-12);
        }
    }

    @Test
    void gruFormulationsDifferOnlyWhereTheResetGateActs() {
        Nnlab.seed(23);
        GruCell pytorch = new GruCell(3, 4, GruCell.Formulation.PYTORCH, false, DataType.DOUBLE);
        GruCell lecture = new GruCell(pytorch.weightIh().value(), pytorch.weightHh().value(), null, null,
                GruCell.Formulation.LECTURE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3);
        // with h_{t-1} = 0 both candidates are tanh(W_n x_t): the same
        State zero = pytorch.initialState(2);
        assertEquals(pytorch.step(x, zero).h(), lecture.step(x, zero).h());
        // with h_{t-1} != 0, r ⊙ (U_n h) differs from U_n (r ⊙ h) in general
        State h = State.of(Nd4j.rand(DataType.DOUBLE, 2, 4));
        assertTrue(pytorch.step(x, h).h().sub(lecture.step(x, h).h()).amaxNumber().doubleValue() > 1e-6);
        assertEquals(List.of("weight_ih", "weight_hh"), List.copyOf(lecture.namedParameters().keySet()));
        assertEquals("GruCell(3 -> 4, LECTURE)", lecture.toString());
        assertArrayEquals(new long[] {12, 3}, lecture.weightIh().value().shape());
    }
}
