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
import org.nnlab.data.Masks;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.testing.TorchFixtures;

/**
 * Initial and final states against PyTorch ({@code tools/make_torch_rnn_state_fixtures.py}): nn.RNN, nn.LSTM
 * and nn.GRU started from a given h_0 (c_0), on full and packed (padded) sequences, with a loss on the output
 * and on h_n (c_n), or on h_n (c_n) only; the output, h_n, c_n, dL/dx, dL/dh_0, dL/dc_0 and every parameter's
 * gradient. The stacks come from the factories with bias and data type; the masks from {@link Masks#fromLengths}.
 * FLOAT runs on the fused path and on the readable one ({@code fused(false)}); DOUBLE (readable path) to 1e-9.
 * One-layer cases are run through {@link Recurrent} and {@link Bidirectional} directly too.
 */
class TorchRnnStateFixturesTest {

    @Test
    void stacksMatchPyTorchInFloat() throws IOException {
        for (boolean fused : new boolean[] {true, false}) {
            checkAll("float32", fused);
        }
    }

    @Test
    void stacksMatchPyTorchInDouble() throws IOException {
        checkAll("float64", false);
    }

    private static void checkAll(String dtype, boolean fused) throws IOException {
        Map<String, Object> cases = map(TorchFixtures.document("rnn-states", dtype).get("cases"), "cases");
        assertEquals(18, cases.size(), "cases in the fixture");
        for (Map.Entry<String, Object> entry : cases.entrySet()) {
            Case c = new Case(entry.getKey() + " " + dtype + (fused ? " fused" : " readable"),
                    map(entry.getValue(), entry.getKey()), TorchFixtures.type(dtype), TorchFixtures.tolerance(dtype));
            checkStack(c, fused);
            if (c.layers == 1 && !c.bidirectional) {
                checkRecurrent(c, fused);
            }
            if (c.layers == 1 && c.bidirectional) {
                checkBidirectional(c, fused);
            }
        }
    }

    /** One fixture case, read. */
    private static final class Case {
        final String name;
        final Map<String, Object> c;
        final DataType type;
        final double tolerance;
        final String kind;
        final boolean bias;
        final int layers;
        final boolean bidirectional;
        final INDArray x;
        final INDArray mask;

        Case(String name, Map<String, Object> c, DataType type, double tolerance) {
            this.name = name;
            this.c = c;
            this.type = type;
            this.tolerance = tolerance;
            this.kind = (String) c.get("kind");
            this.bias = (Boolean) c.get("bias");
            this.layers = ((Double) c.get("layers")).intValue();
            this.bidirectional = (Boolean) c.get("bidirectional");
            this.x = get("x");
            if (c.containsKey("lengths")) {
                List<Object> l = list(c.get("lengths"), "lengths");
                int[] lengths = l.stream().mapToInt(o -> ((Double) o).intValue()).toArray();
                this.mask = Masks.fromLengths(lengths, (int) x.size(1), type);
            } else {
                this.mask = null;
            }
        }

        INDArray get(String key) {
            return c.containsKey(key) ? array(c.get(key), type) : null;
        }

        boolean lstm() {
            return kind.equals("lstm");
        }

        /** Loads PyTorch's weights into a module's parameters, by name (its names carry {@code suffix} in the fixture). */
        void loadWeights(Module module, String suffix) {
            Map<String, Object> weights = map(c.get("parameters"), "parameters");
            for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
                p.getValue().value().assign(array(weights.get(fixtureName(p.getKey(), suffix)), type));
            }
        }

