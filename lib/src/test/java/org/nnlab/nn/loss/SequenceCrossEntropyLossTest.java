package org.nnlab.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;

class SequenceCrossEntropyLossTest {

    private static final int PAD = SequenceCrossEntropyLoss.IGNORE;

    @Test
    void equalsCrossEntropyOverTheRealStepsAndPaddingGetsNoGradient() {
        Nnlab.seed(1);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, 2, 3, 4);
        INDArray labels = Nd4j.createFromArray(new double[][] {{3, 0, 1}, {2, PAD, PAD}});
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        double value = loss.forward(scores, labels);
        INDArray grad = loss.backward();

        // the same four real steps as an ordinary batch of rows
        INDArray rows = Nd4j.vstack(
                scores.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()),
                scores.get(NDArrayIndex.point(1), NDArrayIndex.interval(0, 1), NDArrayIndex.all()));
        CrossEntropyLoss plain = new CrossEntropyLoss();
        assertEquals(plain.forward(rows, new int[] {3, 0, 1, 2}), value, 1e-12);
        INDArray plainGrad = plain.backward();
        for (int t = 0; t < 3; t++) {
            assertTrue(plainGrad.getRow(t).equalsWithEps(grad.get(NDArrayIndex.point(0), NDArrayIndex.point(t),
                    NDArrayIndex.all()), 1e-12), "step " + t);
        }
        assertTrue(plainGrad.getRow(3).equalsWithEps(grad.get(NDArrayIndex.point(1), NDArrayIndex.point(0),
                NDArrayIndex.all()), 1e-12));
        assertEquals(0, grad.get(NDArrayIndex.point(1), NDArrayIndex.interval(1, 3), NDArrayIndex.all())
                .norm2Number().doubleValue(), 0);
    }

    @Test
    void paddingChangesNothing() {
        Nnlab.seed(2);
        INDArray alone = Nd4j.randn(DataType.DOUBLE, 1, 2, 3);
        INDArray padded = Nd4j.concat(1, alone, Nd4j.randn(DataType.DOUBLE, 1, 3, 3)); // 3 padded steps of noise
        double a = new SequenceCrossEntropyLoss().forward(alone, Nd4j.createFromArray(new double[][] {{1, 2}}));
        double b = new SequenceCrossEntropyLoss().forward(padded,
                Nd4j.createFromArray(new double[][] {{1, 2, PAD, PAD, PAD}}));
        assertEquals(a, b, 1e-12);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Nnlab.seed(3);
        INDArray scores = Nd4j.randn(DataType.DOUBLE, 2, 4, 3);
        INDArray labels = Nd4j.createFromArray(new double[][] {{0, 1, 2, 1}, {2, 2, PAD, PAD}});
        GradCheck.Report report = GradCheck.check(new SequenceCrossEntropyLoss(), scores, labels);
        assertTrue(report.passed() && report.maxError() < 1e-6, report.toString());
    }

    @Test
    void clearErrors() {
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        INDArray scores = Nd4j.zeros(DataType.DOUBLE, 2, 3, 4);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(scores, Nd4j.zeros(DataType.DOUBLE, 2, 4)));
        assertTrue(shape.getMessage().contains("expects labels [batch, time] = [2, 3]"), shape.getMessage());
        IllegalArgumentException allPad = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(scores, Nd4j.valueArrayOf(new long[] {2, 3}, (double) PAD)));
        assertTrue(allPad.getMessage().contains("every position is padding"), allPad.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(scores, Nd4j.createFromArray(new double[][] {{0, 1, 4}, {0, 0, 0}})));
        assertTrue(range.getMessage().contains("outside the class range"), range.getMessage());
        assertThrows(IllegalStateException.class, () -> new SequenceCrossEntropyLoss().backward());
    }
}
