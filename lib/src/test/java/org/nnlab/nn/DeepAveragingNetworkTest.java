package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.nnlab.data.PaddedBatch;
import org.nnlab.nn.loss.CrossEntropyLoss;

class DeepAveragingNetworkTest {

    /** Three padded texts: lengths 2, 4 and 1 (index 0 is padding). */
    static INDArray ids() {
        return Nd4j.createFromArray(new int[][] {{3, 5, 0, 0}, {1, 2, 6, 2}, {4, 0, 0, 0}});
    }

    @Test
    void passesAGradientCheckWithTwoHiddenLayers() {
        Nnlab.seed(3);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, new int[] {8, 6}, 2, DataType.DOUBLE);
        Module model = new OnFixedIds(dan, ids());
        INDArray labels = Nd4j.createFromArray(1.0, 0.0, 1.0);
        GradCheck.Report report = GradCheck.check(model, new CrossEntropyLoss(), Nd4j.zeros(DataType.DOUBLE, 3, 1), labels);
        assertTrue(report.passed(1e-6), report.toString());
        assertEquals(List.of("embedding.weight", "classifier.0.weight", "classifier.0.bias", "classifier.2.weight",
                "classifier.2.bias", "classifier.4.weight", "classifier.4.bias", "input"),
                report.entries().stream().map(GradCheck.Entry::name).toList());
        // the padding row gets no gradient; every word used gets one (no text ends in dead ReLUs only)
        INDArray grad = dan.embedding().weight().grad();
        assertEquals(0.0, grad.getRow(0).amaxNumber().doubleValue());
        for (int word = 1; word < 7; word++) {
            assertTrue(grad.getRow(word).amaxNumber().doubleValue() > 0, "word " + word + ": " + grad);
        }
    }

    @Test
    void averagesOnlyTheRealWordsSoPaddingChangesNothing() {
        Nnlab.seed(4);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, new int[] {5}, 2, DataType.DOUBLE);
        dan.eval();
        INDArray short1 = dan.forward(Nd4j.createFromArray(new int[][] {{3, 5}}));
        INDArray padded = dan.forward(Nd4j.createFromArray(new int[][] {{3, 5, 0, 0, 0}}));
        assertEquals(short1, padded);
        // the mask is the one PaddedBatch makes
        PaddedBatch batch = PaddedBatch.of(List.of(new int[] {3, 5}, new int[] {1, 2, 6, 2}, new int[] {4}));
        dan.forward(batch.idsArray());
        assertEquals(batch.maskArray().castTo(DataType.DOUBLE), dan.lastMask());
        // float indices (rows of a padded FLOAT matrix, as the Trainer hands them over) work the same way
        assertEquals(dan.forward(ids()), dan.forward(ids().castTo(DataType.FLOAT)));
    }

    @Test
    void wordDropoutLeavesOutWordsOnlyInTraining() {
        Nnlab.seed(5);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, 5, 2).wordDropout(0.5);
        INDArray x = Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 6, 1, 2}, {3, 0, 0, 0, 0, 0, 0, 0}});
        INDArray full = x.neq(0).castTo(DataType.FLOAT);
        double kept = 0;
        for (int i = 0; i < 50; i++) {
            dan.forward(x);
            INDArray m = dan.lastMask();
            assertEquals(0.0, m.mul(full.rsub(1)).sumNumber().doubleValue(), "padding is never used");
            assertTrue(m.getRow(0).sumNumber().doubleValue() >= 1, "a text keeps at least one word");
            assertEquals(1.0, m.getDouble(1, 0), "a one-word text never loses its word");
            kept += m.getRow(0).sumNumber().doubleValue();
        }
        assertEquals(4.0, kept / 50, 1.0, "about half of the 8 words are kept");
        dan.eval();
        dan.forward(x);
        assertEquals(full, dan.lastMask());
    }

    @Test
    void predictsTheHighestScoreAndKeepsTheMode() {
        Nnlab.seed(6);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, 5, 3).wordDropout(0.3);
        int[] predicted = dan.predict(ids().castTo(DataType.FLOAT));
        assertTrue(dan.isTraining(), "predict switches back to training mode");
        dan.eval();
        assertArrayEquals(dan.forward(ids()).argMax(1).toIntVector(), predicted);
    }

    /** Trains a FLOAT DAN for a few AdaGrad steps with word dropout; returns its parameters and last scores. */
    static List<INDArray> trainFewSteps(boolean fastPath, boolean rowSparse) {
        Nnlab.seed(11);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(40, 6, new int[] {5, 4}, 2, DataType.FLOAT)
                .wordDropout(0.3).fastPath(fastPath);
        dan.embedding().weight().rowSparseGradient(rowSparse);
        org.nnlab.optim.AdaGrad adaGrad = new org.nnlab.optim.AdaGrad(dan, 0.1);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        INDArray scores = null;
        java.util.List<INDArray> out = new java.util.ArrayList<>();
        for (int step = 0; step < 4; step++) {
            // 3 texts, padded, words repeated within and across texts; float ids as the Trainer passes them
            INDArray x = Nd4j.createFromArray(new float[][] {{3 + step, 5, 5, 0, 0}, {1, 2, 6 + step, 2, 30},
                    {39 - step, 0, 0, 0, 0}});
            adaGrad.zeroGrad();
            scores = dan.forward(x);
            loss.forward(scores, Nd4j.createFromArray(1f, 0f, 1f));
            dan.backward(loss.backward());
            if (step == 3) {
                out.add(dan.embedding().weight().grad().dup());
            }
            adaGrad.step();
        }
        out.add(scores);
        for (Parameter p : dan.parameters()) {
            out.add(p.value().dup());
        }
        return out;
    }

    @Test
    void theFastPathComputesWhatTheReadableModulesCompute() {
        List<INDArray> readable = trainFewSteps(false, false); // Embedding + MeanOverTime, dense AdaGrad
        List<INDArray> fast = trainFewSteps(true, true);       // FastAverage, AdaGrad on the rows used
        List<INDArray> mixed = trainFewSteps(false, true);     // readable modules, AdaGrad on the rows used
        assertEquals(readable.size(), fast.size());
        for (int i = 0; i < readable.size(); i++) {
            assertTrue(readable.get(i).equalsWithEps(fast.get(i), 1e-5), "entry " + i + ":\n" + readable.get(i)
                    + "\nfast:\n" + fast.get(i));
            assertTrue(readable.get(i).equalsWithEps(mixed.get(i), 1e-6), "entry " + i);
        }
        // the gradient of the last step: rows of the words used only, the padding row none
        INDArray grad = fast.get(0);
        assertEquals(0.0, grad.getRow(0).amaxNumber().doubleValue());
        assertEquals(0.0, grad.getRow(20).amaxNumber().doubleValue(), "word 20 was not used");
        assertTrue(grad.getRow(36).amaxNumber().doubleValue() > 0, "the one-word text (word 36) is never dropped");
    }

    @Test
    void zeroGradOfARowSparseGradientClearsTheRowsUsed() {
        Nnlab.seed(12);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(100, 3, 4, 2);
        Parameter e = dan.embedding().weight();
        e.zeroGrad();
        dan.forward(Nd4j.createFromArray(new float[][] {{7, 9, 0}}));
        dan.backward(Nd4j.ones(DataType.FLOAT, 1, 2));
        assertArrayEquals(new int[] {7, 9}, e.gradientRows());
        assertTrue(e.grad().getRow(7).amaxNumber().doubleValue() > 0);
        e.zeroGrad();
        assertEquals(0.0, e.grad().amaxNumber().doubleValue());
        assertArrayEquals(new int[0], e.gradientRows());
    }

    @Test
    void dropoutBetweenTheLayersActsInTrainingOnly() {
        Nnlab.seed(5);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, new int[] {50, 50}, 2, 0.5, DataType.DOUBLE);
        assertEquals("DeepAveragingNetwork(Embedding(7, 4, padding=0), mean, Linear(4 -> 50), ReLU, Dropout(p=0.5),"
                + " Linear(50 -> 50), ReLU, Dropout(p=0.5), Linear(50 -> 2))", dan.toString());
        assertEquals(List.of("embedding.weight", "classifier.0.weight", "classifier.0.bias", "classifier.3.weight",
                "classifier.3.bias", "classifier.6.weight", "classifier.6.bias"), List.copyOf(dan.namedParameters().keySet()));
        // evaluation: every unit kept, the same scores each time
        dan.eval();
        INDArray first = dan.forward(ids());
        assertEquals(first, dan.forward(ids()));
        // training: units dropped at random, so two forwards differ
        dan.train();
        assertTrue(!dan.forward(ids()).equals(dan.forward(ids())), "dropout drew the same mask twice");
        assertThrows(IllegalArgumentException.class, () -> new DeepAveragingNetwork(7, 4, new int[] {5}, 2, 1.0, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new DeepAveragingNetwork(7, 4, new int[] {5}, 2, -0.1, DataType.FLOAT));
    }

    @Test
    void errorsSpeakTheLecturesLanguage() {
        DeepAveragingNetwork dan = new DeepAveragingNetwork(7, 4, 5, 2);
        assertEquals("DeepAveragingNetwork(Embedding(7, 4, padding=0), mean, Linear(4 -> 5), ReLU, Linear(5 -> 2))",
                dan.toString());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> dan.forward(Nd4j.createFromArray(1, 2)));
        assertTrue(rank.getMessage().contains("expects padded word indices [batch, time] but got [2]"), rank.getMessage());
        assertThrows(IllegalStateException.class, () -> dan.backward(Nd4j.zeros(DataType.FLOAT, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> dan.wordDropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new DeepAveragingNetwork(7, 4, new int[0], 2, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> new DeepAveragingNetwork(7, 4, 5, 1));
    }
}