        /** Compares every parameter's gradient. */
        void checkGrads(Module module, String suffix) {
            Map<String, Object> grads = map(c.get("grads"), "grads");
            for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
                String n = fixtureName(p.getKey(), suffix);
                assertClose(name + " dL/d" + n, array(grads.get(n), type), p.getValue().grad(), tolerance);
            }
        }

        /** weight_ih_reverse of a one-layer Bidirectional is PyTorch's weight_ih_l0_reverse. */
        static String fixtureName(String ours, String suffix) {
            return ours.endsWith("_reverse") ? ours.replace("_reverse", suffix + "_reverse") : ours + suffix;
        }

        void close(String what, INDArray expected, INDArray actual) {
            assertClose(name + " " + what, expected, actual, tolerance);
        }
    }

    private static void checkStack(Case c, boolean fused) {
        RecurrentStack stack = switch (c.kind) {
            case "rnn" -> RecurrentStack.rnn((int) c.x.size(2), 3, c.layers, c.bidirectional, c.bias, c.type);
            case "lstm" -> RecurrentStack.lstm((int) c.x.size(2), 3, c.layers, c.bidirectional, c.bias, c.type);
            default -> RecurrentStack.gru((int) c.x.size(2), 3, c.layers, c.bidirectional, c.bias, c.type);
        };
        assertEquals(map(c.c.get("parameters"), "parameters").keySet(), stack.namedParameters().keySet(), c.name);
        setFused(stack, fused);
        c.loadWeights(stack, "");
        INDArray output = c.lstm() ? stack.forward(c.x, c.mask, c.get("h_0"), c.get("c_0"))
                : stack.forward(c.x, c.mask, c.get("h_0"));
        c.close("output", c.get("output"), output);
        c.close("h_n", c.get("h_n"), stack.lastHidden());
        if (c.lstm()) {
            c.close("c_n", c.get("c_n"), stack.lastCell());
        }
        stack.zeroGrad();
        INDArray dx = c.get("grad_output") == null ? stack.backwardLast(c.get("grad_h_n"), c.get("grad_c_n"))
                : stack.backward(c.get("grad_output"), c.get("grad_h_n"), c.get("grad_c_n"));
        c.close("dL/dx", c.get("grad_x"), dx);
        c.close("dL/dh_0", c.get("grad_h_0"), stack.initialHiddenGradient());
        if (c.lstm()) {
            c.close("dL/dc_0", c.get("grad_c_0"), stack.initialCellGradient());
        }
        c.checkGrads(stack, "");
    }

    private static void setFused(RecurrentStack stack, boolean fused) {
        for (Module layer : stack.layers()) {
            if (layer instanceof Bidirectional b) {
                b.forwardLayer().fused(fused);
                b.backwardLayer().fused(fused);
            } else {
                ((Recurrent) layer).fused(fused);
            }
        }
    }

    private static RecurrentCell cell(Case c) {
        return switch (c.kind) {
            case "rnn" -> new RnnCell(4, 3, RnnCell.Nonlinearity.TANH, c.bias, c.type);
            case "lstm" -> new LstmCell(4, 3, c.bias, c.type);
            default -> new GruCell(4, 3, GruCell.Formulation.PYTORCH, c.bias, c.type);
        };
    }

    /** Row i of a [layers · directions, batch, hidden] state as a State [batch, hidden] (c too for an LSTM). */
    private static State row(Case c, String h, String cc, int i) {
        INDArray hs = c.get(h);
        INDArray cs = c.get(cc);
        return hs == null && cs == null ? null
                : new State(hs == null ? null : hs.slice(i).dup(), cs == null ? null : cs.slice(i).dup());
    }

    /** A one-layer, one-direction case through Recurrent: forward(x, mask, State), backward(gradOut, State). */
    private static void checkRecurrent(Case c, boolean fused) {
        Recurrent layer = new Recurrent(cell(c)).fused(fused);
        c.loadWeights(layer, "_l0");
        INDArray output = layer.forward(c.x, c.mask, row(c, "h_0", "c_0", 0));
        c.close("Recurrent output", c.get("output"), output);
        c.close("Recurrent h_n", c.get("h_n").slice(0), layer.lastState().h());
        layer.zeroGrad();
        INDArray dx = layer.backward(c.get("grad_output"), row(c, "grad_h_n", "grad_c_n", 0));
        c.close("Recurrent dL/dx", c.get("grad_x"), dx);
        State g0 = layer.initialStateGradient();
        c.close("Recurrent dL/dh_0", c.get("grad_h_0").slice(0), g0.h());
        if (c.lstm()) {
            c.close("Recurrent c_n", c.get("c_n").slice(0), layer.lastState().c());
            c.close("Recurrent dL/dc_0", c.get("grad_c_0").slice(0), g0.c());
        }
        c.checkGrads(layer, "_l0");
    }

    /** A one-layer bidirectional case through Bidirectional: a state per direction, rows 0 and 1. */
    private static void checkBidirectional(Case c, boolean fused) {
        Bidirectional layer = new Bidirectional(new Recurrent(cell(c)).fused(fused), new Recurrent(cell(c)).fused(fused));
        c.loadWeights(layer, "_l0");
        INDArray output = layer.forward(c.x, c.mask, row(c, "h_0", "c_0", 0), row(c, "h_0", "c_0", 1));
        c.close("Bidirectional output", c.get("output"), output);
        layer.zeroGrad();
        INDArray dx = layer.backward(c.get("grad_output"), row(c, "grad_h_n", "grad_c_n", 0),
                row(c, "grad_h_n", "grad_c_n", 1));
        c.close("Bidirectional dL/dx", c.get("grad_x"), dx);
        List<Recurrent> directions = List.of(layer.forwardLayer(), layer.backwardLayer());
        for (int d = 0; d < 2; d++) {
            State g0 = directions.get(d).initialStateGradient();
            c.close("Bidirectional dL/dh_0[" + d + "]", c.get("grad_h_0").slice(d), g0.h());
            if (c.lstm()) {
                c.close("Bidirectional dL/dc_0[" + d + "]", c.get("grad_c_0").slice(d), g0.c());
            }
        }
        c.checkGrads(layer, "_l0");
    }
}
