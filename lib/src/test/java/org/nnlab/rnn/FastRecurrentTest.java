package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.nn.Parameter;

/**
 * The fast {@link Recurrent} (one product for the input parts of all steps, one per step for the
 * recurrence, parameter gradients as one product over all steps) gives what a plain unroll through the
 * cells' public API gives: {@code cell.step} forward, {@code cell.backwardStep} backward, one step at a
 * time, as a notebook does it. Outputs, last state, dL/dx and every parameter gradient, with a mask, with
 * truncated BPTT and with a learned initial state, for the RNN (tanh and linear), LSTM and both GRUs.
 */
class FastRecurrentTest {

    private static final double EPS = 1e-10; // DOUBLE: only the order of the sums differs

    private static final int BATCH = 3;
    private static final int TIME = 7;
    private static final int INPUT = 4;
    private static final int HIDDEN = 5;

    private static List<RecurrentCell> cells() {
        return List.of(
                new RnnCell(INPUT, HIDDEN, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE),
                new RnnCell(INPUT, HIDDEN, RnnCell.Nonlinearity.NONE, false, DataType.DOUBLE),
                new LstmCell(INPUT, HIDDEN, true, DataType.DOUBLE),
                new LstmCell(INPUT, HIDDEN, false, DataType.DOUBLE),
                new GruCell(INPUT, HIDDEN, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE),
                new GruCell(INPUT, HIDDEN, GruCell.Formulation.LECTURE, true, DataType.DOUBLE),
                new GruCell(INPUT, HIDDEN, GruCell.Formulation.LECTURE, false, DataType.DOUBLE));
    }

