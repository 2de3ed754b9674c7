package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.Parameter;

/**
 * BPTT of the {@link Recurrent} layer against central differences ({@link GradCheck}, DOUBLE, relative
 * error below 1e-6): every cell, with and without a mask, with a learned initial state, full BPTT, and the
 * many-to-one backward through {@link Recurrent#backwardLast(INDArray)} (as the module {@link LastHidden}).
 */
class RecurrentGradCheckTest {

    static final int BATCH = 3;
    static final int TIME = 4;
    static final int FEATURES = 2;
    static final int HIDDEN = 3;

    /** The cells under test, fresh and DOUBLE. */
    static List<Supplier<RecurrentCell>> cells() {
        return List.of(
                () -> new RnnCell(FEATURES, HIDDEN, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE),
                () -> new LstmCell(FEATURES, HIDDEN, true, DataType.DOUBLE),
                () -> new GruCell(FEATURES, HIDDEN, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE),
                () -> new GruCell(FEATURES, HIDDEN, GruCell.Formulation.LECTURE, true, DataType.DOUBLE));
    }

    static INDArray input() {
        return Nd4j.rand(DataType.DOUBLE, BATCH, TIME, FEATURES).muli(2).subi(1);
    }

    /** Sequence lengths 4, 2 and 1, padded at the end. */
    static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 0, 0, 0}});
    }

    /** Randomises a learned h0 (c0) so that its gradient check is not at the special point 0. */
    static void randomiseInitialState(Recurrent layer) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals("h0") || p.name().equals("c0")) {
                p.value().assign(Nd4j.rand(DataType.DOUBLE, p.value().shape()).subi(0.5));
            }
        }
    }

    /**
     * Every array passes with relative error below 1e-6, or its worst entry is so small (a gradient that
     * vanished over several steps, |dL/dθ| around 1e-7) that central differences cannot resolve it: then
     * the absolute difference must stay below 1e-10 (the difference quotient's own rounding noise is about
     * 1e-16 · |L| / h = 1e-11 · |L|).
     */
    static void assertPasses(GradCheck.Report report) {
        for (GradCheck.Entry e : report.entries()) {
            boolean ok = e.passed(1e-6) || (e.passed(1e-4) && Math.abs(e.backward() - e.numerical()) < 1e-10);
            assertTrue(ok, report.toString());
        }
    }

    @Test
    void fullBpttWithoutMask() {
        Nnlab.seed(11);
        for (Supplier<RecurrentCell> cell : cells()) {
            assertPasses(GradCheck.check(new Recurrent(cell.get()), input()));
        }
    }

    @Test
    void fullBpttWithMaskAndLearnedInitialState() {
        Nnlab.seed(12);
        for (Supplier<RecurrentCell> cell : cells()) {
            Recurrent layer = new Recurrent(cell.get()).learnInitialState();
            randomiseInitialState(layer);
            layer.useMask(mask());
            GradCheck.Report report = GradCheck.check(layer, input());
            assertPasses(report);
            assertTrue(report.entry("h0") != null, report.toString());
        }
    }

    @Test
    void backwardLastWithAndWithoutMask() {
        Nnlab.seed(13);
        for (Supplier<RecurrentCell> cell : cells()) {
            Recurrent plain = new Recurrent(cell.get()).learnInitialState();
            randomiseInitialState(plain);
            assertPasses(GradCheck.check(new LastHidden(plain), input()));
            Recurrent masked = new Recurrent(cell.get());
            masked.useMask(mask());
            assertPasses(GradCheck.check(new LastHidden(masked), input()));
        }
    }
}
