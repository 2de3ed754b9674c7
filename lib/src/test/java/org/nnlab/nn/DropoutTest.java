package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;

class DropoutTest {

    @Test
    void evalModeIsTheIdentityForwardAndBackward() {
        Dropout dropout = new Dropout(0.5);
        dropout.eval();
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray y = dropout.forward(x);
        assertEquals(x, y);
        assertNull(dropout.mask());
        INDArray g = Nd4j.rand(DataType.FLOAT, 4, 6);
        assertEquals(g, dropout.backward(g));
    }

    @Test
    void trainingZeroesAboutPOfTheUnitsAndKeepsTheMean() {
        Nnlab.seed(3);
        double p = 0.3;
        Dropout dropout = new Dropout(p);
        INDArray x = Nd4j.ones(DataType.FLOAT, 200, 100); // 20,000 units
        INDArray y = dropout.forward(x);
        double dropped = y.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(p, dropped, 0.02, "share of dropped units");
        // kept units are scaled by 1/(1-p), so the mean stays about 1
        assertEquals(1.0, y.meanNumber().doubleValue(), 0.03);
        assertEquals(1 / (1 - p), y.maxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, y.minNumber().doubleValue());
    }

    @Test
    void backwardUsesTheSameMaskAsForward() {
        Nnlab.seed(5);
        Dropout dropout = new Dropout(0.5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 8).addi(0.5); // no zeros in x
        INDArray y = dropout.forward(x);
        INDArray g = Nd4j.rand(DataType.DOUBLE, 5, 8).addi(0.5);
        INDArray dx = dropout.backward(g);
        // dL/dx = g ⊙ m / (1-p): zero exactly where y is zero, 2 g where the unit was kept
        assertEquals(y.eq(0), dx.eq(0));
        assertEquals(g.mul(dropout.mask()), dx);
        assertEquals(y.neq(0).castTo(DataType.DOUBLE).muli(2).muli(g), dx);
        // a second forward draws a new mask
        dropout.forward(x);
        assertNotEquals(y, dropout.forward(x));
    }

    @Test
    void sameSeedSameMask() {
        Dropout dropout = new Dropout(0.5);
        INDArray x = Nd4j.ones(DataType.FLOAT, 3, 10);
        Nnlab.seed(11);
        INDArray a = dropout.forward(x);
        Nnlab.seed(11);
        INDArray b = dropout.forward(x);
        assertEquals(a, b);
    }

    @Test
    void gradCheckInEvalModeAndWithAFixedMask() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1.2, 2.0}, {-0.7, 0.3, -1.5}});
        Dropout dropout = new Dropout(0.4);
        dropout.eval();
        GradCheck.Report eval = GradCheck.check(dropout, x);
        assertTrue(eval.passed(), eval.toString());

        dropout.train();
        INDArray keep = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 1, 1}});
        dropout.fixMask(keep);
        GradCheck.Report training = GradCheck.check(dropout, x);
        assertTrue(training.passed(), training.toString());
        INDArray y = dropout.forward(x);
        assertArrayEquals(new double[] {0.5 / 0.6, 0, 2.0 / 0.6, 0, 0.3 / 0.6, -1.5 / 0.6},
                y.ravel().toDoubleVector(), 1e-12);
        dropout.fixMask(null);
    }

    @Test
    void insideSequentialFollowsTrainAndEval() {
        Nnlab.seed(2);
        Sequential model = new Sequential(new Linear(4, 50), new Dropout(0.5));
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4);
        model.eval();
        INDArray a = model.forward(x);
        assertEquals(a, model.forward(x), "eval mode is deterministic");
        model.train();
        assertTrue(model.forward(x).eq(0).any(), "training mode drops units");
    }

    @Test
    void errorsSpeakTheLecturesLanguage() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertTrue(p.getMessage().startsWith("Dropout expects a drop probability p in [0, 1) but got 1.0"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
        Dropout dropout = new Dropout(0.5);
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> dropout.backward(Nd4j.zeros(DataType.FLOAT, 2, 3)));
        assertEquals("Dropout(p=0.5): backward called before forward", early.getMessage());
        dropout.forward(Nd4j.ones(DataType.FLOAT, 2, 3));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> dropout.backward(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertEquals("Dropout(p=0.5): backward expects gradOutput of the output's shape [2, 3] but got [2, 4]",
                shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> dropout.fixMask(Nd4j.createFromArray(new double[] {1, 0.5})));
        dropout.fixMask(Nd4j.createFromArray(new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> dropout.forward(Nd4j.ones(DataType.FLOAT, 2, 3)));
    }
}
