package org.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.nnlab.nn.Parameter;

class TrajectoryTest {

    /** f = (w1 - 1)² + 3 (w2 + 2)²: convex, minimum at (1, -2), three times steeper along w2. */
    static double f(double w1, double w2) {
        return (w1 - 1) * (w1 - 1) + 3 * (w2 + 2) * (w2 + 2);
    }

    static final Trajectory.Gradient GRADIENT = (w1, w2) -> new double[] {2 * (w1 - 1), 6 * (w2 + 2)};

    static Map<String, Function<List<Parameter>, Optimizer>> optimizers() {
        Map<String, Function<List<Parameter>, Optimizer>> m = new LinkedHashMap<>();
        m.put("SGD", p -> new Sgd(p, 0.05));
        m.put("momentum", p -> new Sgd(p, 0.05, 0.9));
        m.put("Nesterov", p -> new Sgd(p, 0.05, 0.9, true));
        m.put("AdaGrad", p -> new AdaGrad(p, 1.0));
        m.put("RMSProp", p -> new RmsProp(p, 0.01));
        m.put("AdaDelta", p -> new AdaDelta(p, 10.0, 0.9, 1e-6));
        m.put("Adam", p -> new Adam(p, 0.05));
        return m;
    }

    @Test
    void everyOptimizerEndsNearTheMinimumOfAConvexQuadratic() {
        for (Map.Entry<String, Function<List<Parameter>, Optimizer>> e : optimizers().entrySet()) {
            Trajectory path = Trajectory.run(e.getValue(), GRADIENT, -3, 2, 1000);
            assertEquals(1001, path.size(), e.getKey());
            assertEquals(1000, path.steps(), e.getKey());
            assertArrayEquals(new double[] {-3, 2}, path.start(), e.getKey());
            double distance = path.distanceTo(1, -2);
            assertTrue(distance < 0.05, e.getKey() + " ended at distance " + distance + ": " + path);
            double[] losses = path.losses(TrajectoryTest::f);
            assertEquals(1001, losses.length);
            assertTrue(losses[1000] < 1e-2 * losses[0], e.getKey() + " loss " + losses[1000]);
        }
    }

    @Test
    void plainSgdStepsAreGradientDescentByHand() {
        double lr = 0.1;
        Trajectory path = Trajectory.run(p -> new Sgd(p, lr), GRADIENT, -3, 2, 3);
        double w1 = -3;
        double w2 = 2;
        for (int t = 1; t <= 3; t++) {
            double[] g = GRADIENT.at(w1, w2);
            w1 -= lr * g[0];
            w2 -= lr * g[1];
            assertArrayEquals(new double[] {w1, w2}, path.point(t), 1e-12, "step " + t);
        }
        assertArrayEquals(path.end(), path.point(3));
        assertArrayEquals(new double[] {-3, path.point(1)[0], path.point(2)[0], path.point(3)[0]}, path.w1());
        assertEquals(4, path.w2().length);
        assertTrue(path.toString().startsWith("Trajectory(3 steps from (-3.000, 2.000) to"), path.toString());
    }

    @Test
    void aScheduleSetsTheRateOfEveryStep() {
        // lr(t) = 0.1 * 0.5^t: each step by hand with the rate of its own step number
        Trajectory path = Trajectory.run(p -> new Sgd(p, 99), GRADIENT, -3, 2, 4,
                LearningRateSchedule.exponential(0.1, 0.5));
        double w1 = -3;
        double w2 = 2;
        for (int t = 0; t < 4; t++) {
            double lr = 0.1 * Math.pow(0.5, t);
            double[] g = GRADIENT.at(w1, w2);
            w1 -= lr * g[0];
            w2 -= lr * g[1];
            assertArrayEquals(new double[] {w1, w2}, path.point(t + 1), 1e-12, "step " + t);
        }
    }

    @Test
    void zeroStepsIsJustTheStart() {
        Trajectory path = Trajectory.run(p -> new Adam(p, 0.1), GRADIENT, 0.5, 0.25, 0);
        assertEquals(1, path.size());
        assertArrayEquals(new double[] {0.5, 0.25}, path.end());
    }

    @Test
    void aHandMadePathIsCopied() {
        double[][] points = {{0, 0}, {1, 1}};
        Trajectory path = new Trajectory(points);
        points[1][0] = 7;
        assertArrayEquals(new double[] {1, 1}, path.end());
        path.end()[0] = 9;
        assertArrayEquals(new double[] {1, 1}, path.end());
    }

    @Test
    void clearErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Trajectory(new double[0][]));
        assertThrows(IllegalArgumentException.class, () -> new Trajectory(new double[][] {{1, 2, 3}}));
        assertThrows(IllegalArgumentException.class, () -> Trajectory.run(p -> new Sgd(p, 0.1), GRADIENT, 0, 0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> Trajectory.run(p -> new Sgd(p, 0.1), (w1, w2) -> new double[] {1}, 0, 0, 1));
        // a learning rate far too large: the weights run away until the gradient is infinite
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Trajectory.run(p -> new Sgd(p, 10), GRADIENT, -3, 2, 2000));
        assertTrue(e.getMessage().contains("smaller learning rate"), e.getMessage());
    }
}