    /** Mask: lengths 7, 4 and 1 (padding at the end). */
    private static INDArray mask() {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, BATCH, TIME);
        int[] lengths = {TIME, 4, 1};
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1);
            }
        }
        return m;
    }

    @Test
    void fullBpttWithoutMask() {
        for (RecurrentCell cell : cells()) {
            compare(cell, null, Integer.MAX_VALUE, false, true);
        }
    }

    @Test
    void withMaskTruncationAndLearnedInitialState() {
        for (RecurrentCell cell : cells()) {
            compare(cell, mask(), 3, true, true);
            compare(cell, mask(), 2, false, false);
        }
    }

    /** Runs the layer and the reference unroll on the same weights and data and compares everything. */
    private static void compare(RecurrentCell cell, INDArray mask, int k, boolean learnH0, boolean allOutputs) {
        Nnlab.seed(11);
        String what = cell + (mask == null ? "" : " masked") + " k=" + k + (learnH0 ? " h0" : "")
                + (allOutputs ? " all" : " last");
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, TIME, INPUT);
        INDArray gradOut = Nd4j.randn(DataType.DOUBLE, BATCH, TIME, HIDDEN);
        INDArray gradLast = Nd4j.randn(DataType.DOUBLE, BATCH, HIDDEN);

        Recurrent layer = new Recurrent(cell).truncate(k);
        if (learnH0) {
            layer.learnInitialState();
            for (Parameter p : layer.parameters()) {
                if (p.name().equals("h0") || p.name().equals("c0")) {
                    p.value().assign(Nd4j.randn(DataType.DOUBLE, HIDDEN));
                }
            }
        }
        List<INDArray> initial = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            initial.add(p.value().dup());
        }
        layer.zeroGrad();
        INDArray out = layer.forward(x, mask);
        INDArray dx = allOutputs ? layer.backward(gradOut) : layer.backwardLast(gradLast);
        List<INDArray> grads = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            grads.add(p.grad().dup());
        }
        State last = layer.lastState();
        double[] norms = layer.gradNorms();

        // the reference: same parameters, the public per-step API
        for (int i = 0; i < initial.size(); i++) {
            layer.parameters().get(i).value().assign(initial.get(i));
        }
        layer.zeroGrad();
        Reference ref = new Reference(cell, mask, k, learnH0 ? layer.parameters() : null);
        INDArray refOut = ref.forward(x);
        INDArray refDx = ref.backward(allOutputs ? gradOut : null, allOutputs ? null : gradLast);

        close(refOut, out, what + " outputs");
        close(ref.last.h(), last.h(), what + " last h");
        if (ref.last.c() != null) {
            close(ref.last.c(), last.c(), what + " last c");
        }
        close(refDx, dx, what + " dL/dx");
        List<Parameter> ps = layer.parameters();
        for (int i = 0; i < ps.size(); i++) {
            close(ps.get(i).grad(), grads.get(i), what + " dL/d" + ps.get(i).name());
        }
        assertEquals(TIME, norms.length);
        assertArrayEquals(ref.norms, norms, 1e-9, what + " gradNorms");
        for (int t = 0; t < TIME; t++) {
            close(ref.steps.get(t).h(), layer.hidden(t), what + " hidden(" + t + ")");
        }
    }

    private static void close(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < EPS, what + ": differs by " + diff);
    }

    /** The layer written out with step and backwardStep only (the loop of the lecture). */
    private static final class Reference {
        final RecurrentCell cell;
        final INDArray mask;
        final int k;
        final List<Parameter> layerParams; // to find h0, c0 (null: zero initial state)
        final List<Step> steps = new ArrayList<>();
        State last;
        double[] norms;
        Parameter h0;
        Parameter c0;

        Reference(RecurrentCell cell, INDArray mask, int k, List<Parameter> layerParams) {
            this.cell = cell;
            this.mask = mask;
            this.k = k;
            this.layerParams = layerParams;
            if (layerParams != null) {
                for (Parameter p : layerParams) {
                    if (p.name().equals("h0")) {
                        h0 = p;
                    } else if (p.name().equals("c0")) {
                        c0 = p;
                    }
                }
            }
        }

        INDArray m(int t) {
            return mask.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
        }

        INDArray forward(INDArray x) {
            INDArray out = Nd4j.zeros(DataType.DOUBLE, BATCH, TIME, HIDDEN);
            State state = cell.initialState(BATCH);
            if (h0 != null) {
                state = new State(state.h().addiRowVector(h0.value()),
                        c0 == null ? null : state.c().addiRowVector(c0.value()));
            }
            for (int t = 0; t < TIME; t++) {
                INDArray xt = x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup();
                Step step = cell.step(xt, state);
                steps.add(step);
                if (mask == null) {
                    state = step.state();
                } else {
                    INDArray m = m(t);
                    INDArray keep = m.rsub(1);
                    state = new State(step.h().mulColumnVector(m).addi(state.h().mulColumnVector(keep)),
                            step.c() == null ? null : step.c().mulColumnVector(m).addi(state.c().mulColumnVector(keep)));
                }
                INDArray o = mask == null ? state.h() : state.h().mulColumnVector(m(t));
                out.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(o);
            }
            last = state;
            return out;
        }

        INDArray backward(INDArray gradOut, INDArray gradLast) {
            INDArray dx = Nd4j.zeros(DataType.DOUBLE, BATCH, TIME, INPUT);
            norms = new double[TIME];
            INDArray dh = gradLast == null ? Nd4j.zeros(DataType.DOUBLE, BATCH, HIDDEN) : gradLast.dup();
            INDArray dc = null;
            for (int t = TIME - 1; t >= 0; t--) {
                if (gradOut != null) {
                    INDArray o = gradOut.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup();
                    dh = dh.add(mask == null ? o : o.mulColumnVector(m(t)));
                }
                norms[t] = dh.norm2Number().doubleValue();
                INDArray m = mask == null ? Nd4j.ones(DataType.DOUBLE, BATCH, 1) : m(t);
                INDArray keep = m.rsub(1);
                StepGradients g = cell.backwardStep(steps.get(t), dh.mulColumnVector(m),
                        dc == null ? null : dc.mulColumnVector(m));
                dx.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(g.input());
                INDArray dhPrevious = g.h().addi(dh.mulColumnVector(keep));
                INDArray dcPrevious = g.c() == null ? null : dc == null ? g.c() : g.c().addi(dc.mulColumnVector(keep));
                if (t % k == 0 && t > 0) {
                    dhPrevious = Nd4j.zeros(DataType.DOUBLE, BATCH, HIDDEN);
                    dcPrevious = null;
                }
                dh = dhPrevious;
                dc = dcPrevious;
            }
            if (h0 != null) {
                h0.grad().addi(dh.sum(0));
                if (c0 != null && dc != null) {
                    c0.grad().addi(dc.sum(0));
                }
            }
            return dx;
        }
    }
}
