package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Parameter;
import org.nnlab.testing.TorchFixtures;

/**
 * One step of each cell against torch.nn.RNNCell, LSTMCell and GRUCell (and the lectures' GRU written out
 * in torch), from the fixtures that {@code tools/make_torch_rnn_fixtures.py} wrote: the new state and the
 * gradients of x, the previous state and every parameter (float32 within 1e-5, float64 within 1e-9, as
 * {@code |ours - torch| <= tolerance * max(1, |torch|)}).
 */
class TorchRnnFixturesTest {

    private static Map<String, Object> cases(String dtype) throws IOException {
        return TorchFixtures.map(TorchFixtures.document("rnn", dtype).get("cases"), "cases");
    }

    private static INDArray array(Map<String, Object> c, String key, DataType type) {
        return TorchFixtures.array(c.get(key), type);
    }

    /** The bias under {@code key}, or null for a case without bias. */
    private static INDArray biasOrNull(Map<String, Object> c, String key, DataType type) {
        return c.containsKey(key) ? array(c, key, type) : null;
    }

    private static RecurrentCell cell(String name, Map<String, Object> c, DataType type) {
        INDArray wIh = array(c, "weight_ih", type);
        INDArray wHh = array(c, "weight_hh", type);
        INDArray bIh = biasOrNull(c, "bias_ih", type);
        INDArray bHh = biasOrNull(c, "bias_hh", type);
        if (name.startsWith("rnn")) {
            return new RnnCell(wIh, wHh, bIh, bHh, RnnCell.Nonlinearity.TANH);
        } else if (name.startsWith("lstm")) {
            return new LstmCell(wIh, wHh, bIh, bHh);
        } else if (name.startsWith("gru_lecture")) {
            return new GruCell(wIh, wHh, bIh, bHh, GruCell.Formulation.LECTURE);
        }
        return new GruCell(wIh, wHh, bIh, bHh, GruCell.Formulation.PYTORCH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void oneStepOfEachCellMatchesPyTorch(String dtype) throws IOException {
        DataType type = TorchFixtures.type(dtype);
        double tol = TorchFixtures.tolerance(dtype);
        Map<String, Object> cases = cases(dtype);
        assertEquals(8, cases.size(), "cases: " + cases.keySet());
        for (String name : cases.keySet()) {
            Map<String, Object> c = TorchFixtures.map(cases.get(name), "case " + name);
            RecurrentCell cell = cell(name, c, type);
            assertEquals(name.endsWith("_no_bias") ? 2 : 4, cell.parameters().size(), name);
            boolean lstm = cell instanceof LstmCell;
            State previous = new State(array(c, "h", type), lstm ? array(c, "c", type) : null);

            Step step = cell.step(array(c, "x", type), previous);
            TorchFixtures.assertClose(name + " h'", array(c, "h_next", type), step.h(), tol);
            if (lstm) {
                TorchFixtures.assertClose(name + " c'", array(c, "c_next", type), step.c(), tol);
            }

            cell.zeroGrad();
            StepGradients g = cell.backwardStep(step, array(c, "grad_h_next", type),
                    lstm ? array(c, "grad_c_next", type) : null);
            TorchFixtures.assertClose(name + " dL/dx", array(c, "grad_x", type), g.input(), tol);
            TorchFixtures.assertClose(name + " dL/dh", array(c, "grad_h", type), g.h(), tol);
            if (lstm) {
                TorchFixtures.assertClose(name + " dL/dc", array(c, "grad_c", type), g.c(), tol);
            } else {
                assertNull(g.c(), name);
            }
            for (Map.Entry<String, Parameter> p : cell.namedParameters().entrySet()) {
                TorchFixtures.assertClose(name + " dL/d" + p.getKey(), array(c, "grad_" + p.getKey(), type),
                        p.getValue().grad(), tol);
            }
        }
    }
}
