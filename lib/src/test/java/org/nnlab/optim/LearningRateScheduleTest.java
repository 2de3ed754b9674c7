package org.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Parameter;

class LearningRateScheduleTest {

    @Test
    void stepDecayHalvesEveryStepSizeEpochs() {
        LearningRateSchedule s = LearningRateSchedule.step(0.1, 2, 0.5);
        double[] expected = {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], s.lr(epoch), 1e-15, "epoch " + epoch);
        }
    }

    @Test
    void exponentialDecayMultipliesByGammaEachEpoch() {
        LearningRateSchedule s = LearningRateSchedule.exponential(1.0, 0.5);
        assertEquals(1.0, s.lr(0), 1e-15);
        assertEquals(0.5, s.lr(1), 1e-15);
        assertEquals(0.125, s.lr(3), 1e-15);
    }

    @Test
    void cosineGoesFromInitialToMinimumAndStaysThere() {
        LearningRateSchedule s = LearningRateSchedule.cosine(0.1, 0.02, 10);
        assertEquals(0.1, s.lr(0), 1e-15);
        assertEquals(0.06, s.lr(5), 1e-15);                                   // halfway: the mean
        assertEquals(0.02 + 0.08 * (1 + Math.cos(Math.PI * 0.2)) / 2, s.lr(2), 1e-15);
        assertEquals(0.02, s.lr(10), 1e-15);
        assertEquals(0.02, s.lr(25), 1e-15);
        for (int epoch = 1; epoch <= 10; epoch++) {
            assertTrue(s.lr(epoch) < s.lr(epoch - 1), "not decreasing at epoch " + epoch);
        }
    }

    @Test
    void applySetsTheOptimizersLearningRate() {
        Optimizer opt = new Sgd(List.of(new Parameter("w", Nd4j.createFromArray(0.0))), 1.0);
        LearningRateSchedule s = LearningRateSchedule.exponential(0.1, 0.9);
        assertEquals(0.081, s.apply(opt, 2), 1e-15);
        assertEquals(0.081, opt.learningRate(), 1e-15);
        LearningRateSchedule lambda = epoch -> 1.0 / (1 + epoch);           // any lambda is a schedule
        lambda.apply(opt, 3);
        assertEquals(0.25, opt.learningRate(), 1e-15);
        assertEquals(0.3, LearningRateSchedule.constant(0.3).lr(99));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(-0.1, 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 10));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.0, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LearningRateSchedule.exponential(0.1, 0.9).lr(-1));
        assertTrue(e.getMessage().contains("epoch must be >= 0 but was -1"), e.getMessage());
        Optimizer opt = new Sgd(List.of(new Parameter("w", Nd4j.createFromArray(0.0))), 1.0);
        LearningRateSchedule negative = epoch -> -1.0;
        assertThrows(IllegalArgumentException.class, () -> negative.apply(opt, 0));
    }
}
