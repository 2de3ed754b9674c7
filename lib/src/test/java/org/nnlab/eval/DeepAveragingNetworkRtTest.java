package org.nnlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.data.Folds;
import org.nnlab.data.PaddedBatch;
import org.nnlab.data.Vocab;
import org.nnlab.nn.DeepAveragingNetwork;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.AdaGrad;
import org.nnlab.testing.RtTexts;
import org.nnlab.train.Trainer;

/**
 * The deep averaging network with random word vectors ("DAN-RAND", Iyyer et al. 2015 report 77.3 % on RT)
 * against the Tribuo bag-of-words baseline, by seeded, stratified 10-fold cross-validation on all 10,662 RT
 * texts: every text is tested once, by models that never saw it. Prints both models' mean ± SD, the
 * per-fold figures and the paired comparison.
 *
 * <p>The DAN's settings ({@link #DAN_SETTINGS}) were chosen by the mean accuracy on dev slices carved from
 * the training folds (10 % of the training part of folds 0-4, {@link DeepAveragingNetworkRtDevSearch}), never
 * by a held-out fold; bench/README.md lists what was tried. Here each round trains on its whole training
 * part for the chosen number of epochs.
 */
class DeepAveragingNetworkRtTest {

    static final List<String> NAMES = List.of("neg", "pos");
    static final int FOLDS = 10;
    static final long FOLD_SEED = 42;

    // the settings, see the class comment
    static final int DIM = 100;
    static final int[] HIDDEN = {100};
    static final double DROPOUT = 0.5;          // on the hidden layer's output
    static final double WORD_DROPOUT = 0.3;
    static final double LEARNING_RATE = 0.01;
    static final double ADAGRAD_EPS = 1e-3;     // as the paper's code; 1e-10 lets every rare word jump a full step
    static final double INIT_SCALE = 0.05;
    static final int MIN_COUNT = 1;
    static final int EPOCHS = 4;
    static final int BATCH = 15;
    static final int MAX_LENGTH = 50;
    static final String DAN_SETTINGS = "100-d word vectors (normal, sd 0.05), every training word, one ReLU layer"
            + " of 100 with dropout 0.5, word dropout 0.3, AdaGrad 0.01 (eps 1e-3), batch 15, 4 epochs,"
            + " texts cut at 50 tokens";

    @Test
    void tenFoldCrossValidationAgainstTheBagOfWordsBaseline() {
        // 85 s on a busy machine (load 7-8 on 2 cores; DAN 72 s, Tribuo 12 s), 75 s there with the old settings
        long start = System.nanoTime();
        RtTexts rt = RtTexts.load();
        Folds folds = Folds.stratified(rt.labels(), FOLDS, FOLD_SEED);
        double[] dan = new double[FOLDS];
        double[] tribuo = new double[FOLDS];
        int[] timesTested = new int[rt.labels().length];
        double danSeconds = 0;
        double tribuoSeconds = 0;
        System.out.printf(Locale.ROOT, "RT polarity, %s (seed %d)%n  fold   test   DAN    Tribuo   DAN s  Tribuo s%n",
                folds, FOLD_SEED);
        for (int f = 0; f < FOLDS; f++) {
            int[] train = folds.train(f);
            int[] test = folds.test(f);
            for (int i : test) {
                timesTested[i]++;
            }
            List<List<String>> trainTokens = Folds.pick(rt.tokens(), train);
            List<List<String>> testTokens = Folds.pick(rt.tokens(), test);
            int[] trainLabels = Folds.pick(rt.labels(), train);
            int[] testLabels = Folds.pick(rt.labels(), test);

            long t0 = System.nanoTime();
            tribuo[f] = TribuoBaseline.train(trainTokens, trainLabels, NAMES).evaluate(testTokens, testLabels).accuracy();
            long t1 = System.nanoTime();
            dan[f] = trainDan(trainTokens, trainLabels, f + 1).accuracy(testTokens, testLabels);
            long t2 = System.nanoTime();
            tribuoSeconds += (t1 - t0) / 1e9;
            danSeconds += (t2 - t1) / 1e9;
            System.out.printf(Locale.ROOT, "  %4d  %5d  %.4f  %.4f  %6.1f  %6.1f%n", f, test.length, dan[f], tribuo[f],
                    (t2 - t1) / 1e9, (t1 - t0) / 1e9);
        }
        FoldScores danScores = new FoldScores("DAN-RAND", dan);
        FoldScores tribuoScores = new FoldScores("Tribuo BoW", tribuo);
        PairedComparison paired = new PairedComparison(danScores, tribuoScores);
        System.out.printf(Locale.ROOT, "  %s%n  %s%n  %s%n  DAN: %s%n  seconds: DAN %.1f, Tribuo %.1f, all %.1f%n",
                danScores, tribuoScores, paired, DAN_SETTINGS, danSeconds, tribuoSeconds, (System.nanoTime() - start) / 1e9);

        for (int i = 0; i < timesTested.length; i++) {
            assertEquals(1, timesTested[i], "text " + i + " tested " + timesTested[i] + " times");
        }
        // measured 77.4 % ± 1.8 with these settings (the paper's 77.3 %; bench/README.md); 76.8 % before the
        // AdaGrad eps, batch and dropout of the dev search
        assertTrue(danScores.mean() >= 0.765, "DAN-RAND mean " + danScores);
        // measured 77.9 % ± 1.3
        assertTrue(tribuoScores.mean() > 0.765 && tribuoScores.mean() < 0.79, "the baseline out of its band: " + tribuoScores);
        assertEquals(danScores.mean() - tribuoScores.mean(), paired.meanDifference(), 1e-12);
        assertTrue(danScores.sd() < 0.03 && tribuoScores.sd() < 0.03, "folds this different mean a broken split: "
                + danScores + ", " + tribuoScores);
    }

    /** A trained DAN with its vocabulary. */
    record TrainedDan(DeepAveragingNetwork dan, Vocab vocab) {
        double accuracy(List<List<String>> tokens, int[] labels) {
            INDArray x = PaddedBatch.of(vocab.encodeAll(tokens), MAX_LENGTH).idsArray().castTo(DataType.FLOAT);
            return ConfusionMatrix.of(dan.predict(x), labels, NAMES).accuracy();
        }
    }

    static TrainedDan trainDan(List<List<String>> tokens, int[] labels, long seed) {
        Vocab vocab = Vocab.build(tokens, MIN_COUNT);
        INDArray x = PaddedBatch.of(vocab.encodeAll(tokens), MAX_LENGTH).idsArray().castTo(DataType.FLOAT);
        INDArray y = Nd4j.createFromArray(labels).castTo(DataType.FLOAT);
        Nnlab.seed(seed);
        DeepAveragingNetwork dan = new DeepAveragingNetwork(vocab.size(), DIM, HIDDEN, 2, DROPOUT, DataType.FLOAT)
                .wordDropout(WORD_DROPOUT).scaleEmbedding(INIT_SCALE);
        AdaGrad adaGrad = new AdaGrad(dan.parameters(), LEARNING_RATE, ADAGRAD_EPS);
        new Trainer(dan, new CrossEntropyLoss(), adaGrad).epochs(EPOCHS).batchSize(BATCH)
                .seed(seed).fit(x, y);
        return new TrainedDan(dan, vocab);
    }
}
