package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.Nnlab;
import org.nnlab.data.Dataset;
import org.nnlab.data.Synthetic;
import org.nnlab.nn.loss.BCELoss;
import org.nnlab.nn.loss.BCEWithLogitsLoss;
import org.nnlab.optim.Sgd;
import org.nnlab.train.History;
import org.nnlab.train.Trainer;

/**
 * Logistic regression is a network of one neuron: p = σ(x · w + b), trained on the binary cross-entropy.
 * The lecture's gradient of the mean loss, written with ND4J by hand, must equal what backward computes:
 * <pre>
 *   dL/dw = Xᵀ (σ(X w + b) - y) / n        dL/db = Σ (σ(X w + b) - y) / n
 * </pre>
 */
class LogisticRegressionTest {

    private static final double EXACT = 1e-12;

    /** Five examples with three features, labels 0/1, in DOUBLE. */
    private static final double[][] X = {{0.5, -1.2, 2.0}, {-0.3, 0.8, 0.1}, {1.5, 0.2, -0.7}, {-2.0, -0.4, 0.9},
        {0.0, 1.1, -1.3}};
    private static final double[] Y = {1, 0, 1, 0, 1};

    private static Linear neuron() {
        INDArray w = Nd4j.createFromArray(new double[][] {{0.4, -0.7, 0.25}});
        INDArray b = Nd4j.createFromArray(-0.1);
        return new Linear(w, b);
    }

    private static INDArray x() {
        return Nd4j.createFromArray(X);
    }

    private static INDArray y() {
        return Nd4j.createFromArray(Y).reshape(Y.length, 1);
    }

    /** The lecture's gradient by hand: (σ(X w + b) - y) as a column, then Xᵀ times it over n, and its mean. */
    private static INDArray[] handGradient(Linear neuron) {
        INDArray w = neuron.weight().value();               // [1, d]
        double b = neuron.bias().value().getDouble(0);
        INDArray z = x().mmul(w.transpose()).addi(b);       // [n, 1]
        INDArray error = Transforms.sigmoid(z, true).subi(y()); // σ(z) - y
        int n = X.length;
        INDArray dw = error.transpose().mmul(x()).divi(n);  // [1, d] = (σ(z) - y)ᵀ X / n
        INDArray db = Nd4j.createFromArray(error.sumNumber().doubleValue() / n);
        return new INDArray[] {dw, db};
    }

    @Test
    void backwardThroughSigmoidAndBceIsTheLecturesGradient() {
        Linear linear = neuron();
        Sequential model = new Sequential(linear, new Sigmoid());
        BCELoss loss = new BCELoss();
        double value = loss.forward(model.forward(x()), y());
        model.zeroGrad();
        model.backward(loss.backward());

        INDArray[] expected = handGradient(linear);
        assertEquals(DataType.DOUBLE, linear.weight().grad().dataType());
        assertArrayEquals(expected[0].toDoubleVector(), linear.weight().grad().toDoubleVector(), EXACT);
        assertArrayEquals(expected[1].toDoubleVector(), linear.bias().grad().toDoubleVector(), EXACT);

        // the loss itself: -mean(y log p + (1 - y) log(1 - p))
        double[] p = model.forward(x()).toDoubleVector();
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += Y[i] * Math.log(p[i]) + (1 - Y[i]) * Math.log(1 - p[i]);
        }
        assertEquals(-sum / p.length, value, EXACT);
    }

    @Test
    void backwardThroughBceWithLogitsIsTheSameGradient() {
        Linear linear = neuron();
        BCEWithLogitsLoss loss = new BCEWithLogitsLoss();
        loss.forward(linear.forward(x()), y());
        linear.zeroGrad();
        linear.backward(loss.backward());

        INDArray[] expected = handGradient(linear);
        assertArrayEquals(expected[0].toDoubleVector(), linear.weight().grad().toDoubleVector(), EXACT);
        assertArrayEquals(expected[1].toDoubleVector(), linear.bias().grad().toDoubleVector(), EXACT);
    }

    @Test
    void theGradientAgreesWithFiniteDifferencesOfTheLoss() {
        Linear linear = neuron();
        Sequential model = new Sequential(linear, new Sigmoid());
        INDArray[] expected = handGradient(linear);
        double h = 1e-6;
        INDArray w = linear.weight().value();
        for (int j = 0; j < X[0].length; j++) {
            double old = w.getDouble(0, j);
            w.putScalar(0, j, old + h);
            double up = new BCELoss().forward(model.forward(x()), y());
            w.putScalar(0, j, old - h);
            double down = new BCELoss().forward(model.forward(x()), y());
            w.putScalar(0, j, old);
            assertEquals(expected[0].getDouble(0, j), (up - down) / (2 * h), 1e-8, "dL/dw" + j);
        }
    }

    @Test
    void gradientDescentSeparatesLinearlySeparableData() {
        Nnlab.seed(3);
        Dataset data = Synthetic.linear(200, 0.1, 5);
        Sequential model = new Sequential(new Linear(2, 1), new Sigmoid());
        History history = new Trainer(model, new BCELoss(), new Sgd(model, 1.0))
                .epochs(60).batchSize(20).seed(1).fit(data);
        assertTrue(history.last().trainLoss() < history.get(0).trainLoss() / 2,
                "the loss falls: " + history.get(0).trainLoss() + " -> " + history.last().trainLoss());
        model.eval();
        double[] p = model.forward(data.x()).toDoubleVector();
        int correct = 0;
        for (int i = 0; i < p.length; i++) {
            correct += (p[i] > 0.5 ? 1 : 0) == data.label(i) ? 1 : 0;
        }
        assertEquals(data.size(), correct, "every example on its side of the line x1 + x2 = 0");
        // the learnt line points along (1, 1): both weights positive and about equal
        double[] w = ((Linear) model.get(0)).weight().value().toDoubleVector();
        assertTrue(w[0] > 0 && w[1] > 0 && Math.abs(w[0] - w[1]) < 0.5 * Math.max(w[0], w[1]),
                "w = " + java.util.Arrays.toString(w));
    }
}
