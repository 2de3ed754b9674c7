package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.testing.OnFixedIds;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.BCEWithLogitsLoss;

class MeanOverTimeTest {

    /** Two sequences of 3 steps, dim 2; the first has 2 real tokens, the second 3. */
    private static INDArray x() {
        return Nd4j.createFromArray(new double[][][] {
            {{1, 2}, {3, 4}, {100, 100}},
            {{1, 0}, {2, 0}, {6, 3}}});
    }

    private static INDArray mask() {
        return Nd4j.createFromArray(new int[][] {{1, 1, 0}, {1, 1, 1}});
    }

    @Test
    void averagesOverValidStepsOnly() {
        MeanOverTime mean = new MeanOverTime();
        INDArray y = mean.forward(x(), mask());
        assertArrayEquals(new long[] {2, 2}, y.shape());
        // (1+3)/2, (2+4)/2; padding (100, 100) ignored.  (1+2+6)/3, 3/3
        assertArrayEquals(new double[] {2, 3, 3, 1}, y.ravel().toDoubleVector(), 1e-12);
        INDArray plain = mean.forward(x()); // no mask: the plain mean over all steps
        assertArrayEquals(new double[] {104 / 3.0, 106 / 3.0, 3, 1}, plain.ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4, 100, 100, 1, 0, 2, 0, 6, 3}, x().ravel().toDoubleVector(), 0,
                "the input is not changed");
    }

    @Test
    void backwardSpreadsEquallyOverValidStepsAndGivesPaddingZero() {
        MeanOverTime mean = new MeanOverTime();
        mean.forward(x(), mask());
        INDArray g = Nd4j.createFromArray(new double[][] {{6, -6}, {3, 9}});
        INDArray dx = mean.backward(g);
        assertArrayEquals(new long[] {2, 3, 2}, dx.shape());
        assertArrayEquals(new double[] {3, -3, 3, -3, 0, 0}, dx.slice(0).ravel().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {1, 3, 1, 3, 1, 3}, dx.slice(1).ravel().toDoubleVector(), 1e-12);
    }

    @Test
    void gradCheckWithAMask() {
        Nnlab.seed(6);
        MeanOverTime mean = new MeanOverTime();
        mean.useMask(Nd4j.createFromArray(new float[][] {{1, 0, 0, 0}, {1, 1, 1, 0}, {1, 1, 1, 1}}));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 3, 4, 5);
        GradCheck.Report report = GradCheck.check(mean, x);
        assertTrue(report.passed(), report.toString());
        INDArray dx = mean.backward(Nd4j.ones(DataType.DOUBLE, 3, 5));
        assertEquals(0.0, dx.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4)).amaxNumber().doubleValue(), "padding gets zero");
    }

    @Test
    void deepAveragingNetworkPassesAGradientCheckAndPaddingWordsGetNoGradient() {
        // DAN: embed the words, average the valid ones, a linear layer gives the score of "positive"
        Nnlab.seed(8);
        Embedding emb = new Embedding(7, 4, DataType.DOUBLE);
        MeanOverTime mean = new MeanOverTime();
        INDArray indices = Nd4j.createFromArray(new int[][] {{3, 5, 0, 0}, {1, 2, 6, 2}, {4, 0, 0, 0}});
        mean.useMask(indices.neq(0)); // index 0 is the padding token
        Sequential dan = new Sequential(emb, mean, new Linear(4, 1, DataType.DOUBLE));
        Module model = new OnFixedIds(dan, indices);
        INDArray labels = Nd4j.createFromArray(new double[][] {{1}, {0}, {1}});
        GradCheck.Report report = GradCheck.check(model, new BCEWithLogitsLoss(), Nd4j.zeros(DataType.DOUBLE, 3, 1), labels);
        assertTrue(report.passed(), report.toString());
        // the padding word 0 occurs only where the mask is 0, so its vector gets no gradient (without a padding index)
        assertEquals(0.0, emb.weight().grad().getRow(0).amaxNumber().doubleValue());
        assertTrue(emb.weight().grad().getRow(3).amaxNumber().doubleValue() > 0);
    }

    @Test
    void errorsSpeakTheLecturesLanguage() {
        MeanOverTime mean = new MeanOverTime();
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> mean.backward(Nd4j.zeros(DataType.DOUBLE, 2, 2)));
        assertEquals("MeanOverTime: backward called before forward", early.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> mean.forward(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertEquals("MeanOverTime expects input [batch, time, dim] but got [2, 3]", rank.getMessage());
        IllegalArgumentException maskShape = assertThrows(IllegalArgumentException.class,
                () -> mean.forward(x(), Nd4j.ones(DataType.INT, 2, 4)));
        assertEquals("MeanOverTime expects a mask [batch, time] = [2, 3] for input [2, 3, 2] but got [2, 4]",
                maskShape.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> mean.forward(x(), Nd4j.createFromArray(new int[][] {{1, 1, 0}, {0, 0, 0}})));
        assertTrue(empty.getMessage().contains("sequence 1 of the batch has no valid time step"), empty.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> mean.forward(x(), Nd4j.createFromArray(new double[][] {{1, 0.5, 0}, {1, 1, 1}})));
        assertThrows(IllegalStateException.class, () -> mean.backward(Nd4j.zeros(DataType.DOUBLE, 2, 2)),
                "failed forwards leave nothing to go back through");
        mean.forward(x(), mask());
        assertThrows(IllegalArgumentException.class, () -> mean.backward(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
    }
}
