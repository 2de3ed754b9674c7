package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.testing.OnFixedIds;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.CrossEntropyLoss;

class SequenceClassifierTest {

    /** Three padded texts: lengths 2, 4 and 1 (index 0 is padding). */
    static INDArray ids() {
        return Nd4j.createFromArray(new int[][] {{3, 5, 0, 0}, {1, 2, 6, 2}, {4, 0, 0, 0}});
    }

    @Test
    void passesAGradientCheckForLstmAndGruWithBothPoolings() {
        for (SequenceClassifier.Pooling pooling : SequenceClassifier.Pooling.values()) {
            for (int kind = 0; kind < 2; kind++) {
                Nnlab.seed(5);
                RecurrentCell cell = kind == 0 ? new LstmCell(3, 4, true, DataType.DOUBLE)
                        : new GruCell(3, 4, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE);
                SequenceClassifier model = new SequenceClassifier(7, cell, pooling, 2);
                INDArray labels = Nd4j.createFromArray(1.0, 0.0, 1.0);
                GradCheck.Report report = GradCheck.check(new OnFixedIds(model, ids()), new CrossEntropyLoss(),
                        Nd4j.zeros(DataType.DOUBLE, 3, 1), labels);
                // 1e-5: some weight_hh gradients are ~1e-7, where central differences lose digits
                assertTrue(report.passed(1e-5), pooling + " " + cell + ": " + report);
                assertTrue(report.toString().contains("embedding.weight"), report.toString());
            }
        }
    }

    @Test
    void paddingDoesNotChangeTheScores() {
        Nnlab.seed(2);
        SequenceClassifier model = new SequenceClassifier(7, new LstmCell(3, 4, true, DataType.DOUBLE),
                SequenceClassifier.Pooling.LAST, 2);
        INDArray short1 = model.forward(Nd4j.createFromArray(new int[][] {{3, 5}})).dup();
        INDArray padded = model.forward(Nd4j.createFromArray(new int[][] {{3, 5, 0, 0}}));
        assertTrue(short1.equalsWithEps(padded, 1e-12), short1 + " vs " + padded);
        assertArrayEquals(new long[] {3, 2}, model.forward(ids()).shape());
    }

    @Test
    void rejectsInputsThatAreNotAnIndexMatrix() {
        SequenceClassifier model = new SequenceClassifier(7, new GruCell(3, 4), SequenceClassifier.Pooling.MEAN, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(Nd4j.zeros(DataType.FLOAT, 2, 4, 3)));
        assertTrue(e.getMessage().contains("[batch, time]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SequenceClassifier(7, new GruCell(3, 4), SequenceClassifier.Pooling.MEAN, 1));
    }
}
