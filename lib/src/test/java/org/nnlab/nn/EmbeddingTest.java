package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.testing.OnFixedIds;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.MSELoss;

class EmbeddingTest {

    /** E = [[0, 0], [1, 2], [3, 4], [5, 6]]: 4 words, vectors of size 2. */
    private static Embedding small(int paddingIndex) {
        INDArray e = Nd4j.createFromArray(new double[][] {{0, 0}, {1, 2}, {3, 4}, {5, 6}});
        return new Embedding(e, paddingIndex);
    }

    @Test
    void forwardLooksUpRowsForBatchAndBatchTimeInAnyIndexType() {
        Embedding emb = small(Embedding.NO_PADDING);
        INDArray y = emb.forward(Nd4j.createFromArray(2, 0, 3)); // INT [3]
        assertArrayEquals(new long[] {3, 2}, y.shape());
        assertArrayEquals(new double[] {3, 4, 0, 0, 5, 6}, y.ravel().toDoubleVector(), 0);
        INDArray seq = emb.forward(Nd4j.createFromArray(new long[][] {{1, 2, 1}, {3, 0, 0}})); // LONG [2, 3]
        assertArrayEquals(new long[] {2, 3, 2}, seq.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 1, 2}, seq.slice(0).ravel().toDoubleVector(), 0);
        assertArrayEquals(new double[] {5, 6, 0, 0, 0, 0}, seq.slice(1).ravel().toDoubleVector(), 0);
        INDArray fromFloat = emb.forward(Nd4j.createFromArray(new float[][] {{1, 2, 1}, {3, 0, 0}}));
        assertEquals(seq, fromFloat);
        assertEquals(DataType.DOUBLE, fromFloat.dataType());
        fromFloat.putScalar(0, 0, 0, 99); // the output is a copy, not a view of E
        assertEquals(1.0, emb.weight().value().getDouble(1, 0));
    }

    @Test
    void backwardAddsGradientsOnlyToTheRowsUsedAndAccumulatesRepeats() {
        Embedding emb = small(Embedding.NO_PADDING);
        emb.forward(Nd4j.createFromArray(new int[][] {{1, 2, 1}}));
        INDArray g = Nd4j.createFromArray(new double[][][] {{{1, 10}, {2, 20}, {3, 30}}});
        INDArray dIndices = emb.backward(g);
        // row 1 occurs twice: 1+3, 10+30; row 2 once; rows 0 and 3 untouched
        assertArrayEquals(new double[] {0, 0, 4, 40, 2, 20, 0, 0}, emb.weight().grad().ravel().toDoubleVector(), 0);
        assertArrayEquals(new long[] {1, 3}, dIndices.shape());
        assertEquals(0.0, dIndices.amaxNumber().doubleValue());
        emb.backward(g); // accumulates, like every backward
        assertEquals(8.0, emb.weight().grad().getDouble(1, 0));
        // the same as the dense formula onehotᵀ · g, which the module never builds
        INDArray oneHot = Nd4j.createFromArray(new double[][] {{0, 1, 0, 0}, {0, 0, 1, 0}, {0, 1, 0, 0}});
        INDArray dense = oneHot.transpose().mmul(g.reshape(3, 2)).muli(2);
        assertEquals(dense, emb.weight().grad());
    }

    @Test
    void paddingRowGetsNoGradientAndStartsAtZero() {
        Embedding emb = small(0);
        emb.forward(Nd4j.createFromArray(new int[][] {{1, 0, 0}, {2, 3, 0}}));
        emb.backward(Nd4j.ones(DataType.DOUBLE, 2, 3, 2));
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 1, 1}, emb.weight().grad().ravel().toDoubleVector(), 0);
        emb.forward(Nd4j.createFromArray(0, 0)); // a batch of padding only
        emb.backward(Nd4j.ones(DataType.DOUBLE, 2, 2));
        assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 1, 1}, emb.weight().grad().ravel().toDoubleVector(), 0);
        Nnlab.seed(4);
        Embedding padded = new Embedding(10, 3, 2, DataType.FLOAT);
        assertEquals(0.0, padded.weight().value().getRow(2).amaxNumber().doubleValue());
        assertNotEquals(0.0, padded.weight().value().getRow(1).amaxNumber().doubleValue());
        assertEquals("Embedding(10, 3, padding=2)", padded.toString());
    }

    @Test
    void initialisationIsStandardNormalAndRepeatable() {
        Nnlab.seed(9);
        Embedding a = new Embedding(1000, 50);
        Nnlab.seed(9);
        Embedding b = new Embedding(1000, 50);
        assertEquals(a.weight().value(), b.weight().value());
        INDArray w = a.weight().value();
        assertEquals(DataType.FLOAT, w.dataType());
        assertArrayEquals(new long[] {1000, 50}, w.shape());
        assertEquals(0.0, w.meanNumber().doubleValue(), 0.02);
        assertEquals(1.0, w.stdNumber().doubleValue(), 0.02);
    }

    @Test
    void gradCheckThroughLinearAndLoss() {
        Nnlab.seed(1);
        Embedding emb = new Embedding(6, 3, DataType.DOUBLE);
        Linear linear = new Linear(3, 2, DataType.DOUBLE);
        INDArray indices = Nd4j.createFromArray(4, 1, 4, 0, 5); // 4 repeats; 2 and 3 unused
        Module model = new OnFixedIds(new Sequential(emb, linear), indices);
        INDArray target = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}, {-1, 2}, {0, 0}});
        GradCheck.Report report = GradCheck.check(model, new MSELoss(), Nd4j.zeros(DataType.DOUBLE, 5, 1), target);
        assertTrue(report.passed(), report.toString());
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "input"),
                report.entries().stream().map(GradCheck.Entry::name).toList());
        assertEquals(0.0, emb.weight().grad().getRow(2).amaxNumber().doubleValue(), "an unused word gets no gradient");
    }

    @Test
    void gradCheckOfSequencesWithPadding() {
        Nnlab.seed(2);
        Embedding emb = new Embedding(5, 4, 0, DataType.DOUBLE);
        INDArray indices = Nd4j.createFromArray(new int[][] {{3, 1, 0}, {2, 2, 4}});
        GradCheck.Report report = GradCheck.check(new OnFixedIds(emb, indices), Nd4j.zeros(DataType.DOUBLE, 1));
        // By design the padding row is frozen: its true (numerical) gradient is not zero, since the lookup
        // uses it, but backward gives it none. So the check of the weight fails there, and only there.
        assertTrue(!report.entry("weight").passed(1e-6), report.toString());
        assertEquals(0, report.entry("weight").worstIndex() / 4, "the worst entry is in row 0, the padding row");
        assertTrue(report.entry("input").passed(1e-6));
        INDArray grad = emb.weight().grad();
        assertEquals(0.0, grad.getRow(0).amaxNumber().doubleValue());
        assertNotEquals(0.0, grad.getRow(2).amaxNumber().doubleValue());
        Embedding plain = new Embedding(emb.weight().value().dup());
        GradCheck.Report plainReport = GradCheck.check(new OnFixedIds(plain, indices), Nd4j.zeros(DataType.DOUBLE, 1));
        assertTrue(plainReport.passed(), plainReport.toString());
        for (int k = 1; k < 5; k++) {
            assertEquals(plain.weight().grad().getRow(k), grad.getRow(k), "row " + k + " as without padding");
        }
    }

    @Test
    void errorsNameTheIndexAndTheVocabularySize() {
        Embedding emb = new Embedding(10, 3);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(Nd4j.createFromArray(new int[][] {{1, 2}, {12, 0}})));
        assertEquals("Embedding(10, 3): index 12 at [1, 0] is outside the vocabulary 0..9 (vocabulary size 10)",
                range.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(Nd4j.createFromArray(-1)));
        assertTrue(negative.getMessage().contains("index -1 at [0]"), negative.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(Nd4j.createFromArray(1.0f, 2.5f)));
        assertEquals("Embedding(10, 3) expects whole-number indices but got 2.5 at [1]", fraction.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> emb.forward(Nd4j.zeros(DataType.INT, 2, 2, 2)));
        assertEquals("Embedding(10, 3) expects indices [batch] or [batch, time] but got [2, 2, 2]", rank.getMessage());
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> emb.backward(Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertEquals("Embedding(10, 3): backward called before forward", early.getMessage());
        emb.forward(Nd4j.createFromArray(1, 2));
        assertThrows(IllegalArgumentException.class, () -> emb.backward(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> emb.backward(Nd4j.zeros(DataType.DOUBLE, 2, 3)));
        assertEquals(0.0, emb.weight().grad().amaxNumber().doubleValue(), "a failed call leaves the grads alone");
        assertThrows(IllegalArgumentException.class, () -> new Embedding(10, 3, 10, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
    }
}
