package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.nn.Parameter;

/**
 * The fused path of {@link Recurrent} ({@link FusedRecurrence}: gate arithmetic in Java loops) gives what the
 * step-by-step path gives ({@code fused(false)}: the cells' {@code stepFromInputPart}/{@code gateGradients}):
 * outputs, last state, dL/dx, every parameter gradient, the gradient norms and what {@code steps()},
 * {@code hidden(t)} and {@code gates(t)} show, with and without a mask, with truncated BPTT and a learned
 * initial state, for all outputs and for the last state only. FLOAT on both sides: equal up to float rounding.
 */
class FusedRecurrenceTest {

    private static final double EPS = 2e-5;
    private static final int BATCH = 4;
    private static final int TIME = 9;
    private static final int INPUT = 6;
    private static final int HIDDEN = 5;

    private static List<RecurrentCell> cells() {
        return List.of(
                new RnnCell(INPUT, HIDDEN, RnnCell.Nonlinearity.TANH, true, DataType.FLOAT),
                new RnnCell(INPUT, HIDDEN, RnnCell.Nonlinearity.NONE, false, DataType.FLOAT),
                new LstmCell(INPUT, HIDDEN, true, DataType.FLOAT),
                new LstmCell(INPUT, HIDDEN, false, DataType.FLOAT),
                new GruCell(INPUT, HIDDEN, GruCell.Formulation.PYTORCH, true, DataType.FLOAT),
                new GruCell(INPUT, HIDDEN, GruCell.Formulation.PYTORCH, false, DataType.FLOAT));
    }

