package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnlab.testing.TorchFixtures.array;
import static org.nnlab.testing.TorchFixtures.assertClose;
import static org.nnlab.testing.TorchFixtures.list;
import static org.nnlab.testing.TorchFixtures.map;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Parameter;
import org.nnlab.testing.TorchFixtures;

/**
 * Whole layers against PyTorch ({@code tools/make_torch_rnn_layer_fixtures.py}): nn.RNN, nn.LSTM and nn.GRU,
 * with and without bias, 1 and 2 layers, one and two directions, and padded (packed) sequences; the output,
 * h_n, c_n, dL/dx and the gradient of every parameter, by PyTorch's names, within 1e-5 (float).
 */
class TorchRnnLayerFixturesTest {

    private static final double TOLERANCE = TorchFixtures.tolerance("float32");

    @Test
    void everyLayerMatchesPyTorch() throws IOException {
        Map<String, Object> document = TorchFixtures.document("rnn-layers", "float32");
        Map<String, Object> cases = map(document.get("cases"), "cases");
        assertEquals(27, cases.size(), "cases in the fixture");
        for (Map.Entry<String, Object> entry : cases.entrySet()) {
            check(entry.getKey(), map(entry.getValue(), entry.getKey()));
        }
    }

    private static void check(String name, Map<String, Object> c) {
        String kind = (String) c.get("kind");
        boolean bias = (Boolean) c.get("bias");
        int layers = ((Double) c.get("layers")).intValue();
        boolean bidirectional = (Boolean) c.get("bidirectional");
        INDArray x = array(c.get("x"), DataType.FLOAT);
        RecurrentStack.CellMaker maker = switch (kind) {
            case "rnn" -> (in, h) -> new RnnCell(in, h, RnnCell.Nonlinearity.TANH, bias, DataType.FLOAT);
            case "lstm" -> (in, h) -> new LstmCell(in, h, bias, DataType.FLOAT);
            default -> (in, h) -> new GruCell(in, h, GruCell.Formulation.PYTORCH, bias, DataType.FLOAT);
        };
        int hidden = (int) array(c.get("h_n"), DataType.FLOAT).size(2);
        RecurrentStack stack = new RecurrentStack(maker, (int) x.size(2), hidden, layers, bidirectional);
        Map<String, Object> weights = map(c.get("parameters"), "parameters");
        assertEquals(weights.keySet(), stack.namedParameters().keySet(), name + ": parameter names");
        for (Map.Entry<String, Parameter> p : stack.namedParameters().entrySet()) {
            p.getValue().value().assign(array(weights.get(p.getKey()), DataType.FLOAT));
        }
        INDArray mask = null;
        if (c.containsKey("lengths")) {
            List<Object> lengths = list(c.get("lengths"), "lengths");
            mask = Nd4j.zeros(DataType.FLOAT, x.size(0), x.size(1));
            for (int b = 0; b < lengths.size(); b++) {
                for (int t = 0; t < ((Double) lengths.get(b)).intValue(); t++) {
                    mask.putScalar(b, t, 1);
                }
            }
        }
        INDArray output = stack.forward(x, mask);
        assertClose(name + " output", array(c.get("output"), DataType.FLOAT), output, TOLERANCE);
        assertClose(name + " h_n", array(c.get("h_n"), DataType.FLOAT), stack.lastHidden(), TOLERANCE);
        if (c.containsKey("c_n")) {
            assertClose(name + " c_n", array(c.get("c_n"), DataType.FLOAT), stack.lastCell(), TOLERANCE);
        }
        stack.zeroGrad();
        INDArray dx = stack.backward(array(c.get("grad_output"), DataType.FLOAT));
        assertClose(name + " dL/dx", array(c.get("grad_x"), DataType.FLOAT), dx, TOLERANCE);
        Map<String, Object> grads = map(c.get("grads"), "grads");
        for (Map.Entry<String, Parameter> p : stack.namedParameters().entrySet()) {
            assertClose(name + " dL/d" + p.getKey(), array(grads.get(p.getKey()), DataType.FLOAT),
                    p.getValue().grad(), TOLERANCE);
        }
    }
}
