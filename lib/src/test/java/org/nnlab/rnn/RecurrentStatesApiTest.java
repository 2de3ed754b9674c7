package org.nnlab.rnn;

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
import org.nnlab.data.Masks;
import org.nnlab.nn.Parameter;

/**
 * The state API of the recurrent layers beside the numbers (which TorchRnnStateFixturesTest and
 * StateGradCheckTest check): the factories' bias and data type, the old calls being the new ones with
 * nothing given, a padded sequence ending in the same state as the short one, and errors that name the
 * expected shape, the found one and the fix.
 */
class RecurrentStatesApiTest {

    @Test
    void factoriesWithBiasAndDataType() {
        RecurrentStack lstm = RecurrentStack.lstm(3, 4, 2, true, false, DataType.DOUBLE);
        assertFalse(lstm.namedParameters().containsKey("bias_ih_l0"));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "weight_ih_l1_reverse", "weight_hh_l1_reverse"),
                List.copyOf(lstm.namedParameters().keySet()));
        for (Parameter p : lstm.parameters()) {
            assertEquals(DataType.DOUBLE, p.value().dataType());
        }
        RecurrentStack gru = RecurrentStack.gru(3, 4, 1, false, true, DataType.FLOAT);
        assertTrue(gru.namedParameters().containsKey("bias_hh_l0"));
        assertEquals(GruCell.Formulation.PYTORCH, ((GruCell) ((Recurrent) gru.layers().get(0)).cell()).formulation());
        RecurrentStack rnn = RecurrentStack.rnn(3, 4, 1, false, true, DataType.DOUBLE);
        assertEquals(RnnCell.Nonlinearity.TANH, ((RnnCell) ((Recurrent) rnn.layers().get(0)).cell()).nonlinearity());
        assertEquals(DataType.DOUBLE, rnn.parameters().get(0).value().dataType());
    }

    @Test
    void givingNothingIsTheOldApi() {
        Nnlab.seed(41);
        RecurrentStack stack = RecurrentStack.lstm(3, 4, 2, true);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 5, 3);
        INDArray mask = Masks.fromLengths(new int[] {5, 2}, 5);
        INDArray out = stack.forward(x, mask);
        INDArray g = Nd4j.randn(DataType.FLOAT, 2, 5, 8);
        stack.zeroGrad();
        INDArray dx = stack.backward(g);
        INDArray gradW = stack.namedParameters().get("weight_hh_l1").grad().dup();
        INDArray zeros = Nd4j.zeros(DataType.FLOAT, 4, 2, 4);
        assertEquals(out, stack.forward(x, mask, zeros, zeros));
        stack.zeroGrad();
        assertEquals(dx, stack.backward(g, null, null));
        assertEquals(gradW, stack.namedParameters().get("weight_hh_l1").grad());
        assertArrayEquals(new long[] {4, 2, 4}, stack.initialHiddenGradient().shape());
    }

    @Test
    void backwardLastOfAStackIsTheGradientOfLastHidden() {
        Nnlab.seed(42);
        RecurrentStack stack = RecurrentStack.gru(3, 4, 2, false, true, DataType.DOUBLE);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 3);
        stack.forward(x);
        // a classifier on the last layer's h_n: only row 1 of dL/dh_n is not zero
        INDArray gradHn = Nd4j.zeros(DataType.DOUBLE, 2, 2, 4);
        INDArray gradTop = Nd4j.randn(DataType.DOUBLE, 2, 4);
        gradHn.slice(1).assign(gradTop);
        stack.zeroGrad();
        INDArray dx = stack.backwardLast(gradHn);
        // the same as the gradient of the last output step of the top layer (no mask: h_n = h_T)
        INDArray gradOut = Nd4j.zeros(DataType.DOUBLE, 2, 5, 4);
        gradOut.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(4),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).assign(gradTop);
        stack.forward(x);
        stack.zeroGrad();
        assertTrue(dx.equalsWithEps(stack.backward(gradOut), 1e-12));
    }

    @Test
    void aPaddedSequenceEndsInTheStateOfItsLastRealStep() {
        Nnlab.seed(43);
        for (boolean fused : new boolean[] {true, false}) {
            Recurrent layer = new Recurrent(new LstmCell(3, 4)).fused(fused);
            INDArray x = Nd4j.randn(DataType.FLOAT, 2, 6, 3);
            State start = new State(Nd4j.randn(DataType.FLOAT, 2, 4), Nd4j.randn(DataType.FLOAT, 2, 4));
            layer.forward(x, Masks.fromLengths(new int[] {6, 3}, 6), start);
            State padded = layer.lastState();
            INDArray shortX = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3), org.nd4j.linalg.indexing.NDArrayIndex.all());
            layer.forward(shortX.dup(), null, new State(start.h().getRow(1, true), start.c().getRow(1, true)));
            assertTrue(layer.lastState().h().equalsWithEps(padded.h().getRow(1, true), 1e-6));
            assertTrue(layer.lastState().c().equalsWithEps(padded.c().getRow(1, true), 1e-6));
        }
    }

    @Test
    void wrongStatesGetClearErrors() {
        Recurrent lstm = new Recurrent(new LstmCell(3, 4));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 5, 3);
        String noC = message(() -> lstm.forward(x, null, State.of(Nd4j.zeros(DataType.FLOAT, 2, 4))));
        assertTrue(noC.contains("c_0") && noC.contains("State.of(h0, c0)"), noC);
        String shape = message(() -> lstm.forward(x, null, State.of(Nd4j.zeros(DataType.FLOAT, 4),
                Nd4j.zeros(DataType.FLOAT, 2, 4))));
        assertTrue(shape.contains("[batch, hidden] = [2, 4]") && shape.contains("[4]")
                && shape.contains("learnInitialState()"), shape);
        String type = message(() -> lstm.forward(x, null, State.of(Nd4j.zeros(DataType.DOUBLE, 2, 4),
                Nd4j.zeros(DataType.DOUBLE, 2, 4))));
        assertTrue(type.contains("castTo(DataType.FLOAT)"), type);
        Recurrent gru = new Recurrent(new GruCell(3, 4));
        String gruC = message(() -> gru.forward(x, null, State.of(Nd4j.zeros(DataType.FLOAT, 2, 4),
                Nd4j.zeros(DataType.FLOAT, 2, 4))));
        assertTrue(gruC.contains("only an LSTM"), gruC);
        gru.forward(x);
        String gradC = message(() -> gru.backward(null, State.of(Nd4j.zeros(DataType.FLOAT, 2, 4),
                Nd4j.zeros(DataType.FLOAT, 2, 4))));
        assertTrue(gradC.contains("dL/dc_n"), gradC);
        String gradH = message(() -> gru.backward(null, State.of(Nd4j.zeros(DataType.FLOAT, 2, 5))));
        assertTrue(gradH.contains("dL/dh_n") && gradH.contains("[2, 4]") && gradH.contains("[2, 5]"), gradH);
        assertThrows(IllegalStateException.class, () -> new Recurrent(new GruCell(3, 4)).initialStateGradient());

        RecurrentStack stack = RecurrentStack.lstm(3, 4, 2, true);
        String layout = message(() -> stack.forward(x, null, Nd4j.zeros(DataType.FLOAT, 2, 4),
                Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertTrue(layout.contains("[layers · directions, batch, hidden] = [4, 2, 4]") && layout.contains("[2, 4]")
                && layout.contains("reshape"), layout);
        String both = message(() -> stack.forward(x, null, Nd4j.zeros(DataType.FLOAT, 4, 2, 4)));
        assertTrue(both.contains("h_0 and c_0"), both);
        stack.forward(x);
        String gradHn = message(() -> stack.backwardLast(Nd4j.zeros(DataType.FLOAT, 2, 2, 4)));
        assertTrue(gradHn.contains("[4, 2, 4]") && gradHn.contains("[2, 2, 4]"), gradHn);
        String gruStack = message(() -> RecurrentStack.gru(3, 4, 1, false).forward(x, null,
                Nd4j.zeros(DataType.FLOAT, 1, 2, 4), Nd4j.zeros(DataType.FLOAT, 1, 2, 4)));
        assertTrue(gruStack.contains("only an LSTM"), gruStack);
    }

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }
}
