package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.data.Dataset;
import org.nnlab.data.FirstTokenTask;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Adam;

/** The {@link Recurrent} layer: masking, truncated BPTT, the records, errors, and a small training run. */
class RecurrentTest {

    private static final double EPS = 1e-12;

    /** A layer whose cell has the same weights as {@code from}'s (fresh gradients). */
    private static Recurrent copyOf(Recurrent from) {
        RecurrentCell c = from.cell();
        RecurrentCell copy;
        if (c instanceof LstmCell) {
            copy = new LstmCell(c.weightIh().value().dup(), c.weightHh().value().dup(),
                    c.biasIh().value().dup(), c.biasHh().value().dup());
        } else if (c instanceof GruCell g) {
            copy = new GruCell(c.weightIh().value().dup(), c.weightHh().value().dup(),
                    c.biasIh().value().dup(), c.biasHh().value().dup(), g.formulation());
        } else {
            copy = new RnnCell(c.weightIh().value().dup(), c.weightHh().value().dup(),
                    c.biasIh().value().dup(), c.biasHh().value().dup(), ((RnnCell) c).nonlinearity());
        }
        return new Recurrent(copy);
    }

    private static INDArray firstSteps(INDArray a, int steps) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps), NDArrayIndex.all()).dup();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < EPS, what + ": differs by " + diff);
    }

    @Test
    void paddedSequenceGivesTheSameOutputsAndGradientsAsTheShorterOne() {
        Nnlab.seed(21);
        for (Supplier<RecurrentCell> cell : RecurrentGradCheckTest.cells()) {
            // one sequence of length 2, padded to 4 with junk inputs
            INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 4, RecurrentGradCheckTest.FEATURES);
            INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 0, 0}});
            INDArray grad = Nd4j.rand(DataType.DOUBLE, 1, 4, RecurrentGradCheckTest.HIDDEN);
            Recurrent padded = new Recurrent(cell.get());
            Recurrent shorter = copyOf(padded);

            INDArray outPadded = padded.forward(x, mask);
            INDArray outShort = shorter.forward(firstSteps(x, 2), null);
            assertClose(outShort, firstSteps(outPadded, 2), padded + " outputs");
            assertEquals(0.0, outPadded.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4), NDArrayIndex.all())
                    .amaxNumber().doubleValue(), padded + ": the output at padding is 0");
            assertClose(shorter.lastHidden(), padded.lastHidden(), padded + " last hidden state");

            INDArray dxPadded = padded.backward(grad);
            INDArray dxShort = shorter.backward(firstSteps(grad, 2));
            assertClose(dxShort, firstSteps(dxPadded, 2), padded + " dL/dx");
            assertEquals(0.0, dxPadded.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4), NDArrayIndex.all())
                    .amaxNumber().doubleValue(), padded + ": padding gets no gradient");
            for (int i = 0; i < padded.parameters().size(); i++) {
                Parameter p = padded.parameters().get(i);
                assertClose(shorter.parameters().get(i).grad(), p.grad(), padded + " dL/d" + p.name());
            }
        }
    }

    @Test
    void truncationWithKAtLeastTIsFullBptt() {
        Nnlab.seed(22);
        for (Supplier<RecurrentCell> cell : RecurrentGradCheckTest.cells()) {
            Recurrent full = new Recurrent(cell.get());
            Recurrent truncated = copyOf(full).truncate(4);
            INDArray x = RecurrentGradCheckTest.input();
            INDArray grad = Nd4j.rand(DataType.DOUBLE, RecurrentGradCheckTest.BATCH, 4, RecurrentGradCheckTest.HIDDEN);
            full.forward(x);
            truncated.forward(x);
            assertClose(full.backward(grad), truncated.backward(grad), full + " dL/dx with k = T");
            assertClose(full.cell().weightHh().grad(), truncated.cell().weightHh().grad(), full + " dL/dW_hh with k = T");
        }
    }

    /**
     * k = 2 with T = 4: chunks (1, 2) and (3, 4). A loss on the outputs of chunk 2 only gives chunk 1's
     * inputs no gradient (the cut) and chunk 2's inputs the same gradient as full BPTT; with the loss on
     * every output, dL/dx of chunk 1 differs from full BPTT. By hand: with the cut, chunk 1's parameter
     * gradient equals that of the layer run on chunk 1 alone, and chunk 2's that of the layer run on chunk 2
     * starting from chunk 1's last state held constant.
     */
    @Test
    void truncationCutsTheGradientAtChunkBoundaries() {
        Nnlab.seed(23);
        for (Supplier<RecurrentCell> cell : RecurrentGradCheckTest.cells()) {
            Recurrent full = new Recurrent(cell.get());
            Recurrent truncated = copyOf(full).truncate(2);
            INDArray x = RecurrentGradCheckTest.input();
            INDArray gradLate = Nd4j.rand(DataType.DOUBLE, RecurrentGradCheckTest.BATCH, 4, RecurrentGradCheckTest.HIDDEN);
            gradLate.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).assign(0);
            full.forward(x);
            truncated.forward(x);
            INDArray dxFull = full.backward(gradLate);
            INDArray dxTruncated = truncated.backward(gradLate);
            assertEquals(0.0, firstSteps(dxTruncated, 2).amaxNumber().doubleValue(), full + ": nothing crosses the cut");
            assertTrue(firstSteps(dxFull, 2).amaxNumber().doubleValue() > 1e-6, full + ": full BPTT reaches chunk 1");
            assertClose(dxFull.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4), NDArrayIndex.all()),
                    dxTruncated.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 4), NDArrayIndex.all()),
                    full + " dL/dx in the last chunk");

            // by hand: the cells unrolled step by step, the carried gradient zeroed at the cut
            RecurrentCell byHand = copyOf(full).cell();
            truncated.zeroGrad();
            INDArray grad = Nd4j.rand(DataType.DOUBLE, RecurrentGradCheckTest.BATCH, 4, RecurrentGradCheckTest.HIDDEN);
            truncated.forward(x);
            INDArray dx = truncated.backward(grad);
            List<Step> steps = new ArrayList<>();
            State state = byHand.initialState(RecurrentGradCheckTest.BATCH);
            for (int t = 0; t < 4; t++) {
                Step s = byHand.step(x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup(), state);
                steps.add(s);
                state = s.state();
            }
            INDArray dh = Nd4j.zeros(DataType.DOUBLE, RecurrentGradCheckTest.BATCH, RecurrentGradCheckTest.HIDDEN);
            INDArray dc = null;
            for (int t = 3; t >= 0; t--) {
                if (t == 1) { // entering chunk 1 from chunk 2: the cut
                    dh = Nd4j.zeros(DataType.DOUBLE, RecurrentGradCheckTest.BATCH, RecurrentGradCheckTest.HIDDEN);
                    dc = null;
                }
                dh = dh.add(grad.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()));
                StepGradients g = byHand.backwardStep(steps.get(t), dh, dc);
                assertClose(g.input(), dx.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()),
                        full + " dL/dx_" + (t + 1) + " by hand");
                dh = g.h();
                dc = g.c();
            }
            for (int i = 0; i < byHand.parameters().size(); i++) {
                assertClose(byHand.parameters().get(i).grad(), truncated.parameters().get(i).grad(),
                        full + " truncated dL/d" + byHand.parameters().get(i).name() + " by hand");
            }
            // and it is not full BPTT
            full.zeroGrad();
            full.forward(x);
            INDArray dxAll = full.backward(grad);
            assertTrue(firstSteps(dxAll, 2).sub(firstSteps(dx, 2)).amaxNumber().doubleValue() > 1e-6,
                    full + ": truncation changes dL/dx of chunk 1");
        }
    }

    @Test
    void recordsGradNormsStatesAndGates() {
        Nnlab.seed(24);
        Recurrent lstm = new Recurrent(new LstmCell(2, 3, true, DataType.DOUBLE));
        INDArray x = RecurrentGradCheckTest.input();
        INDArray out = lstm.forward(x);
        assertArrayEquals(new long[] {3, 4, 3}, out.shape());
        assertThrows(IllegalStateException.class, lstm::gradNorms);
        lstm.backwardLast(Nd4j.ones(DataType.DOUBLE, 3, 3));
        double[] norms = lstm.gradNorms();
        assertEquals(4, norms.length);
        assertEquals(Math.sqrt(9), norms[3], 1e-12); // ||dL/dh_T|| = ||ones(3, 3)||
        assertEquals(4, lstm.steps().size());
        assertClose(out.get(NDArrayIndex.all(), NDArrayIndex.point(3), NDArrayIndex.all()), lstm.hidden(3), "h_4");
        assertClose(lstm.hidden(3), lstm.lastHidden(), "last hidden state");
        assertEquals(List.of("i", "f", "g", "o"), List.copyOf(lstm.gates(0).keySet()));
        assertArrayEquals(new long[] {3, 3}, lstm.gates(2).get("f").shape());
        Recurrent gru = new Recurrent(new GruCell(2, 3, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE));
        gru.forward(x);
        assertEquals(List.of("r", "z", "n"), List.copyOf(gru.gates(1).keySet()));
        Recurrent rnn = new Recurrent(new RnnCell(2, 3, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE));
        rnn.forward(x);
        assertTrue(rnn.gates(0).isEmpty());
    }

    @Test
    void clearErrors() {
        Recurrent layer = new Recurrent(new RnnCell(2, 3, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE));
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> layer.backward(Nd4j.zeros(DataType.DOUBLE, 1, 2, 3)));
        assertTrue(early.getMessage().contains("backward called before forward"), early.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5)));
        assertTrue(rank.getMessage().contains("[batch, time, features]"), rank.getMessage());
        IllegalArgumentException features = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 4)));
        assertTrue(features.getMessage().contains("expects 2 features"), features.getMessage());
        IllegalArgumentException maskShape = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 2), Nd4j.ones(DataType.DOUBLE, 2, 4)));
        assertTrue(maskShape.getMessage().contains("mask [batch, time] = [2, 5]"), maskShape.getMessage());
        IllegalArgumentException maskValues = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 2), Nd4j.ones(DataType.DOUBLE, 2, 5).muli(0.5)));
        assertTrue(maskValues.getMessage().contains("only 1"), maskValues.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> layer.forward(Nd4j.zeros(DataType.FLOAT, 2, 5, 2)));
        assertTrue(type.getMessage().contains("DOUBLE parameters"), type.getMessage());
        layer.forward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 2));
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class,
                () -> layer.backward(Nd4j.zeros(DataType.DOUBLE, 2, 5, 2)));
        assertTrue(grad.getMessage().contains("[2, 5, 3]"), grad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> layer.truncate(0));
        assertFalse(layer.toString().isEmpty());
    }

    /**
     * Embedding -> Recurrent(GRU) -> last hidden state -> Linear, cross-entropy, Adam: the first-token task
     * with 4 classes and length 5 (chance: 25 %) is learned well above chance within a few epochs.
     */
    @Test
    void learnsTheFirstTokenTask() {
        Nnlab.seed(25);
        int classes = 4;
        Dataset data = FirstTokenTask.generate(256, 5, 9, classes, 7);
        Embedding embedding = new Embedding(9, 8);
        Recurrent gru = new Recurrent(new GruCell(8, 16));
        Linear head = new Linear(16, classes);
        List<Parameter> parameters = new ArrayList<>(embedding.parameters());
        parameters.addAll(gru.parameters());
        parameters.addAll(head.parameters());
        Adam adam = new Adam(parameters, 0.02);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        INDArray x = data.x();
        int[] y = data.labels();
        for (int epoch = 0; epoch < 60; epoch++) {
            adam.zeroGrad();
            gru.forward(embedding.forward(x));                  // all hidden states; we use the last one only
            INDArray logits = head.forward(gru.lastHidden());
            loss.forward(logits, y);
            INDArray dLast = head.backward(loss.backward());
            embedding.backward(gru.backwardLast(dLast));
            adam.step();
        }
        gru.forward(embedding.forward(x));
        INDArray logits = head.forward(gru.lastHidden());
        INDArray predicted = logits.argMax(1);
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += predicted.getInt(i) == y[i] ? 1 : 0;
        }
        double accuracy = correct / (double) y.length;
        assertTrue(accuracy > 0.6, "training accuracy " + accuracy + " (chance 0.25)");
    }

    /**
     * The same task as a Sequential, Embedding -> LastHidden(Recurrent(LSTM)) -> Linear, with every
     * sequence padded by two extra steps of token 0 under a mask: the padding must not disturb learning.
     */
    @Test
    void learnsTheFirstTokenTaskInASequentialWithPadding() {
        Nnlab.seed(26);
        int classes = 4;
        Dataset data = FirstTokenTask.generate(256, 4, 9, classes, 8);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 256, 6);
        x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).assign(data.x());
        INDArray mask = Nd4j.zeros(DataType.FLOAT, 256, 6);
        mask.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).assign(1);
        LastHidden last = new LastHidden(new Recurrent(new LstmCell(8, 16)));
        last.layer().useMask(mask);
        Sequential model = new Sequential(new Embedding(9, 8), last, new Linear(16, classes));
        Adam adam = new Adam(model, 0.02);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        int[] y = data.labels();
        for (int epoch = 0; epoch < 60; epoch++) {
            adam.zeroGrad();
            loss.forward(model.forward(x), y);
            model.backward(loss.backward());
            adam.step();
        }
        INDArray predicted = model.forward(x).argMax(1);
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += predicted.getInt(i) == y[i] ? 1 : 0;
        }
        double accuracy = correct / (double) y.length;
        assertTrue(accuracy > 0.6, "training accuracy " + accuracy + " (chance 0.25)");
    }
}
