package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;

/** {@link RecurrentStack}: finite differences through two bidirectional layers with a mask; names and shapes. */
class RecurrentStackTest {

    @Test
    void gradCheckOfTwoBidirectionalLayersWithMask() {
        Nnlab.seed(31);
        RecurrentStack.CellMaker[] makers = {
            (in, h) -> new LstmCell(in, h, true, DataType.DOUBLE),
            (in, h) -> new GruCell(in, h, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE),
            (in, h) -> new RnnCell(in, h, RnnCell.Nonlinearity.TANH, false, DataType.DOUBLE)};
        for (RecurrentStack.CellMaker maker : makers) {
            RecurrentStack stack = new RecurrentStack(maker, RecurrentGradCheckTest.FEATURES, 3, 2, true);
            stack.useMask(RecurrentGradCheckTest.mask());
            RecurrentGradCheckTest.assertPasses(GradCheck.check(stack, RecurrentGradCheckTest.input()));
        }
    }

    @Test
    void namesAndShapesAsPyTorch() {
        RecurrentStack lstm = RecurrentStack.lstm(5, 4, 2, true);
        assertEquals(List.of(
                "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(lstm.namedParameters().keySet()));
        // layer 1 reads both directions of layer 0: weight_ih_l1 is [4 · hidden, 2 · hidden]
        assertArrayEquals(new long[] {16, 8}, lstm.namedParameters().get("weight_ih_l1").value().shape());
        INDArray out = lstm.forward(Nd4j.rand(DataType.FLOAT, 3, 6, 5));
        assertArrayEquals(new long[] {3, 6, 8}, out.shape());
        assertArrayEquals(new long[] {4, 3, 4}, lstm.lastHidden().shape());
        assertArrayEquals(new long[] {4, 3, 4}, lstm.lastCell().shape());
        RecurrentStack gru = RecurrentStack.gru(5, 4, 1, false);
        gru.forward(Nd4j.rand(DataType.FLOAT, 3, 6, 5));
        assertArrayEquals(new long[] {1, 3, 4}, gru.lastHidden().shape());
        assertThrows(IllegalStateException.class, gru::lastCell);
        assertThrows(IllegalArgumentException.class, () -> RecurrentStack.rnn(5, 4, 0, false));
    }
}
