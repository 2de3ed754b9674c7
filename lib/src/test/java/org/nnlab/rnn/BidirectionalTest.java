package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@link Bidirectional}: finite differences, padding, the reversed direction, names and errors. */
class BidirectionalTest {

    private static final List<Supplier<RecurrentCell>> CELLS = RecurrentGradCheckTest.cells();

    private static Bidirectional bidirectional(Supplier<RecurrentCell> cell) {
        return new Bidirectional(cell.get(), cell.get());
    }

    @Test
    void gradCheckWithAndWithoutMask() {
        Nnlab.seed(21);
        for (Supplier<RecurrentCell> cell : CELLS) {
            RecurrentGradCheckTest.assertPasses(GradCheck.check(bidirectional(cell), RecurrentGradCheckTest.input()));
            Bidirectional masked = bidirectional(cell);
            masked.useMask(RecurrentGradCheckTest.mask());
            GradCheck.Report report = GradCheck.check(masked, RecurrentGradCheckTest.input());
            RecurrentGradCheckTest.assertPasses(report);
            assertTrue(report.entry("weight_hh_reverse") != null, report.toString());
        }
    }

    /** Many-to-one through lastHidden()/backwardLast(), as a module, with a mask. */
    @Test
    void gradCheckOfTheLastHiddenState() {
        Nnlab.seed(22);
        for (Supplier<RecurrentCell> cell : CELLS) {
            Bidirectional layer = bidirectional(cell);
            layer.useMask(RecurrentGradCheckTest.mask());
            Module last = new Module() {
                @Override
                public INDArray forward(INDArray x) {
                    layer.forward(x);
                    return layer.lastHidden();
                }

                @Override
                public INDArray backward(INDArray gradOutput) {
                    return layer.backwardLast(gradOutput);
                }

                @Override
                public List<Parameter> parameters() {
                    return layer.parameters();
                }
            };
            RecurrentGradCheckTest.assertPasses(GradCheck.check(last, RecurrentGradCheckTest.input()));
        }
    }

    /** The right-to-left half is a plain Recurrent on the reversed sequence, read back in the original order. */
    @Test
    void backwardDirectionReadsTheSequenceReversed() {
        Nnlab.seed(23);
        LstmCell f = new LstmCell(2, 3, true, DataType.DOUBLE);
        LstmCell b = new LstmCell(2, 3, true, DataType.DOUBLE);
        INDArray x = RecurrentGradCheckTest.input();
        INDArray out = new Bidirectional(f, b).forward(x);
        INDArray reversed = reverseTime(x);  // no mask: reverse the whole time axis
        INDArray right = reverseTime(new Recurrent(b).forward(reversed));
        INDArray left = new Recurrent(f).forward(x);
        assertClose(left, out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)), "forward half");
        assertClose(right, out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(3, 6)), "backward half");
    }

    /** A padded sequence gives the same outputs, last state and dL/dx as the shorter sequence alone. */
    @Test
    void paddingEqualsTheShorterSequence() {
        Nnlab.seed(24);
        for (Supplier<RecurrentCell> cell : CELLS) {
            Bidirectional layer = bidirectional(cell);
            INDArray x = RecurrentGradCheckTest.input();            // [3, 4, 2]; sequence 1 has length 2
            INDArray mask = RecurrentGradCheckTest.mask();
            INDArray grad = Nd4j.rand(DataType.DOUBLE, 3, 4, 6);
            INDArray out = layer.forward(x, mask);
            INDArray last = layer.lastHidden();
            INDArray dx = layer.backward(grad);

            INDArray shortX = x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
            INDArray shortGrad = grad.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).dup();
            INDArray shortOut = layer.forward(shortX, null);
            INDArray shortLast = layer.lastHidden();
            INDArray shortDx = layer.backward(shortGrad);
            assertClose(shortOut, out.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 2), NDArrayIndex.all()), cell.get() + " outputs");
            assertClose(shortLast, last.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all()), cell.get() + " h_n");
            assertClose(shortDx, dx.get(NDArrayIndex.interval(1, 2), NDArrayIndex.interval(0, 2), NDArrayIndex.all()), cell.get() + " dL/dx");
            // padding: output 0, no gradient
            assertEquals(0.0, out.get(NDArrayIndex.point(1), NDArrayIndex.interval(2, 4), NDArrayIndex.all()).amaxNumber().doubleValue());
            assertEquals(0.0, dx.get(NDArrayIndex.point(1), NDArrayIndex.interval(2, 4), NDArrayIndex.all()).amaxNumber().doubleValue());
        }
    }

    @Test
    void namesAndErrors() {
        Bidirectional layer = new Bidirectional(new GruCell(2, 3), new GruCell(2, 3));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh",
                "weight_ih_reverse", "weight_hh_reverse", "bias_ih_reverse", "bias_hh_reverse"),
                List.copyOf(layer.namedParameters().keySet()));
        assertEquals(6, layer.outputSize());
        GruCell same = new GruCell(2, 3);
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(same, same));
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new GruCell(2, 3), new LstmCell(2, 3)));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 2);
        IllegalArgumentException hole = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(x, Nd4j.createFromArray(new float[][] {{1, 0, 1}, {1, 1, 1}})));
        assertTrue(hole.getMessage().contains("padding at the end"), hole.getMessage());
        assertThrows(IllegalStateException.class, () -> new Bidirectional(new GruCell(2, 3), new GruCell(2, 3))
                .backward(Nd4j.zeros(DataType.FLOAT, 2, 3, 6)));
    }

    /** a [batch, time, ...] with the whole time axis reversed. */
    private static INDArray reverseTime(INDArray a) {
        INDArray r = a.dup();
        long time = a.size(1);
        for (int t = 0; t < time; t++) {
            r.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all())
                    .assign(a.get(NDArrayIndex.all(), NDArrayIndex.point(time - 1 - t), NDArrayIndex.all()));
        }
        return r;
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < 1e-12, what + ": differs by " + diff);
    }
}
