package org.nnlab.attention;

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
import org.nnlab.data.Masks;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.testing.TorchFixtures;

/**
 * Attention, self-attention with positions, and the whole encoder-decoder against PyTorch
 * ({@code tools/make_torch_attention_fixtures.py}): outputs, attention weights, dL/d(inputs) and every
 * parameter's gradient, with padding masks; FLOAT to 1e-5, DOUBLE to 1e-9.
 */
class TorchAttentionFixturesTest {

    @Test
    void matchesPyTorchInFloat() throws IOException {
        checkAll("float32");
    }

    @Test
    void matchesPyTorchInDouble() throws IOException {
        checkAll("float64");
    }

    private static void checkAll(String dtype) throws IOException {
        Map<String, Object> cases = map(TorchFixtures.document("attention", dtype).get("cases"), "cases");
        assertEquals(6, cases.size(), "cases in the fixture");
        DataType type = TorchFixtures.type(dtype);
        double tol = TorchFixtures.tolerance(dtype);
        attention(map(cases.get("additive"), "additive"), type, tol, dtype + " additive");
        attention(map(cases.get("dot"), "dot"), type, tol, dtype + " dot");
        selfAttention(map(cases.get("self_attention"), "self_attention"), type, tol, dtype + " self-attention");
        for (String kind : new String[] {"none", "additive", "dot"}) {
            seq2seq(map(cases.get("seq2seq_" + kind), kind), type, tol, dtype + " seq2seq " + kind);
        }
    }

    private static INDArray get(Map<String, Object> c, String key, DataType type) {
        return array(c.get(key), type);
    }

    private static INDArray mask(Map<String, Object> c, int time, DataType type) {
        int[] lengths = list(c.get("lengths"), "lengths").stream().mapToInt(o -> ((Double) o).intValue()).toArray();
        return Masks.fromLengths(lengths, time, type);
    }

    private static void load(Module m, Map<String, Object> c, DataType type, String name) {
        Map<String, Object> weights = map(c.get("parameters"), "parameters");
        assertEquals(weights.keySet(), m.namedParameters().keySet(), name + ": parameter names");
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            p.getValue().set(array(weights.get(p.getKey()), type));
        }
        m.zeroGrad();
    }

    private static void grads(Module m, Map<String, Object> c, DataType type, double tol, String name) {
        Map<String, Object> grads = map(c.get("grads"), "grads");
        for (Map.Entry<String, Parameter> p : m.namedParameters().entrySet()) {
            assertClose(name + " dL/d" + p.getKey(), array(grads.get(p.getKey()), type), p.getValue().grad(), tol);
        }
    }

    private static void attention(Map<String, Object> c, DataType type, double tol, String name) {
        INDArray q = get(c, "query", type);
        INDArray keys = get(c, "keys", type);
        INDArray values = get(c, "values", type);
        int units = ((Double) c.get("units")).intValue();
        Attention a = c.get("kind").equals("additive")
                ? new Attention(Attention.Scoring.ADDITIVE, (int) q.size(1), (int) keys.size(2), units, type)
                : new Attention(Attention.Scoring.SCALED_DOT, (int) q.size(1), (int) keys.size(2), 0, type);
        load(a, c, type, name);
        Attention.Output out = a.attend(q, keys, values, mask(c, (int) keys.size(1), type));
        assertClose(name + " context", get(c, "context", type), out.context(), tol);
        assertClose(name + " weights", get(c, "weights", type), out.weights(), tol);
        Attention.Gradients g = a.backward(out, get(c, "grad_context", type));
        assertClose(name + " dL/dq", get(c, "grad_query", type), g.query(), tol);
        assertClose(name + " dL/dkeys", get(c, "grad_keys", type), g.keys(), tol);
        assertClose(name + " dL/dvalues", get(c, "grad_values", type), g.values(), tol);
        grads(a, c, type, tol, name);
    }

    private static void selfAttention(Map<String, Object> c, DataType type, double tol, String name) {
        INDArray x = get(c, "x", type);
        int time = (int) x.size(1);
        int dim = (int) x.size(2);
        PositionalEncoding pe = new PositionalEncoding(dim);
        assertClose(name + " PE", get(c, "pe", DataType.DOUBLE), pe.table(time), tol);
        SelfAttention layer = new SelfAttention(dim, type);
        load(layer, c, type, name);
        INDArray y = layer.forward(pe.forward(x), mask(c, time, type));
        assertClose(name + " output", get(c, "output", type), y, tol);
        assertClose(name + " weights", get(c, "weights", type), layer.weights(), tol);
        INDArray dx = pe.backward(layer.backward(get(c, "grad_output", type)));
        assertClose(name + " dL/dx", get(c, "grad_x", type), dx, tol);
        grads(layer, c, type, tol, name);
    }

    private static INDArray ids(Map<String, Object> c, String key) {
        List<Object> rows = list(c.get(key), key);
        int[][] a = new int[rows.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = list(rows.get(i), key).stream().mapToInt(o -> ((Double) o).intValue()).toArray();
        }
        return Nd4j.createFromArray(a);
    }

    private static void seq2seq(Map<String, Object> c, DataType type, double tol, String name) {
        Seq2Seq.AttentionKind kind = switch ((String) c.get("kind")) {
            case "none" -> Seq2Seq.AttentionKind.NONE;
            case "additive" -> Seq2Seq.AttentionKind.ADDITIVE;
            default -> Seq2Seq.AttentionKind.DOT;
        };
        Seq2Seq model = new Seq2Seq(((Double) c.get("vocab")).intValue(), ((Double) c.get("dim")).intValue(),
                ((Double) c.get("hidden")).intValue(), kind, type);
        load(model, c, type, name);
        INDArray scores = model.forward(ids(c, "source"), ids(c, "target_in"));
        assertClose(name + " scores", get(c, "scores", type), scores, tol);
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        double value = loss.forward(scores, ids(c, "labels"));
        assertEquals((Double) c.get("loss"), value, tol * Math.max(1, value), name + " loss");
        model.backward(loss.backward());
        grads(model, c, type, tol, name);
    }
}
