package org.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Parameter;

/** AdamW's decoupled weight decay against Adam with L2 (the numbers against PyTorch: TorchOptimFixturesTest). */
class AdamWTest {

    private static Parameter weights() {
        return new Parameter("w", Nd4j.createFromArray(4.0, -0.01, 0.5));
    }

    @Test
    void withAZeroGradientEveryWeightShrinksByTheSameFraction() {
        Parameter w = weights();
        AdamW opt = new AdamW(List.of(w), 0.1, 0.9, 0.999, 1e-8, 0.5);
        for (int step = 0; step < 3; step++) {
            opt.zeroGrad();
            opt.step();
        }
        double shrink = Math.pow(1 - 0.1 * 0.5, 3); // (1 - lr * lambda)^steps; Adam's own step is 0
        assertArrayEquals(new double[] {4.0 * shrink, -0.01 * shrink, 0.5 * shrink}, w.value().toDoubleVector(), 1e-12);
        assertEquals(0, w.grad().sumNumber().doubleValue(), "the gradient itself is left alone");
    }

    @Test
    void adamWithL2DecaysThroughTheGradientInstead() {
        // the L2 term lambda * w goes through Adam's division by sqrt(vHat): every weight moves by about lr,
        // the tiny one as much as the large one (and the tiny one overshoots past 0)
        Parameter w = weights();
        Optimizer opt = new Adam(List.of(w), 0.1).weightDecay(0.5);
        opt.zeroGrad();
        opt.step();
        assertArrayEquals(new double[] {3.9, 0.09, 0.4}, w.value().toDoubleVector(), 1e-6);
    }

    @Test
    void withoutDecayItIsAdam() {
        Parameter a = weights();
        Parameter b = weights();
        Optimizer adam = new Adam(List.of(a), 0.01);
        Optimizer adamW = new AdamW(List.of(b), 0.01).weightDecay(0);
        double[][] grads = {{1, -2, 0.5}, {0.3, 0.1, -1}, {-0.2, 2, 0}};
        for (double[] g : grads) {
            for (Parameter p : List.of(a, b)) {
                p.zeroGrad();
                p.grad().addi(Nd4j.createFromArray(g));
            }
            adam.step();
            adamW.step();
        }
        assertArrayEquals(a.value().toDoubleVector(), b.value().toDoubleVector(), 0);
        assertEquals(AdamW.DEFAULT_WEIGHT_DECAY, new AdamW(List.of(weights()), 0.01).weightDecay());
        assertEquals("AdamW(lr=0.01, weightDecay=0.01)", new AdamW(List.of(weights()), 0.01).toString());
    }
}
