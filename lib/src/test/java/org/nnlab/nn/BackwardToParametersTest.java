package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.rnn.GruCell;
import org.nnlab.rnn.LastHidden;
import org.nnlab.rnn.LstmCell;
import org.nnlab.rnn.Recurrent;

/**
 * {@link Module#backwardToParameters}, the backward the Trainer uses, adds exactly the parameter gradients
 * that {@link Module#backward} adds (it only skips dL/d(input)), for the modules that override it.
 */
class BackwardToParametersTest {

    @Test
    void sameParameterGradientsAsBackward() {
        check("Linear", () -> new Linear(7, 4), 5, 7);
        check("MLP", () -> new Sequential(new Linear(7, 6), new Tanh(), new Linear(6, 3)), 5, 7);
        check("LSTM classifier", () -> new Sequential(new LastHidden(new Recurrent(new LstmCell(4, 6))),
                new Linear(6, 3)), 5, 8, 4);
        check("GRU over all steps", () -> new Sequential(new Recurrent(new GruCell(4, 6)),
                new PerStep(new Linear(6, 3))), 5, 8, 4);
        check("PerStep", () -> new PerStep(new Linear(4, 3)), 5, 8, 4);
    }

    private static void check(String what, Supplier<Module> make, long... inputShape) {
        Nnlab.seed(3);
        Module a = make.get();
        Nnlab.seed(3);
        Module b = make.get();
        INDArray x = Nd4j.randn(DataType.FLOAT, inputShape);
        INDArray y = a.forward(x);
        b.forward(x);
        INDArray grad = Nd4j.randn(DataType.FLOAT, y.shape());
        a.zeroGrad();
        b.zeroGrad();
        a.backward(grad);
        b.backwardToParameters(grad);
        List<Parameter> pa = new ArrayList<>(a.parameters());
        List<Parameter> pb = new ArrayList<>(b.parameters());
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            double diff = pa.get(i).grad().sub(pb.get(i).grad()).amaxNumber().doubleValue();
            double size = pa.get(i).grad().amaxNumber().doubleValue();
            assertTrue(size > 0, what + ": " + pa.get(i).name() + " got no gradient");
            assertTrue(diff <= 1e-6 * Math.max(1, size), what + ": " + pa.get(i).name() + " differs by " + diff);
        }
    }
}
