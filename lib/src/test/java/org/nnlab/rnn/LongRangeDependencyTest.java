package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.Nnlab;
import org.nnlab.data.Dataset;
import org.nnlab.data.FirstTokenTask;
import org.nnlab.eval.Metrics;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.train.Trainer;

/**
 * The long-range dependency of the lectures, as accuracy: the label of a sequence depends only on its FIRST
 * token ({@link FirstTokenTask}), so the network must carry that token through every later step. At a
 * length where the plain tanh RNN stays near chance, the LSTM and the GRU learn it.
 */
class LongRangeDependencyTest {

    static final int LENGTH = Integer.getInteger("nnlab.longrange.length", 20);
    static final int VOCAB = 9;     // ids 1..8, two classes: odd or even first token
    static final int CLASSES = 2;

    /** A trained model and its recurrent layer. */
    record Trained(Sequential model, Recurrent layer, double heldOutAccuracy, int epochs) {
    }

    /** Embedding -> recurrent layer -> its last hidden state -> Linear, trained with Adam; held-out accuracy. */
    static Trained train(RecurrentCell cell, int epochs, long seed) {
        Dataset train = FirstTokenTask.generate(1024, LENGTH, VOCAB, CLASSES, seed);
        Dataset validation = FirstTokenTask.generate(256, LENGTH, VOCAB, CLASSES, seed + 2000);
        Dataset test = FirstTokenTask.generate(512, LENGTH, VOCAB, CLASSES, seed + 1000);
        Recurrent layer = new Recurrent(cell);
        Sequential model = new Sequential(new Embedding(VOCAB, 8), new LastHidden(layer),
                new Linear(cell.hiddenSize(), CLASSES));
        org.nnlab.train.History history = new Trainer(model, new CrossEntropyLoss(), new Adam(model, 0.01))
                .epochs(epochs).batchSize(64).seed(seed).clipGradNorm(5).validation(validation)
                // stop once the validation set is solved (saves time; the plain RNN never gets there)
                .callback((epoch, h) -> {
                    if (h.last().validationMetric() >= 0.99) {
                        h.stop("solved");
                    }
                })
                .fit(train);
        model.eval();
        INDArray scores = model.forward(test.x());
        return new Trained(model, layer, Metrics.accuracy(scores.argMax(1).toIntVector(), test.labels()), history.size());
    }

    /**
     * Held-out accuracy of the three cells after the same training (chance: 0.5). The LSTM starts with the
     * usual forget-gate bias of 1 ({@link LstmCell#initForgetGateBias}); with PyTorch's default (f ≈ 0.5 at
     * the start) whether and when it breaks through at this length depends on the seed, and even on
     * rounding (two builds that differ in the order of float additions ended at 1.00 and 0.67 after the same
     * number of epochs).
     */
    @Test
    void lstmAndGruLearnWhatThePlainRnnCannot() {
        Nnlab.seed(41);
        int epochs = Integer.getInteger("nnlab.longrange.epochs", 80);
        long t0 = System.nanoTime();
        Trained rnn = train(new RnnCell(8, 16), epochs, 1);
        long t1 = System.nanoTime();
        Trained lstm = train(new LstmCell(8, 16).initForgetGateBias(1), epochs, 1);
        long t2 = System.nanoTime();
        Trained gru = train(new GruCell(8, 16), epochs, 1);
        long t3 = System.nanoTime();
        System.out.printf("first-token task, length %d, at most %d epochs: RNN %.3f (%d epochs, %.1f s), "
                + "LSTM %.3f (%d epochs, %.1f s), GRU %.3f (%d epochs, %.1f s)%n", LENGTH, epochs,
                rnn.heldOutAccuracy(), rnn.epochs(), (t1 - t0) / 1e9, lstm.heldOutAccuracy(), lstm.epochs(), (t2 - t1) / 1e9,
                gru.heldOutAccuracy(), gru.epochs(), (t3 - t2) / 1e9);
        assertTrue(rnn.heldOutAccuracy() < 0.6, "the plain RNN should stay near chance (0.5) but got " + rnn.heldOutAccuracy());
        assertTrue(lstm.heldOutAccuracy() > 0.95, "the LSTM should solve the task but got " + lstm.heldOutAccuracy());
        assertTrue(gru.heldOutAccuracy() > 0.95, "the GRU should solve the task but got " + gru.heldOutAccuracy());

    }
}
