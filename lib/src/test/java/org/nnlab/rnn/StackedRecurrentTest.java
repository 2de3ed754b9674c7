package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.nn.Linear;
import org.nnlab.nn.PerStep;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;

/**
 * Stacking: a second recurrent layer reads the first one's hidden states, and a per-step head turns the top
 * states into tag scores (a two-layer tagger). BPTT runs through both layers; checked against finite
 * differences with padding in the labels.
 */
class StackedRecurrentTest {

    @Test
    void twoLayerTaggerPassesTheGradientCheck() {
        Nnlab.seed(11);
        Sequential tagger = new Sequential(
                new Recurrent(new LstmCell(3, 4, true, DataType.DOUBLE)),
                new Recurrent(new GruCell(4, 5, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE)),
                new PerStep(new Linear(5, 2, DataType.DOUBLE)));
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 4, 3);
        INDArray tags = Nd4j.createFromArray(new double[][] {{0, 1, 1, 0}, {1, 0, SequenceCrossEntropyLoss.IGNORE,
                SequenceCrossEntropyLoss.IGNORE}});
        assertArrayEquals(new long[] {2, 4, 2}, tagger.forward(x).shape());
        GradCheck.Report report = GradCheck.check(tagger, new SequenceCrossEntropyLoss(), x, tags);
        RecurrentGradCheckTest.assertPasses(report); // 1e-6, or FD noise on gradients near 1e-6 (see there)
        assertTrue(tagger.namedParameters().containsKey("1.weight_hh"), tagger.namedParameters().keySet().toString());
    }
}
