package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.eval.Metrics;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.train.History;
import org.nnlab.train.Trainer;
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
    void paddedPositionsGetNoGradient() {
        Nnlab.seed(6);
        SequenceTagger tagger = new SequenceTagger(7, 3, 4, 1, 3);
        tagger.to(DataType.DOUBLE);
        INDArray ids = ids().castTo(DataType.DOUBLE);
        INDArray scores = tagger.forward(ids);
        INDArray padding = ids.eq(0).castTo(DataType.DOUBLE).reshape(3, 4, 1).broadcast(3, 4, 3);
        // the loss gives the padded positions (label -1) no gradient
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        loss.forward(scores, Nd4j.createFromArray(new double[][] {{0, 2, -1, -1}, {1, 1, 0, 2}, {2, -1, -1, -1}}));
        assertEquals(0.0, loss.backward().mul(padding).norm2Number().doubleValue(), 0.0);
        // and even a gradient at the padded positions reaches neither the LSTM nor the embedding nor the
        // output weight: the LSTM outputs 0 there (only the output bias, added at every step, would see it)
        tagger.zeroGrad();
        tagger.backward(Nd4j.rand(DataType.DOUBLE, scores.shape()).mul(padding));
        tagger.namedParameters().forEach((name, p) -> {
            if (!name.equals("output.bias")) {
                assertEquals(0.0, p.grad().norm2Number().doubleValue(), 0.0, "gradient from padding reached " + name);
            }
        });
        // a gradient at the real positions moves the parameters, but never the padding row of the embedding
        tagger.forward(ids);
        tagger.zeroGrad();
        tagger.backward(Nd4j.rand(DataType.DOUBLE, scores.shape()).mul(padding.rsub(1.0)));
        assertTrue(tagger.output().parameters().get(0).grad().norm2Number().doubleValue() > 0);
        assertEquals(0.0, tagger.embedding().weight().grad().getRow(0).norm2Number().doubleValue(), 0.0);
    }

    /**
     * The plain {@link Trainer} trains the tagger on a padded index matrix: a task that needs the right
     * context (the tag of a word says whether the next word is small, large, or absent).
     */
    @Test
    void theTrainerTrainsItOnPaddedSentencesAndItUsesTheRightContext() {
        Nnlab.seed(7);
        Random random = new Random(7);
        int n = 96;
        int time = 6;
        float[][] x = new float[n][time];
        float[][] y = new float[n][time];
        List<int[]> words = new ArrayList<>();
        List<int[]> gold = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int length = 2 + random.nextInt(time - 1);
            int[] w = random.ints(length, 1, 7).toArray();
            int[] t = new int[length];
            for (int i = 0; i < time; i++) {
                x[s][i] = i < length ? w[i] : SequenceTagger.PAD;
                t[Math.min(i, length - 1)] = i + 1 < length ? (w[i + 1] <= 3 ? 0 : 1) : 2;
                y[s][i] = i < length ? t[i] : SequenceCrossEntropyLoss.IGNORE;
            }
            words.add(w);
            gold.add(t);
        }
        SequenceTagger tagger = new SequenceTagger(7, 8, 8, 1, 3);
        History history = new Trainer(tagger, new SequenceCrossEntropyLoss(), new Adam(tagger, 0.05))
                .epochs(12).batchSize(16).seed(7)
                .fit(Nd4j.createFromArray(x), Nd4j.createFromArray(y));
        double accuracy = Metrics.tokenAccuracy(tagger.predict(words), gold.toArray(int[][]::new));
        System.out.printf("Trainer on padded sentences: loss %.4f -> %.4f, accuracy %.4f%n", history.epochs().get(0).trainLoss(), history.last().trainLoss(), accuracy);
        assertTrue(history.last().trainLoss() < 0.2 * history.epochs().get(0).trainLoss(), history.toString());
        assertTrue(accuracy > 0.95, "accuracy on the training sentences " + accuracy);
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
        message = assertThrows(IllegalArgumentException.class,
                () -> tagger.forward(Nd4j.createFromArray(new float[][] {{3, 7}}))).getMessage();
        assertTrue(message.contains("outside the vocabulary"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> tagger.forward(Nd4j.createFromArray(new float[][] {{3, 2.5f}}))).getMessage();
        assertTrue(message.contains("whole-number"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> tagger.forward(Nd4j.createFromArray(new boolean[][] {{true, false}}))).getMessage();
        assertTrue(message.contains("BOOL"), message);
        // labels: one per word and step, in 0..tags-1, -1 at padding
        SequenceCrossEntropyLoss loss = new SequenceCrossEntropyLoss();
        INDArray scores = tagger.forward(ids());
        message = assertThrows(IllegalArgumentException.class,
                () -> loss.forward(scores, Nd4j.zeros(DataType.FLOAT, 3, 3))).getMessage();
        assertTrue(message.contains("[batch, time]"), message);
        INDArray outOfRange = Nd4j.createFromArray(new float[][] {{0, 3, -1, -1}, {1, 1, 0, 2}, {2, -1, -1, -1}});
        message = assertThrows(IllegalArgumentException.class, () -> loss.forward(scores, outOfRange)).getMessage();
        assertTrue(message.contains("outside the class range"), message);
    }
}
