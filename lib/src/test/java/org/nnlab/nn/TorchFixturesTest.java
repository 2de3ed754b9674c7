package org.nnlab.nn;

import org.nnlab.testing.TorchFixtures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.loss.BCELoss;
import org.nnlab.nn.loss.BCEWithLogitsLoss;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.nn.loss.Loss;
import org.nnlab.nn.loss.MSELoss;

/**
 * Compares forward outputs and gradients with PyTorch's, from the fixtures that
 * {@code tools/make_torch_fixtures.py} wrote (float32 within 1e-5, float64 within 1e-9,
 * as {@code |ours - torch| <= tolerance * max(1, |torch|)}).
 */
class TorchFixturesTest {

    private static Map<String, Object> cases(String dtype) throws IOException {
        return TorchFixtures.map(TorchFixtures.document("nn", dtype).get("cases"), "cases");
    }

    private static DataType type(String dtype) {
        return TorchFixtures.type(dtype);
    }

    private static double tolerance(String dtype) {
        return TorchFixtures.tolerance(dtype);
    }

    private static Map<String, Object> get(Map<String, Object> cases, String name) {
        return TorchFixtures.map(cases.get(name), "case " + name);
    }

    /** The array stored under {@code key}, in the given data type. */
    private static INDArray array(Map<String, Object> c, String key, DataType type) {
        return TorchFixtures.array(c.get(key), type);
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double tolerance) {
        TorchFixtures.assertClose(what, expected, actual, tolerance);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void linearMatchesPyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> c = get(cases(dtype), "linear");
        Linear layer = new Linear(array(c, "weight", type), array(c, "bias", type));
        INDArray y = layer.forward(array(c, "x", type));
        assertEquals(type, y.dataType());
        assertClose("Linear y", array(c, "y", type), y, tol);
        INDArray dx = layer.backward(array(c, "grad_output", type));
        assertClose("Linear dL/dx", array(c, "grad_x", type), dx, tol);
        assertClose("Linear dL/dW", array(c, "grad_weight", type), layer.weight().grad(), tol);
        assertClose("Linear dL/db", array(c, "grad_bias", type), layer.bias().grad(), tol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void linearWithoutBiasMatchesPyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> c = get(cases(dtype), "linear_no_bias");
        Linear layer = new Linear(array(c, "weight", type));
        assertEquals(1, layer.parameters().size(), "weight only");
        INDArray y = layer.forward(array(c, "x", type));
        assertClose("Linear (no bias) y", array(c, "y", type), y, tol);
        INDArray dx = layer.backward(array(c, "grad_output", type));
        assertClose("Linear (no bias) dL/dx", array(c, "grad_x", type), dx, tol);
        assertClose("Linear (no bias) dL/dW", array(c, "grad_weight", type), layer.weight().grad(), tol);
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void activationsMatchPyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> cases = cases(dtype);
        Map<String, Module> modules = Map.of("sigmoid", new Sigmoid(), "tanh", new Tanh(), "relu", new ReLU(),
                "leaky_relu_0.1", new LeakyReLU(0.1), "identity", new Identity(), "softmax", new Softmax(),
                "hardtanh", new HardTanh());
        for (Map.Entry<String, Module> m : modules.entrySet()) {
            Map<String, Object> c = get(cases, m.getKey());
            Module module = m.getValue();
            INDArray y = module.forward(array(c, "x", type));
            assertEquals(type, y.dataType(), m.getKey());
            assertClose(module + " y", array(c, "y", type), y, tol);
            assertClose(module + " dL/dx", array(c, "grad_x", type), module.backward(array(c, "grad_output", type)), tol);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void lossesMatchPyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> cases = cases(dtype);
        // bce_extreme: p = 0, 1, 1e-13, ... where PyTorch clamps each log at -100 and p (1 - p) at 1e-12f
        Map<String, Loss> losses = Map.of("mse", new MSELoss(), "bce", new BCELoss(), "bce_extreme", new BCELoss(),
                "bce_with_logits", new BCEWithLogitsLoss(), "cross_entropy", new CrossEntropyLoss());
        for (Map.Entry<String, Loss> l : losses.entrySet()) {
            Map<String, Object> c = get(cases, l.getKey());
            Loss loss = l.getValue();
            double value = loss.forward(array(c, "prediction", type), array(c, "target", type));
            double expected = array(c, "loss", DataType.DOUBLE).getDouble(0);
            assertTrue(Math.abs(value - expected) <= tol * Math.max(1, Math.abs(expected)),
                    loss + ": torch " + expected + ", ours " + value);
            INDArray grad = loss.backward();
            assertEquals(type, grad.dataType(), loss.toString());
            assertClose(loss + " dL/dprediction", array(c, "grad_prediction", type), grad, tol);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void aWholeNetworkBackpropagatesLikePyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> c = get(cases(dtype), "mlp");
        Sequential net = new Sequential(new Linear(array(c, "0.weight", type), array(c, "0.bias", type)), new Tanh(),
                new Linear(array(c, "2.weight", type), array(c, "2.bias", type)));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        double value = loss.forward(net.forward(array(c, "x", type)), array(c, "labels", DataType.INT));
        double expected = array(c, "loss", DataType.DOUBLE).getDouble(0);
        assertTrue(Math.abs(value - expected) <= tol * Math.max(1, Math.abs(expected)), "torch " + expected + ", ours " + value);
        INDArray dx = net.backward(loss.backward());
        assertClose("network dL/dx", array(c, "grad_x", type), dx, tol);
        for (Map.Entry<String, Parameter> p : net.namedParameters().entrySet()) {
            assertClose("network dL/d" + p.getKey(), array(c, "grad_" + p.getKey(), type), p.getValue().grad(), tol);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"float32", "float64"})
    void windowTaggerMatchesPyTorch(String dtype) throws IOException {
        DataType type = type(dtype);
        double tol = tolerance(dtype);
        Map<String, Object> c = get(cases(dtype), "window_tagger");
        WindowTagger tagger = new WindowTagger(3, 6, 6, 5, 4, 2, 5, 4);
        tagger.to(type);
        Map<String, INDArray> state = new java.util.LinkedHashMap<>();
        tagger.namedParameters().keySet().forEach(name -> state.put(name, array(c, name, type)));
        tagger.loadStateDict(state);
        INDArray scores = tagger.forward(array(c, "ids", DataType.FLOAT));
        assertClose("window tagger scores", array(c, "scores", type), scores, tol);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        double value = loss.forward(scores, array(c, "labels", DataType.INT));
        double expected = array(c, "loss", DataType.DOUBLE).getDouble(0);
        assertTrue(Math.abs(value - expected) <= tol * Math.max(1, Math.abs(expected)), "torch " + expected + ", ours " + value);
        tagger.zeroGrad();
        tagger.backward(loss.backward());
        for (Map.Entry<String, Parameter> p : tagger.namedParameters().entrySet()) {
            assertClose("window tagger dL/d" + p.getKey(), array(c, "grad_" + p.getKey(), type), p.getValue().grad(), tol);
        }
    }
}
