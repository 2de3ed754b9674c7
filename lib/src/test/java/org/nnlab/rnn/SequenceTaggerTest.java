package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.testing.OnFixedIds;

class SequenceTaggerTest {

    /** Three padded sentences: lengths 2, 4 and 1 (index 0 is padding). */
    static INDArray ids() {
        return Nd4j.createFromArray(new float[][] {{3, 5, 0, 0}, {1, 2, 6, 2}, {4, 0, 0, 0}});
    }

    @Test
    void gradCheckThroughBothDirectionsWithPadding() {
        Nnlab.seed(3);
        // one layer: stacks of two are checked in RecurrentStackTest
        SequenceTagger tagger = new SequenceTagger(7, 3, 4, 1, 3);
        tagger.to(DataType.DOUBLE);
        INDArray tags = Nd4j.createFromArray(new double[][] {{0, 2, -1, -1}, {1, 1, 0, 2}, {2, -1, -1, -1}});
        GradCheck.Report report = GradCheck.check(new OnFixedIds(tagger, ids().castTo(DataType.DOUBLE)),
                new SequenceCrossEntropyLoss(), Nd4j.zeros(DataType.DOUBLE, 3, 1), tags);
        RecurrentGradCheckTest.assertPasses(report);
        assertTrue(report.toString().contains("lstm.weight_hh_l0_reverse"), report.toString());
    }

    @Test
    void paddingChangesNoRealWordsScores() {
        Nnlab.seed(4);
        SequenceTagger tagger = new SequenceTagger(7, 3, 4, 1, 3);
        INDArray batch = tagger.forward(ids());
        INDArray alone = tagger.forward(Nd4j.createFromArray(new float[][] {{3, 5}}));
        INDArray inBatch = batch.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, 2), NDArrayIndex.all());
        assertTrue(alone.equalsWithEps(inBatch, 1e-6), "sentence 1 alone " + alone + " vs in the batch " + inBatch);
        assertArrayEquals(new long[] {3, 4, 3}, batch.shape());
    }

    @Test
    void predictGivesOneTagPerWordAndKeepsTheMode() {
        Nnlab.seed(5);
        SequenceTagger tagger = new SequenceTagger(7, 3, 4, 1, 3);
        int[][] tags = tagger.predict(List.of(new int[] {3, 5}, new int[] {1, 2, 6, 2}, new int[] {4}));
        assertEquals(2, tags[0].length);
        assertEquals(4, tags[1].length);
        assertEquals(1, tags[2].length);
        assertTrue(tagger.isTraining(), "predict switches back to training mode");
    }

    @Test
    void clearErrors() {
        SequenceTagger tagger = new SequenceTagger(7, 3, 4, 1, 3);
        String message = assertThrows(IllegalArgumentException.class,
                () -> tagger.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 4))).getMessage();
        assertTrue(message.contains("[batch, time]"), message);
        assertThrows(IllegalArgumentException.class, () -> new SequenceTagger(7, 3, 4, 1, 1));
    }
}
