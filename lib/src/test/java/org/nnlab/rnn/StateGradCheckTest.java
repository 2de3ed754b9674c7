package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.nnlab.rnn.RecurrentGradCheckTest.BATCH;
import static org.nnlab.rnn.RecurrentGradCheckTest.FEATURES;
import static org.nnlab.rnn.RecurrentGradCheckTest.HIDDEN;
import static org.nnlab.rnn.RecurrentGradCheckTest.assertPasses;
import static org.nnlab.rnn.RecurrentGradCheckTest.cells;
import static org.nnlab.rnn.RecurrentGradCheckTest.input;
import static org.nnlab.rnn.RecurrentGradCheckTest.mask;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * The new gradient inputs and outputs against central differences ({@link GradCheck}, DOUBLE): a recurrent
 * layer started from a given h_0 (c_0), with a loss on its outputs AND its final state h_n (c_n), or on the
 * final state only. A wrapper module {@link WithStates} makes h_0 and c_0 parameters (so GradCheck checks
 * dL/dh_0 and dL/dc_0 as the layer reports them) and appends h_n and c_n to the output (so GradCheck's
 * random weighting of the output also puts a gradient on them). Recurrent: every cell, with and without a
 * mask, outputs and final state or final state only; Bidirectional and RecurrentStack: a few such cases each.
 */
class StateGradCheckTest {

    /** What the wrapper needs of a layer: forward from a start, the final states, backward into a start. */
    interface Layer {
        INDArray forward(INDArray x, INDArray h0, INDArray c0);

        INDArray hn();

        INDArray cn(); // null without a cell state

        INDArray backward(INDArray gradOutput, INDArray gradHn, INDArray gradCn);

        INDArray gradH0();

        INDArray gradC0();

        Module module();
    }

    /**
     * A layer seen by GradCheck: parameters = the layer's + h_0 (+ c_0); output = [output | h_n | c_n] as one
     * row (without the output when {@code finalOnly}).
     */
    static final class WithStates extends Module {
        private final Layer layer;
        private final boolean finalOnly;
        private final Parameter h0;
        private final Parameter c0;
        private long[] outShape;

        WithStates(Layer layer, long[] stateShape, boolean lstm, boolean finalOnly) {
            this.layer = layer;
            this.finalOnly = finalOnly;
            this.h0 = new Parameter("h_0", Nd4j.rand(DataType.DOUBLE, stateShape).subi(0.5));
            this.c0 = lstm ? new Parameter("c_0", Nd4j.rand(DataType.DOUBLE, stateShape).subi(0.5)) : null;
        }

        @Override
        public INDArray forward(INDArray x) {
            INDArray out = layer.forward(x, h0.value(), c0 == null ? null : c0.value());
            outShape = out.shape();
            List<INDArray> parts = new ArrayList<>();
            if (!finalOnly) {
                parts.add(out.reshape(1, -1));
            }
            parts.add(layer.hn().reshape(1, -1));
            if (c0 != null) {
                parts.add(layer.cn().reshape(1, -1));
            }
            return Nd4j.hstack(parts.toArray(new INDArray[0]));
        }

        @Override
        public INDArray backward(INDArray grad) {
            long n = h0.value().length();
            long at = 0;
            INDArray gradOut = null;
            if (!finalOnly) {
                long size = 1;
                for (long d : outShape) {
                    size *= d;
                }
                gradOut = part(grad, 0, size).reshape(outShape);
                at = size;
            }
            INDArray gradHn = part(grad, at, at + n).reshape(h0.value().shape());
            INDArray gradCn = c0 == null ? null : part(grad, at + n, at + 2 * n).reshape(h0.value().shape());
            INDArray dx = layer.backward(gradOut, gradHn, gradCn);
            h0.grad().addi(layer.gradH0());
            if (c0 != null) {
                c0.grad().addi(layer.gradC0());
            }
            return dx;
        }