    /** Lengths 9, 5, 1 and 7: padding at the end of three sequences. */
    private static INDArray mask() {
        INDArray m = Nd4j.zeros(DataType.FLOAT, BATCH, TIME);
        int[] lengths = {TIME, 5, 1, 7};
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1);
            }
        }
        return m;
    }

    @Test
    void fusedEqualsStepByStepWithoutMask() {
        for (RecurrentCell cell : cells()) {
            compare(cell, null, Integer.MAX_VALUE, false, true);
            compare(cell, null, Integer.MAX_VALUE, false, false);
        }
    }

    @Test
    void fusedEqualsStepByStepWithMaskTruncationAndLearnedInitialState() {
        for (RecurrentCell cell : cells()) {
            compare(cell, mask(), 4, true, true);
            compare(cell, mask(), 3, false, false);
            compare(cell, mask(), Integer.MAX_VALUE, true, false);
        }
    }

    @Test
    void fusedEqualsStepByStepFromAGivenStateWithFinalStateGradients() {
        for (RecurrentCell cell : cells()) {
            for (INDArray mask : new INDArray[] {null, mask()}) {
                compareStates(cell, mask, Integer.MAX_VALUE, true, false);
                compareStates(cell, mask, 4, true, false);
                compareStates(cell, mask, Integer.MAX_VALUE, false, true); // final states only; learned h0 unused
            }
        }
    }

    /**
     * Both paths from the same given h_0 (c_0), backward from dL/d(outputs) (or none) and dL/dh_n, dL/dc_n:
     * outputs, final state, dL/dx, dL/dh_0, dL/dc_0, the parameters' gradients and the gradient norms.
     */
    private static void compareStates(RecurrentCell cell, INDArray mask, int k, boolean allOutputs, boolean learnH0) {
        Nnlab.seed(29);
        String what = cell + (mask == null ? "" : " masked") + " k=" + k + " from h_0"
                + (allOutputs ? ", outputs and final state" : ", final state only") + (learnH0 ? ", h0 learned" : "");
        boolean lstm = cell instanceof LstmCell;
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, TIME, INPUT);
        State initial = new State(Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN),
                lstm ? Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN) : null);
        INDArray gradOut = allOutputs ? Nd4j.randn(DataType.FLOAT, BATCH, TIME, HIDDEN) : null;
        State gradLast = new State(Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN),
                lstm ? Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN) : null);
        Recurrent[] layers = {new Recurrent(cell), new Recurrent(cell).fused(false)};
        INDArray[][] results = new INDArray[2][];
        for (int i = 0; i < 2; i++) {
            Recurrent layer = layers[i].truncate(k);
            if (learnH0) {
                layer.learnInitialState();
            }
            layer.zeroGrad();
            INDArray out = layer.forward(x, mask, initial);
            INDArray dx = layer.backward(gradOut, gradLast);
            State g0 = layer.initialStateGradient();
            List<INDArray> r = new ArrayList<>(List.of(out, layer.lastState().h(), dx, g0.h()));
            if (lstm) {
                r.add(layer.lastState().c());
                r.add(g0.c());
            }
            for (Parameter p : layer.parameters()) {
                r.add(p.grad().dup());
                if (p.name().equals("h0") || p.name().equals("c0")) {
                    assertEquals(0, p.grad().amaxNumber().doubleValue(), what + ": a given state replaces the learned "
                            + p.name() + ", which gets no gradient");
                }
            }
            results[i] = r.toArray(new INDArray[0]);
        }
        for (int j = 0; j < results[0].length; j++) {
            close(results[1][j], results[0][j], what + ": result " + j);
        }
        assertArrayEquals(layers[1].gradNorms(), layers[0].gradNorms(), 1e-4, what + ": gradNorms");
    }

    @Test
    void onlyFloatCellsOfOurClassesTakeTheFusedPath() {
        assertNotNull(FusedRecurrence.of(new LstmCell(3, 2)));
        assertNotNull(FusedRecurrence.of(new GruCell(3, 2)));
        assertNotNull(FusedRecurrence.of(new RnnCell(3, 2)));
        assertNull(FusedRecurrence.of(new LstmCell(3, 2, true, DataType.DOUBLE)), "DOUBLE: gradient checks go step by step");
        assertNull(FusedRecurrence.of(new GruCell(3, 2, GruCell.Formulation.LECTURE, true, DataType.FLOAT)));
        assertNull(FusedRecurrence.of(new LstmCell(3, 2) { }), "a subclass may compute something else");
    }

    @Test
    void aLayerConvertedToDoubleAndBackUsesTheRightPath() {
        Nnlab.seed(5);
        Recurrent layer = new Recurrent(new LstmCell(INPUT, HIDDEN));
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, TIME, INPUT);
        INDArray before = layer.forward(x);
        layer.to(DataType.DOUBLE);
        INDArray asDouble = layer.forward(x.castTo(DataType.DOUBLE));
        assertEquals(DataType.DOUBLE, asDouble.dataType());
        layer.to(DataType.FLOAT);
        INDArray after = layer.forward(x);
        close(before, after, "FLOAT, DOUBLE, FLOAT again");
        close(before.castTo(DataType.DOUBLE), asDouble, "DOUBLE step by step");
    }

    /** The same weights and data through both paths; everything compared. */
    private static void compare(RecurrentCell cell, INDArray mask, int k, boolean learnH0, boolean allOutputs) {
        Nnlab.seed(23);
        String what = cell + (mask == null ? "" : " masked") + " k=" + k + (learnH0 ? " h0" : "")
                + (allOutputs ? " all outputs" : " last state");
        INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, TIME, INPUT);
        INDArray gradOut = Nd4j.randn(DataType.FLOAT, BATCH, TIME, HIDDEN);
        INDArray gradLast = Nd4j.randn(DataType.FLOAT, BATCH, HIDDEN);
        Run fused = run(new Recurrent(cell), mask, k, learnH0, allOutputs, x, gradOut, gradLast);
        Run slow = run(new Recurrent(cell).fused(false), mask, k, learnH0, allOutputs, x, gradOut, gradLast);
        close(slow.out, fused.out, what + ": outputs");
        close(slow.last.h(), fused.last.h(), what + ": last h");
        if (slow.last.c() != null) {
            close(slow.last.c(), fused.last.c(), what + ": last c");
        }
        close(slow.dx, fused.dx, what + ": dL/dx");
        for (int i = 0; i < slow.grads.size(); i++) {
            close(slow.grads.get(i), fused.grads.get(i), what + ": dL/d" + slow.names.get(i));
        }
        assertArrayEquals(slow.norms, fused.norms, 1e-4, what + ": gradNorms");
        for (int t = 0; t < TIME; t++) {
            Step s = slow.steps.get(t);
            Step f = fused.steps.get(t);
            close(s.h(), f.h(), what + ": hidden(" + t + ")");
            close(s.previous().h(), f.previous().h(), what + ": h_{t-1} of step " + t);
            if (s.c() != null) {
                close(s.c(), f.c(), what + ": c of step " + t);
                close(s.previous().c(), f.previous().c(), what + ": c_{t-1} of step " + t);
            }
            close(s.input(), f.input(), what + ": x of step " + t);
            Map<String, INDArray> sg = slow.layer.gates(t);
            Map<String, INDArray> fg = fused.layer.gates(t);
            assertEquals(sg.keySet(), fg.keySet());
            for (String gate : sg.keySet()) {
                close(sg.get(gate), fg.get(gate), what + ": gate " + gate + " at step " + t);
            }
        }
    }

    private record Run(Recurrent layer, INDArray out, State last, INDArray dx, List<String> names,
                       List<INDArray> grads, double[] norms, List<Step> steps) {
    }

    private static Run run(Recurrent layer, INDArray mask, int k, boolean learnH0, boolean allOutputs,
                           INDArray x, INDArray gradOut, INDArray gradLast) {
        layer.truncate(k);
        if (learnH0) {
            layer.learnInitialState();
            Nnlab.seed(3);
            for (Parameter p : layer.parameters()) {
                if (p.name().equals("h0") || p.name().equals("c0")) {
                    p.value().assign(Nd4j.randn(DataType.FLOAT, HIDDEN));
                }
            }
        }
        layer.zeroGrad();
        INDArray out = layer.forward(x, mask);
        INDArray dx = allOutputs ? layer.backward(gradOut) : layer.backwardLast(gradLast);
        List<String> names = new ArrayList<>();
        List<INDArray> grads = new ArrayList<>();
        for (Parameter p : layer.parameters()) {
            names.add(p.name());
            grads.add(p.grad().dup());
        }
        return new Run(layer, out, layer.lastState(), dx, names, grads, layer.gradNorms(), layer.steps());
    }

    private static void close(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff < EPS, what + ": differs by " + diff);
    }
}
