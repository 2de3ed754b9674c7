package org.nnlab.optim;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Parameter;

/**
 * The path of two weights {@code (w1, w2)} while an optimizer minimises a loss surface {@code f(w1, w2)}:
 * the points {@code w_0, w_1, ..., w_T}, one per step, starting point included.
 *
 * <p>{@link #run} uses the real optimizer classes of this package. The two weights are one
 * {@link Parameter} {@code w = [w1, w2]} (DOUBLE). Each step does what a training step does, with the
 * backward pass replaced by the gradient formula of the surface:
 * <pre>
 * optimizer.zeroGrad()
 * w.grad = gradient(w1, w2)        (dL/dw1, dL/dw2, written by hand for the surface)
 * optimizer.step()                 (w = w - update(grad), by the optimizer's own rule)
 * </pre>
 * For example, momentum on an elongated valley {@code f = (w1² + 10·w2²) / 2}:
 * <pre>{@code
 * Trajectory path = Trajectory.run(params -> new Sgd(params, 0.05, 0.9),
 *         (w1, w2) -> new double[] {w1, 10 * w2},       // the gradient of f
 *         -4, 1.5, 50);                                 // start at (-4, 1.5), 50 steps
 * path.end();                                           // close to the minimum (0, 0)
 * }</pre>
 * {@code org.nnlab.plot.LossSurface} draws trajectories on top of the surface.
 */
public final class Trajectory {

    /** The gradient of a loss surface: {@code (w1, w2) -> {dL/dw1, dL/dw2}}. */
    @FunctionalInterface
    public interface Gradient {
        double[] at(double w1, double w2);
    }

    private final double[][] points;

    /** A trajectory through the given points ({@code [n][2]}, at least one), for example a path computed by hand. */
    public Trajectory(double[][] points) {
        if (points == null || points.length == 0) {
            throw new IllegalArgumentException("a trajectory needs at least one point (the start)");
        }
        this.points = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != 2) {
                throw new IllegalArgumentException("a trajectory is a path of two weights (w1, w2), but point " + i
                        + " has " + points[i].length + " coordinates");
            }
            this.points[i] = points[i].clone();
        }
    }

    /**
     * Runs {@code steps} steps of the optimizer made by {@code optimizer} (from the list holding the one
     * parameter {@code w = [w1, w2]}, e.g. {@code params -> new Adam(params, 0.1)}) from
     * {@code (w1, w2)}, with gradients from {@code gradient}. Returns the {@code steps + 1} points visited.
     * Throws the optimizer's error if a gradient becomes infinite (a learning rate far too large).
     */
    public static Trajectory run(Function<List<Parameter>, Optimizer> optimizer, Gradient gradient,
            double w1, double w2, int steps) {
        return run(optimizer, gradient, w1, w2, steps, null);
    }

    /**
     * As {@link #run(Function, Gradient, double, double, int)}, with the learning rate of step {@code t}
     * (from 0) set to {@code schedule.lr(t)}: here every step counts as an epoch of the schedule.
     * A null schedule keeps the optimizer's own rate.
     */
    public static Trajectory run(Function<List<Parameter>, Optimizer> optimizer, Gradient gradient,
            double w1, double w2, int steps, LearningRateSchedule schedule) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0 but was " + steps);
        }
        Parameter w = new Parameter("w", Nd4j.createFromArray(w1, w2)); // DOUBLE [2]: [w1, w2]
        Optimizer opt = optimizer.apply(List.of(w));
        double[][] points = new double[steps + 1][];
        points[0] = new double[] {w1, w2};
        for (int t = 1; t <= steps; t++) {
            INDArray value = w.value();
            double[] g = gradient.at(value.getDouble(0), value.getDouble(1));
            if (g == null || g.length != 2) {
                throw new IllegalArgumentException("the gradient must be {dL/dw1, dL/dw2} but was "
                        + Arrays.toString(g));
            }
            if (schedule != null) {
                schedule.apply(opt, t - 1);
            }
            opt.zeroGrad();
            w.grad().putScalar(0, g[0]);   // dL/dw1
            w.grad().putScalar(1, g[1]);   // dL/dw2
            opt.step();                    // the optimizer's own update rule
            points[t] = new double[] {value.getDouble(0), value.getDouble(1)};
        }
        return new Trajectory(points);
    }

    /** The number of points: steps + 1. */
    public int size() {
        return points.length;
    }

    /** The number of optimizer steps: size() - 1. */
    public int steps() {
        return points.length - 1;
    }

    /** Point {@code t} (0 = the start): {@code {w1, w2}}. */
    public double[] point(int t) {
        return points[t].clone();
    }

    /** The starting point {@code {w1, w2}}. */
    public double[] start() {
        return point(0);
    }

    /** The last point {@code {w1, w2}}. */
    public double[] end() {
        return point(points.length - 1);
    }

    /** All w1 values, in order. */
    public double[] w1() {
        return column(0);
    }

    /** All w2 values, in order. */
    public double[] w2() {
        return column(1);
    }

    /** The loss {@code f(w1, w2)} at every point: a loss curve per step, starting point first. */
    public double[] losses(DoubleBinaryOperator f) {
        double[] out = new double[points.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = f.applyAsDouble(points[t][0], points[t][1]);
        }
        return out;
    }

    /** The distance from the last point to {@code (w1, w2)}, e.g. to the minimum. */
    public double distanceTo(double w1, double w2) {
        double[] e = points[points.length - 1];
        return Math.hypot(e[0] - w1, e[1] - w2);
    }

    private double[] column(int c) {
        double[] out = new double[points.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = points[t][c];
        }
        return out;
    }

    /** For example {@code Trajectory(50 steps from (-4.000, 1.500) to (0.001234, -0.0003071))}. */
    @Override
    public String toString() {
        double[] s = points[0];
        double[] e = points[points.length - 1];
        return String.format(java.util.Locale.ROOT, "Trajectory(%d steps from (%.4g, %.4g) to (%.4g, %.4g))",
                steps(), s[0], s[1], e[0], e[1]);
    }
}
