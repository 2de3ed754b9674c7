package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;

class PerStepTest {

    @Test
    void appliesTheModuleAtEveryStepWithTheSameParameters() {
        Nnlab.seed(3);
        Linear linear = new Linear(4, 3, DataType.DOUBLE);
        PerStep perStep = new PerStep(linear);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 5, 4);
        INDArray y = perStep.forward(x);
        assertArrayEquals(new long[] {2, 5, 3}, y.shape());
        for (int t = 0; t < 5; t++) {
            INDArray step = x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
            INDArray expected = linear.forward(step.dup());
            INDArray got = y.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
            assertTrue(expected.equalsWithEps(got, 1e-12), "step " + t);
        }
        assertEquals(linear.parameters(), perStep.parameters());
        assertEquals("PerStep(Linear(4 -> 3))", perStep.toString());
    }

    @Test
    void gradCheckWithTheSequenceLossAndPadding() {
        Nnlab.seed(4);
        PerStep tagger = new PerStep(new Linear(4, 3, DataType.DOUBLE));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3, 4);
        // the second sentence has two words and one padded position
        INDArray labels = Nd4j.createFromArray(new double[][] {{0, 2, 1}, {1, 0, SequenceCrossEntropyLoss.IGNORE}});
        GradCheck.Report report = GradCheck.check(tagger, new SequenceCrossEntropyLoss(), x, labels);
        assertTrue(report.passed() && report.maxError() < 1e-6, report.toString());
    }

    @Test
    void clearErrors() {
        PerStep perStep = new PerStep(new Linear(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> perStep.forward(Nd4j.zeros(2, 4)));
        assertTrue(e.getMessage().contains("expects a sequence [batch, time, features] but got [2, 4]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> perStep.backward(Nd4j.zeros(2, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> new PerStep(null));
    }
}
