package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.data.Dataset;
import org.nnlab.data.Synthetic;

class PerceptronTest {

    @Test
    void updatesOnlyWhenWrongByTheTextbookRule() {
        Perceptron p = new Perceptron(2, 0.5);
        // w = 0, b = 0: score 0 counts as wrong, so (1, 2) with y = +1 gives w = 0.5 (1, 2), b = 0.5
        int[] mistakes = p.fit(new double[][] {{1, 2}, {-1, -1}}, new int[] {1, -1}, 10);
        assertArrayEquals(new double[] {0.5, 1}, p.weights(), 0);
        assertEquals(0.5, p.bias());
        // then (-1, -1) has score -1: right, no update; the second epoch has no mistake
        assertArrayEquals(new int[] {1, 0}, mistakes);
        assertEquals(1, p.predict(new double[] {1, 2}));
        assertEquals(-1, p.predict(new double[] {-1, -1}));
    }

    @Test
    void convergesOnLinearlySeparableData() {
        Dataset data = Synthetic.linear(200, 0.1, 3);
        Perceptron p = new Perceptron(2);
        int[] mistakes = p.fit(data, 1000);
        assertEquals(0, mistakes[mistakes.length - 1], "the last epoch has no mistake");
        assertTrue(mistakes.length < 1000, "stops as soon as it converged");
        assertTrue(mistakes[0] > 0);
        int[] predictions = p.predict(data.features());
        for (int i = 0; i < data.size(); i++) {
            assertEquals(data.label(i) == 1 ? 1 : -1, predictions[i], "example " + i);
        }
    }

    @Test
    void neverReachesZeroMistakesOnXor() {
        Dataset xor = Synthetic.xorTable();
        Perceptron p = new Perceptron(2);
        int[] mistakes = p.fit(xor, 500);
        assertEquals(500, mistakes.length, "it never stops early");
        for (int epoch = 0; epoch < mistakes.length; epoch++) {
            assertTrue(mistakes[epoch] > 0, "epoch " + epoch);
        }
        int correct = 0;
        int[] predictions = p.predict(xor.features());
        for (int i = 0; i < 4; i++) {
            correct += predictions[i] == (xor.label(i) == 1 ? 1 : -1) ? 1 : 0;
        }
        assertTrue(correct < 4, "no line gets all four XOR points right");
    }

    @Test
    void acceptsPlusMinusOneLabelsAndNd4jArrays() {
        double[][] x = {{2, 1}, {1, 3}, {-1, -2}, {-3, 0.5}};
        Perceptron a = new Perceptron(2);
        Perceptron b = new Perceptron(2);
        int[] fromPlusMinus = a.fit(x, new int[] {1, 1, -1, -1}, 50);
        int[] fromNd4j = b.fit(Nd4j.createFromArray(x), Nd4j.createFromArray(new float[][] {{1}, {1}, {0}, {0}}), 50);
        assertArrayEquals(fromPlusMinus, fromNd4j, "0/1 labels mean the same as -1/+1");
        assertArrayEquals(a.weights(), b.weights(), 0);
        assertEquals(0, fromPlusMinus[fromPlusMinus.length - 1]);
    }

    @Test
    void errorsSpeakTheLecturesLanguageAndLeaveThePerceptronUnchanged() {
        Perceptron p = new Perceptron(2);
        double[][] x = {{1, 2}, {3, 4}};
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> p.fit(x, new int[] {1, 2}, 5));
        assertEquals("Perceptron expects labels +1/-1 or 0/1 but got 2 at example 1", label.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.fit(x, new int[] {-1, 0}, 5));
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> p.fit(new double[][] {{1, 2}, {3}}, new int[] {1, 0}, 5));
        assertEquals("Perceptron(2 features, lr=1.0) expects 2 features but example 1 has 1", width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.fit(new double[0][], new int[0], 5));
        assertThrows(IllegalArgumentException.class, () -> p.fit(x, new int[] {1}, 5));
        assertThrows(IllegalArgumentException.class, () -> p.fit(x, new int[] {1, 0}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Perceptron(2, 0));
        assertArrayEquals(new double[] {0, 0}, p.weights(), 0);
        assertEquals(0.0, p.bias());
    }
}