        private static INDArray part(INDArray row, long from, long to) {
            return row.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)).dup();
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            Map<String, Parameter> named = new LinkedHashMap<>(layer.module().namedParameters());
            named.put("h_0", h0);
            if (c0 != null) {
                named.put("c_0", c0);
            }
            return named;
        }

        @Override
        public List<Parameter> parameters() {
            return List.copyOf(namedParameters().values());
        }

        @Override
        public String toString() {
            return "WithStates(" + layer.module() + (finalOnly ? ", final state only" : "") + ")";
        }
    }

    /** Recurrent through forward(x, mask, State) and backward(gradOutput, State). */
    static Layer recurrent(Recurrent r, INDArray mask) {
        return new Layer() {
            public INDArray forward(INDArray x, INDArray h0, INDArray c0) {
                return r.forward(x, mask, new State(h0, c0));
            }

            public INDArray hn() {
                return r.lastState().h();
            }

            public INDArray cn() {
                return r.lastState().c();
            }

            public INDArray backward(INDArray g, INDArray gh, INDArray gc) {
                return r.backward(g, new State(gh, gc));
            }

            public INDArray gradH0() {
                return r.initialStateGradient().h();
            }

            public INDArray gradC0() {
                return r.initialStateGradient().c();
            }

            public Module module() {
                return r;
            }
        };
    }

    /** Bidirectional, h_0 and h_n as [2, batch, hidden]: row 0 forward direction, row 1 backward. */
    static Layer bidirectional(Bidirectional b, INDArray mask) {
        return new Layer() {
            public INDArray forward(INDArray x, INDArray h0, INDArray c0) {
                return b.forward(x, mask, new State(h0.slice(0), c0 == null ? null : c0.slice(0)),
                        new State(h0.slice(1), c0 == null ? null : c0.slice(1)));
            }

            public INDArray hn() {
                return Nd4j.stack(0, b.forwardLayer().lastState().h(), b.backwardLayer().lastState().h());
            }

            public INDArray cn() {
                return Nd4j.stack(0, b.forwardLayer().lastState().c(), b.backwardLayer().lastState().c());
            }

            public INDArray backward(INDArray g, INDArray gh, INDArray gc) {
                return b.backward(g, new State(gh.slice(0), gc == null ? null : gc.slice(0)),
                        new State(gh.slice(1), gc == null ? null : gc.slice(1)));
            }

            public INDArray gradH0() {
                return Nd4j.stack(0, b.forwardLayer().initialStateGradient().h(),
                        b.backwardLayer().initialStateGradient().h());
            }

            public INDArray gradC0() {
                return Nd4j.stack(0, b.forwardLayer().initialStateGradient().c(),
                        b.backwardLayer().initialStateGradient().c());
            }

            public Module module() {
                return b;
            }
        };
    }

    /** RecurrentStack in PyTorch's layout, through forward(x, mask, h0, c0) and backward(g, gh, gc). */
    static Layer stack(RecurrentStack s, INDArray mask) {
        return new Layer() {
            public INDArray forward(INDArray x, INDArray h0, INDArray c0) {
                return s.forward(x, mask, h0, c0);
            }

            public INDArray hn() {
                return s.lastHidden();
            }

            public INDArray cn() {
                return s.lastCell();
            }

            public INDArray backward(INDArray g, INDArray gh, INDArray gc) {
                return g == null ? s.backwardLast(gh, gc) : s.backward(g, gh, gc);
            }

            public INDArray gradH0() {
                return s.initialHiddenGradient();
            }

            public INDArray gradC0() {
                return s.initialCellGradient();
            }

            public Module module() {
                return s;
            }
        };
    }

    private static void check(Layer layer, long[] stateShape, boolean lstm, boolean finalOnly) {
        WithStates module = new WithStates(layer, stateShape, lstm, finalOnly);
        GradCheck.Report report = GradCheck.check(module, input());
        assertNotNull(report.entry("h_0"), report.toString());
        assertPasses(report);
    }

    @Test
    void recurrentFromAGivenStateWithFinalStateGradients() {
        Nnlab.seed(31);
        for (Supplier<RecurrentCell> cell : cells()) {
            for (INDArray mask : new INDArray[] {null, mask()}) {
                for (boolean finalOnly : new boolean[] {false, true}) {
                    RecurrentCell c = cell.get();
                    check(recurrent(new Recurrent(c), mask), new long[] {BATCH, HIDDEN}, c instanceof LstmCell,
                            finalOnly);
                }
            }
        }
    }

    @Test
    void bidirectionalFromGivenStatesWithFinalStateGradients() {
        Nnlab.seed(32);
        long[] shape = {2, BATCH, HIDDEN}; // row 0: forward direction, row 1: backward direction
        DataType d = DataType.DOUBLE;
        check(bidirectional(new Bidirectional(new LstmCell(FEATURES, HIDDEN, true, d), new LstmCell(FEATURES, HIDDEN,
                true, d)), mask()), shape, true, false);
        check(bidirectional(new Bidirectional(new LstmCell(FEATURES, HIDDEN, true, d), new LstmCell(FEATURES, HIDDEN,
                true, d)), null), shape, true, true);
        GruCell.Formulation pytorch = GruCell.Formulation.PYTORCH;
        check(bidirectional(new Bidirectional(new GruCell(FEATURES, HIDDEN, pytorch, true, d), new GruCell(FEATURES,
                HIDDEN, pytorch, true, d)), mask()), shape, false, true);
    }

    @Test
    void stacksFromGivenStatesWithFinalStateGradients() {
        Nnlab.seed(33);
        DataType d = DataType.DOUBLE;
        int hidden = 2; // small: a stack has many parameters, and each entry costs two forwards
        // 2 layers · 2 directions, LSTM: every path (h and c, both directions, a layer's h_n and its outputs)
        check(stack(RecurrentStack.lstm(FEATURES, hidden, 2, true, true, d), mask()), new long[] {4, BATCH, hidden},
                true, false);
        check(stack(RecurrentStack.gru(FEATURES, hidden, 2, false, false, d), mask()), new long[] {2, BATCH, hidden},
                false, true);
        check(stack(RecurrentStack.rnn(FEATURES, hidden, 2, false, true, d), null), new long[] {2, BATCH, hidden},
                false, false);
    }
}
