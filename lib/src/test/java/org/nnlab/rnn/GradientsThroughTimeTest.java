package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.data.Dataset;
import org.nnlab.data.FirstTokenTask;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Sgd;
import org.nnlab.train.History;
import org.nnlab.train.Trainer;
import org.nnlab.train.TrainingDivergedException;

/**
 * Vanishing and exploding gradients through time, as numbers, on the first-token task at length 50: after
 * one backward pass from a loss on the LAST hidden state, {@link Recurrent#gradNorms()} holds ||dL/dh_t||
 * for every step t. Going back one step multiplies the gradient by the Jacobian dh_t/dh_{t-1}
 * (diag(1 - h_t²) · W_hh for the tanh RNN), so over 49 steps it shrinks or grows geometrically.
 */
class GradientsThroughTimeTest {

    static final int LENGTH = 50;

    /** ||dL/dh_1|| / ||dL/dh_T|| for a model Embedding -> LastHidden(layer) -> Linear on length-50 sequences. */
    static double firstOverLast(Sequential model, Recurrent layer, long seed) {
        Dataset data = FirstTokenTask.generate(64, LENGTH, LongRangeDependencyTest.VOCAB, LongRangeDependencyTest.CLASSES, seed);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        model.zeroGrad();
        loss.forward(model.forward(data.x()), data.labels());
        model.backward(loss.backward());
        double[] norms = layer.gradNorms();
        return norms[0] / norms[LENGTH - 1];
    }

    /**
     * Vanishing: with PyTorch's initialisation the gradient fades over 49 steps in the tanh RNN (each step
     * back multiplies by diag(1 - h²) · W_hh, of norm well below 1) AND in the LSTM (its forget gate starts
     * near σ(0) = 0.5, and 0.5^49 ≈ 2e-15). The LSTM's cell state is the remedy only when f_t is near 1:
     * with a forget-gate bias of 3 (f ≈ σ(3) = 0.95, 0.95^49 ≈ 0.08) the gradient at step 1 is within a
     * few orders of magnitude of the last step's, while the RNN's is more than ten orders below. (Training
     * gets there too: an LSTM that solves the task has learned f near 1 for the units that hold the token.)
     */
    @Test
    void theRnnGradientVanishesOverFiftyStepsTheLstmCellStateCarriesIt() {
        Nnlab.seed(51);
        RecurrentCell[] cells = {new RnnCell(8, 16), new LstmCell(8, 16), new LstmCell(8, 16).initForgetGateBias(3)};
        String[] names = {"tanh RNN", "LSTM (PyTorch's init)", "LSTM (forget-gate bias 3)"};
        double[] ratios = new double[cells.length];
        for (int k = 0; k < cells.length; k++) {
            Recurrent layer = new Recurrent(cells[k]);
            Sequential model = new Sequential(new Embedding(LongRangeDependencyTest.VOCAB, 8), new LastHidden(layer),
                    new Linear(16, LongRangeDependencyTest.CLASSES));
            ratios[k] = firstOverLast(model, layer, 3);
            System.out.printf("%s: ||dL/dh_1|| / ||dL/dh_50|| = %.2e%n", names[k], ratios[k]);
        }
        assertTrue(ratios[0] < 1e-8, "the tanh RNN's gradient should vanish by step 1 but the ratio is " + ratios[0]);
        assertTrue(ratios[1] < 1e-6, "with f ≈ 0.5 the LSTM's gradient vanishes too, but the ratio is " + ratios[1]);
        assertTrue(ratios[2] > 1e-3, "with f ≈ 0.95 the LSTM's gradient should reach step 1 but the ratio is " + ratios[2]);
    }

    /** A linear RNN whose recurrent matrix is {@code scale} times a random orthogonal matrix (all |eigenvalues| = scale). */
    static Recurrent linearRnn(double scale) {
        RnnCell cell = new RnnCell(8, 16, RnnCell.Nonlinearity.NONE, true, DataType.FLOAT);
        INDArray q = orthogonal(16);
        cell.weightHh().value().assign(q.muli(scale));
        return new Recurrent(cell);
    }

    /** Q of the QR decomposition of a random Gaussian matrix, by Gram-Schmidt. */
    static INDArray orthogonal(int n) {
        double[][] a = Nd4j.randn(DataType.DOUBLE, n, n).toDoubleMatrix();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += a[i][k] * a[j][k];
                }
                for (int k = 0; k < n; k++) {
                    a[i][k] -= dot * a[j][k];
                }
            }
            double norm = 0;
            for (int k = 0; k < n; k++) {
                norm += a[i][k] * a[i][k];
            }
            for (int k = 0; k < n; k++) {
                a[i][k] /= Math.sqrt(norm);
            }
        }
        return Nd4j.createFromArray(a).castTo(DataType.FLOAT);
    }

    /**
     * Exploding: with recurrent weights 1.3 · Q (Q orthogonal) every step back multiplies the gradient's norm
     * by 1.3 in a linear RNN, so over 49 steps by about 1.3^49 ≈ 4e5. Plain SGD then takes a step so large
     * that the loss becomes infinite or NaN; clipping the gradient's global norm to 1 keeps training finite.
     */
    @Test
    void largeRecurrentWeightsExplodeAndClippingKeepsTrainingFinite() {
        Nnlab.seed(52);
        Recurrent layer = linearRnn(1.3);
        Sequential model = new Sequential(new Embedding(LongRangeDependencyTest.VOCAB, 8), new LastHidden(layer),
                new Linear(16, LongRangeDependencyTest.CLASSES));
        double ratio = firstOverLast(model, layer, 7);
        System.out.printf("linear RNN, W_hh = 1.3 Q: ||dL/dh_1|| / ||dL/dh_50|| = %.2e (1.3^49 = %.2e)%n",
                ratio, Math.pow(1.3, 49));
        assertTrue(ratio > 1e4, "the gradient should explode towards step 1 but the ratio is " + ratio);

        Dataset train = FirstTokenTask.generate(256, LENGTH, LongRangeDependencyTest.VOCAB, LongRangeDependencyTest.CLASSES, 8);
        Nnlab.seed(53);
        Sequential unclipped = new Sequential(new Embedding(LongRangeDependencyTest.VOCAB, 8),
                new LastHidden(linearRnn(1.3)), new Linear(16, LongRangeDependencyTest.CLASSES));
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(unclipped, new CrossEntropyLoss(), new Sgd(unclipped, 0.1))
                        .epochs(5).batchSize(32).seed(1).fit(train));
        System.out.println("without clipping: " + diverged.getMessage().lines().findFirst().orElse(""));

        Nnlab.seed(53);
        Sequential clipped = new Sequential(new Embedding(LongRangeDependencyTest.VOCAB, 8),
                new LastHidden(linearRnn(1.3)), new Linear(16, LongRangeDependencyTest.CLASSES));
        History history = new Trainer(clipped, new CrossEntropyLoss(), new Sgd(clipped, 0.1))
                .epochs(5).batchSize(32).seed(1).clipGradNorm(1).fit(train);
        for (double loss : history.trainLoss()) {
            assertTrue(Double.isFinite(loss), "with clipping every epoch's loss should be finite: " + loss);
        }
        System.out.printf("with clipping to norm 1: training loss per epoch %s%n",
                java.util.Arrays.toString(history.trainLoss()));
    }
}
