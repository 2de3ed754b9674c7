package org.nnlab.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LossTest {

    private static INDArray column(double... values) {
        return Nd4j.createFromArray(values).reshape(values.length, 1);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void mseIsTheMeanSquaredDifference() {
        MSELoss mse = new MSELoss();
        assertEquals((1 + 4 + 0.25) / 3, mse.forward(column(1, 2, 3.5), column(0, 4, 3)), 1e-12);
        // dL/dp = 2 (p - y) / N
        assertArrayEquals(new double[] {2.0 / 3, -4.0 / 3, 1.0 / 3}, mse.backward().toDoubleVector(), 1e-12);
    }

    @Test
    void bceOnProbabilitiesMatchesItsFormula() {
        BCELoss bce = new BCELoss();
        double loss = bce.forward(column(0.9, 0.2), column(1, 0));
        assertEquals(-(Math.log(0.9) + Math.log(0.8)) / 2, loss, 1e-12);
        // dL/dp = (p - y) / (p (1 - p)) / N
        assertArrayEquals(new double[] {-0.1 / 0.09 / 2, 0.2 / 0.16 / 2}, bce.backward().toDoubleVector(), 1e-12);
        assertEquals(100, new BCELoss().forward(column(0.0), column(1)), 1e-9, "log clamped at -100 as in PyTorch");
    }

    @Test
    void bceWithLogitsEqualsBceOfSigmoidAndStaysFiniteForLargeScores() {
        BCEWithLogitsLoss logits = new BCEWithLogitsLoss();
        INDArray z = column(2, -1, 0.5);
        INDArray y = column(1, 0, 0);
        double expected = -(Math.log(sigmoid(2)) + Math.log(1 - sigmoid(-1)) + Math.log(1 - sigmoid(0.5))) / 3;
        assertEquals(expected, logits.forward(z, y), 1e-12);
        assertArrayEquals(new double[] {(sigmoid(2) - 1) / 3, sigmoid(-1) / 3, sigmoid(0.5) / 3},
                logits.backward().toDoubleVector(), 1e-12);
        assertEquals(1000, new BCEWithLogitsLoss().forward(column(-1000), column(1)), 1e-9);
        assertEquals(0, new BCEWithLogitsLoss().forward(column(1000), column(1)), 1e-12);
    }

    @Test
    void crossEntropyIsLogSumExpMinusTheCorrectScore() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        INDArray z = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 0}});
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertEquals(((lse - 1) + Math.log(3)) / 2, ce.forward(z, new int[] {0, 2}), 1e-12);
        double[] grad = ce.backward().ravel().toDoubleVector();
        assertEquals((Math.exp(1) / Math.exp(lse) - 1) / 2, grad[0], 1e-12);
        assertEquals((1.0 / 3 - 1) / 2, grad[5], 1e-12);
        assertEquals(1.0 / 6, grad[4], 1e-12);
        assertEquals(1, ce.probabilities().getRow(0).sumNumber().doubleValue(), 1e-12);
    }

    @Test
    void crossEntropySurvivesHugeScoresAndTakesLabelArrays() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        INDArray z = Nd4j.createFromArray(new float[][] {{1000, 0}, {-1000, 1000}});
        double loss = ce.forward(z, Nd4j.createFromArray(1.0, 0.0));
        assertEquals((1000 + 2000) / 2.0, loss, 1e-3);
        assertTrue(Double.isFinite(ce.backward().sumNumber().doubleValue()));
        assertEquals(DataType.FLOAT, ce.backward().dataType());
    }

    @Test
    void crossEntropyInJavaForFloatEqualsTheNd4jPath() {
        // FLOAT on the CPU goes row by row in Java; DOUBLE through ND4J's operations: the same numbers
        org.nnlab.Nnlab.seed(4);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 6, 5).muli(30);    // scores up to about ±100: e^100 overflows a float
        z.putScalar(2, 3, -200);                                     // a correct class far below the maximum
        int[] labels = {0, 4, 3, 1, 2, 3};
        CrossEntropyLoss inJava = new CrossEntropyLoss();
        CrossEntropyLoss nd4j = new CrossEntropyLoss();
        double a = inJava.forward(z.castTo(DataType.FLOAT), labels);
        double b = nd4j.forward(z, labels);
        assertTrue(Double.isFinite(a), "loss " + a);
        assertEquals(b, a, 1e-4 * Math.abs(b));
        INDArray ga = inJava.backward();
        INDArray gb = nd4j.backward();
        assertEquals(DataType.FLOAT, ga.dataType());
        assertTrue(ga.castTo(DataType.DOUBLE).sub(gb).amaxNumber().doubleValue() < 1e-6);
        assertTrue(inJava.probabilities().castTo(DataType.DOUBLE).sub(nd4j.probabilities()).amaxNumber().doubleValue() < 1e-6);
    }

    @Test
    void clearErrors() {
        CrossEntropyLoss ce = new CrossEntropyLoss();
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 4);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> ce.forward(z, new int[] {1, 4}));
        assertEquals("CrossEntropyLoss: label 4 at row 1 is outside the class range 0..3 (4 classes)", range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ce.forward(z, new int[] {-1, 0}));
        assertThrows(IllegalArgumentException.class, () -> ce.forward(z, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> ce.forward(z, Nd4j.createFromArray(0.5, 1.0)));
        IllegalStateException early = assertThrows(IllegalStateException.class, ce::backward);
        assertEquals("CrossEntropyLoss: backward called before forward", early.getMessage());

        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().forward(column(1, 2, 3, 4), Nd4j.createFromArray(1.0, 2, 3, 4)));
        assertEquals("MSELoss expects a target of the prediction's shape [4, 1] but got [4]", shape.getMessage());
        IllegalArgumentException notProbabilities = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().forward(column(0.5, 1.7), column(1, 0)));
        assertTrue(notProbabilities.getMessage().contains("use BCEWithLogitsLoss"), notProbabilities.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BCEWithLogitsLoss().forward(column(0.5), column(2)));
    }
}
