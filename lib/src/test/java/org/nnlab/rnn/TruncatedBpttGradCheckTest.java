package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * Finite differences for truncated BPTT, forward and bidirectional, with a mask.
 *
 * <p>Truncated BPTT is not the gradient of the network's loss, so finite differences of that loss cannot
 * check it. It is the exact gradient of another function: the same forward, but with the state passed from
 * one chunk to the next held constant (PyTorch's {@code h.detach()}). {@link Frozen} computes that function
 * with the cells step by step, the states at the chunk borders frozen at their values for the unperturbed
 * parameters; {@link GradCheck} compares its finite differences with the truncated layer's backward.
 */
class TruncatedBpttGradCheckTest {

    private static final int K = 2;      // chunks of two steps: 1-2, 3-4, 5
    private static final int TIME = 5;

    /** Lengths 5, 3 and 1, padded at the end. */
    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
    }

    private static INDArray input() {
        return Nd4j.rand(DataType.DOUBLE, 3, TIME, RecurrentGradCheckTest.FEATURES).muli(2).subi(1);
    }

    @Test
    void truncatedRecurrentWithMask() {
        Nnlab.seed(31);
        for (Supplier<RecurrentCell> cell : RecurrentGradCheckTest.cells()) {
            Recurrent layer = new Recurrent(cell.get()).truncate(K);
            INDArray mask = mask();
            layer.useMask(mask);
            Frozen frozen = new Frozen(layer, x -> layer.forward(x, mask), mask, false);
            RecurrentGradCheckTest.assertPasses(GradCheck.check(frozen, input()));
            assertTrue(frozen.borderStates > 0, "the reference froze states at chunk borders");
        }
    }

    @Test
    void truncatedBidirectionalWithMask() {
        Nnlab.seed(32);
        for (Supplier<RecurrentCell> cell : RecurrentGradCheckTest.cells()) {
            Bidirectional layer = new Bidirectional(new Recurrent(cell.get()).truncate(K),
                    new Recurrent(cell.get()).truncate(K));
            INDArray mask = mask();
            Frozen frozen = new Frozen(layer, x -> layer.forward(x, mask), mask, true);
            RecurrentGradCheckTest.assertPasses(GradCheck.check(frozen, input()));
        }
    }

    /** And the check can fail: full BPTT is not the gradient of the frozen-border function. */
    @Test
    void fullBpttDoesNotPassTheFrozenBorderCheck() {
        Nnlab.seed(33);
        Recurrent layer = new Recurrent(new LstmCell(RecurrentGradCheckTest.FEATURES, RecurrentGradCheckTest.HIDDEN,
                true, DataType.DOUBLE));
        Frozen frozen = new Frozen(layer, layer::forward, null, false);
        frozen.truncation = K; // the reference freezes borders, the layer does not truncate
        GradCheck.Report report = GradCheck.check(frozen, input());
        assertTrue(report.entries().stream().anyMatch(e -> !e.passed(1e-4)), report.toString());
    }

    /**
     * A module whose backward is the layer's (truncated BPTT) and whose forward is the frozen-border
     * function, computed with the cells step by step. The first forward (GradCheck's, at the unperturbed
     * parameters) records the border states and runs the layer once; both forwards must agree there.
     */
    private static final class Frozen extends Module {
        private final Module layer;
        private final java.util.function.UnaryOperator<INDArray> layerForward;
        private final INDArray mask;
        private final boolean bidirectional;
        private final List<RecurrentCell> cells = new ArrayList<>();
        private final List<List<State>> borders = new ArrayList<>(); // per direction, the frozen states
        int truncation = K;
        int borderStates;

        Frozen(Module layer, java.util.function.UnaryOperator<INDArray> layerForward, INDArray mask,
               boolean bidirectional) {
            this.layer = layer;
            this.layerForward = layerForward;
            this.mask = mask;
            this.bidirectional = bidirectional;
            if (layer instanceof Bidirectional b) {
                cells.add(b.forwardLayer().cell());
                cells.add(b.backwardLayer().cell());
            } else {
                cells.add(((Recurrent) layer).cell());
            }
        }

        @Override
        public INDArray forward(INDArray x) {
            boolean record = borders.isEmpty();
            INDArray left = unroll(0, x, record);
            INDArray reference = left;
            if (bidirectional) {
                int[] lengths = lengths(x);
                INDArray right = reverse(unroll(1, reverse(x, lengths), record), lengths);
                reference = Nd4j.concat(2, left, right);
            }
            if (record) {
                // the layer's forward, once at the unperturbed parameters: what its backward differentiates
                INDArray fromLayer = layerForward.apply(x);
                assertTrue(reference.equalsWithEps(fromLayer, 1e-12), "the reference forward equals the layer's");
            }
            return reference;
        }

        @Override
        public INDArray backward(INDArray gradOutput) {
            return layer.backward(gradOutput);
        }

        @Override
        public List<Parameter> parameters() {
            return layer.parameters();
        }

        @Override
        public java.util.Map<String, Parameter> namedParameters() {
            return layer.namedParameters();
        }

        /**
         * One direction, step by step: h_t = cell(x_t, h_{t-1}), carried over at padding as the layer does;
         * at each chunk border the incoming state is the frozen one (recorded on the first call).
         */
        private INDArray unroll(int direction, INDArray x, boolean record) {
            RecurrentCell cell = cells.get(direction);
            if (record) {
                borders.add(new ArrayList<>());
            }
            List<State> frozen = borders.get(direction);
            long batch = x.size(0);
            INDArray out = Nd4j.zeros(DataType.DOUBLE, batch, x.size(1), cell.hiddenSize());
            State state = cell.initialState(batch);
            for (int t = 0; t < x.size(1); t++) {
                if (t > 0 && t % truncation == 0) {
                    int border = t / truncation - 1;
                    if (record) {
                        frozen.add(new State(state.h().dup(), state.c() == null ? null : state.c().dup()));
                        borderStates++;
                    } else {
                        state = frozen.get(border);
                    }
                }
                Step step = cell.step(x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup(), state);
                if (mask == null) {
                    state = step.state();
                    out.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(state.h());
                } else {
                    INDArray m = mask.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
                    state = new State(blend(m, step.h(), state.h()),
                            step.c() == null ? null : blend(m, step.c(), state.c()));
                    out.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(state.h().mulColumnVector(m));
                }
            }
            return out;
        }

        private static INDArray blend(INDArray m, INDArray a, INDArray b) {
            return a.mulColumnVector(m).add(b.mulColumnVector(m.rsub(1)));
        }

        private int[] lengths(INDArray x) {
            int[] lengths = new int[(int) x.size(0)];
            for (int b = 0; b < lengths.length; b++) {
                lengths[b] = mask == null ? (int) x.size(1) : (int) mask.getRow(b).sumNumber().doubleValue();
            }
            return lengths;
        }

        /** Each sequence's real steps in reverse order, padding left where it is. */
        private static INDArray reverse(INDArray a, int[] lengths) {
            INDArray reversed = a.dup();
            for (int b = 0; b < lengths.length; b++) {
                for (int t = 0; t < lengths[b]; t++) {
                    reversed.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all())
                            .assign(a.get(NDArrayIndex.point(b), NDArrayIndex.point(lengths[b] - 1 - t), NDArrayIndex.all()));
                }
            }
            return reversed;
        }

        @Override
        public String toString() {
            return "frozen-border " + layer;
        }
    }
}
