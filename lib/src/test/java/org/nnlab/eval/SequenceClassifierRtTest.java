package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.data.PaddedBatch;
import org.nnlab.data.Vocab;
import org.nnlab.nn.DeepAveragingNetwork;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.testing.RtSplit;
import org.nnlab.train.Trainer;
import org.nnlab.rnn.GruCell;
import org.nnlab.rnn.SequenceClassifier;

/**
 * A GRU text classifier ({@link SequenceClassifier}, mean over the valid steps) beside the deep averaging
 * network on the RT polarity split of {@link DeepAveragingNetworkRtTest} (seed 42, 90/10), texts cut at
 * 30 tokens to keep the unrolled network short.
 */
class SequenceClassifierRtTest {

    @Test
    void aGruClassifierReachesAtLeast70Percent() {
        RtSplit rt = RtSplit.load();
        Vocab vocab = Vocab.build(rt.trainTokens(), 2);
        INDArray xTrain = PaddedBatch.of(vocab.encodeAll(rt.trainTokens()), 30).idsArray().castTo(DataType.FLOAT);
        INDArray xTest = PaddedBatch.of(vocab.encodeAll(rt.testTokens()), 30).idsArray().castTo(DataType.FLOAT);
        INDArray yTrain = Nd4j.createFromArray(rt.trainLabels()).castTo(DataType.FLOAT);

        long start = System.nanoTime();
        Nnlab.seed(1);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(vocab.size(), 64, 64, 2).wordDropout(0.3);
        new Trainer(dan, new CrossEntropyLoss(), new Adam(dan, 0.002)).epochs(5).batchSize(50).seed(1)
                .fit(xTrain, yTrain);
        double danAccuracy = ConfusionMatrix.of(dan.predict(xTest), rt.testLabels(), TribuoBaselineTest.NAMES).accuracy();
        double danSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        Nnlab.seed(1);
        SequenceClassifier gru = new SequenceClassifier(vocab.size(), new GruCell(64, 64),
                SequenceClassifier.Pooling.MEAN, 2);
        new Trainer(gru, new CrossEntropyLoss(), new Adam(gru, 0.003)).epochs(3).batchSize(50).seed(1)
                .fit(xTrain, yTrain);
        ConfusionMatrix m = ConfusionMatrix.of(gru.predict(xTest), rt.testLabels(), TribuoBaselineTest.NAMES);
        double gruSeconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("RT polarity, 90/10 split (seed 42), texts cut at 30 tokens, vocab %d:%n", vocab.size());
        System.out.printf("  DAN  accuracy %.4f  (%.1f s)%n", danAccuracy, danSeconds);
        System.out.printf("  %s  accuracy %.4f  (%.1f s)%n", gru, m.accuracy(), gruSeconds);
        assertEquals(1067, m.total());
        assertTrue(m.accuracy() >= 0.70, "GRU accuracy " + m.accuracy() + " (DAN " + danAccuracy + ")\n" + m);
    }
}
