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

/**
 * The deep averaging network with random word vectors ("DAN-RAND", published 77.3 % on RT) against the
 * Tribuo bag-of-words baseline, on the split of {@link TribuoBaselineTest}: RT polarity shuffled with seed 42,
 * the first 90 % for training, the last 10 % (1,067 texts) held out.
 */
class DeepAveragingNetworkRtTest {

    @Test
    void reachesAtLeast75PercentOnTheHeldOutTenPercent() {
        long start = System.nanoTime();
        RtSplit rt = RtSplit.load(); // seed 42, 90/10
        List<List<String>> trainTokens = rt.trainTokens();
        List<List<String>> testTokens = rt.testTokens();
        int[] trainLabels = rt.trainLabels();
        int[] testLabels = rt.testLabels();

        // the baseline: logistic regression on bags of words (Tribuo)
        ConfusionMatrix baseline = TribuoBaseline.train(trainTokens, trainLabels, TribuoBaselineTest.NAMES)
                .evaluate(testTokens, testLabels);
        double baselineSeconds = (System.nanoTime() - start) / 1e9;

        // the DAN: words seen at least twice in training, texts cut at 50 tokens, padded with 0
        Vocab vocab = Vocab.build(trainTokens, 2);
        INDArray xTrain = PaddedBatch.of(vocab.encodeAll(trainTokens), 50).idsArray().castTo(DataType.FLOAT);
        INDArray xTest = PaddedBatch.of(vocab.encodeAll(testTokens), 50).idsArray().castTo(DataType.FLOAT);
        INDArray yTrain = Nd4j.createFromArray(trainLabels).castTo(DataType.FLOAT);
        Nnlab.seed(1);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(vocab.size(), 100, 100, 2).wordDropout(0.3);
        new Trainer(dan, new CrossEntropyLoss(), new Adam(dan, 0.002)).epochs(5).batchSize(50).seed(1)
                .fit(xTrain, yTrain);
        ConfusionMatrix m = ConfusionMatrix.of(dan.predict(xTest), testLabels, TribuoBaselineTest.NAMES);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("RT polarity, 90/10 split (seed 42), %d test texts:%n", m.total());
        System.out.printf("  Tribuo bag-of-words baseline  accuracy %.4f  (%.1f s)%n", baseline.accuracy(), baselineSeconds);
        System.out.printf("  DAN-RAND (%s, vocab %d)  accuracy %.4f  (%.1f s in all)%n", dan, vocab.size(),
                m.accuracy(), seconds);
        assertEquals(1067, m.total());
        assertTrue(m.accuracy() >= 0.75, "DAN accuracy " + m.accuracy() + " (baseline " + baseline.accuracy() + ")\n" + m);
    }
}
