package org.nnlab.data;

import java.util.Random;

/**
 * Synthetic 2-D classification sets, the pictures of the first lectures.
 *
 * <p>Every generator takes the number of points {@code n}, a noise level and a seed; the same seed gives the
 * same points. Classes are balanced: point {@code i} gets class {@code i % k}, so class sizes differ by at
 * most one. Noise is Gaussian with the given standard deviation, added to each coordinate, except for
 * {@link #linear} whose points keep a guaranteed margin.
 */
public final class Synthetic {

    private Synthetic() {
    }

    /**
     * Two classes that the line {@code x1 + x2 = 0} separates: class 1 above it, class 0 below it.
     * Points are uniform in the square {@code [-1, 1]^2}, and none lies closer to the line than
     * {@code margin}, so a perceptron always converges on it.
     *
     * @param margin the empty band on each side of the line, for example 0.1 (0 to 1)
     */
    public static Dataset linear(int n, double margin, long seed) {
        checkSize(n, 2);
        if (margin < 0 || margin >= 1) {
            throw new IllegalArgumentException("margin must be in [0, 1), but got " + margin);
        }
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double side = y[i] == 1 ? 1 : -1;
            double[] p;
            do { // rejection sampling: draw until the point lies on its side, outside the margin
                p = new double[] {uniform(random), uniform(random)};
            } while (side * signedDistance(p) < margin);
            x[i] = p;
        }
        return new Dataset(x, y, 2);
    }

    /** The signed distance of a point to the line {@code x1 + x2 = 0}: positive above it. */
    public static double signedDistance(double[] p) {
        return (p[0] + p[1]) / Math.sqrt(2);
    }

    /**
     * XOR: points around the four corners of the unit square, {@code (a, b)} with {@code a, b} in {0, 1},
     * labelled {@code a XOR b}. With noise 0 the points are exactly the corners. No line separates them.
     */
    public static Dataset xor(int n, double noise, long seed) {
        checkSize(n, 4);
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int a = i % 2;
            int b = (i / 2) % 2;
            x[i] = new double[] {a + noise * random.nextGaussian(), b + noise * random.nextGaussian()};
            y[i] = a ^ b;
        }
        return new Dataset(x, y, 2);
    }

    /** The XOR truth table as four points: (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0. */
    public static Dataset xorTable() {
        return new Dataset(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0}, 2);
    }

    /**
     * Two circles around the origin: class 0 on the circle of radius 1, class 1 on the circle of radius
     * {@code factor} inside it (like scikit-learn's {@code make_circles}).
     *
     * @param factor radius of the inner circle, between 0 and 1, for example 0.5
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        checkSize(n, 2);
        if (factor <= 0 || factor >= 1) {
            throw new IllegalArgumentException("factor (inner radius) must be in (0, 1), but got " + factor);
        }
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double radius = y[i] == 0 ? 1 : factor;
            double angle = 2 * Math.PI * random.nextDouble();
            x[i] = new double[] {radius * Math.cos(angle) + noise * random.nextGaussian(),
                radius * Math.sin(angle) + noise * random.nextGaussian()};
        }
        return new Dataset(x, y, 2);
    }

    /**
     * Two interleaving half circles (like scikit-learn's {@code make_moons}): class 0 is the upper arc
     * centred at (0, 0), class 1 the lower arc centred at (1, 0.5).
     */
    public static Dataset moons(int n, double noise, long seed) {
        checkSize(n, 2);
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double t = Math.PI * random.nextDouble();
            double px = y[i] == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = y[i] == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[i] = new double[] {px + noise * random.nextGaussian(), py + noise * random.nextGaussian()};
        }
        return new Dataset(x, y, 2);
    }

    /**
     * {@code k} interleaved spiral arms (the CS231n picture): arm {@code c} starts at the origin and turns
     * outwards to radius 1, rotated by {@code c/k} of a full turn. Noise perturbs the angle (in radians)
     * as well as each coordinate, so spirals need a fairly small noise, for example 0.1 to 0.2.
     */
    public static Dataset spirals(int n, int k, double noise, long seed) {
        checkSize(n, k);
        checkClasses(k);
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            double r = random.nextDouble(); // radius from the centre outwards
            double angle = 2 * Math.PI * y[i] / k + 4 * r + noise * random.nextGaussian();
            x[i] = new double[] {r * Math.sin(angle) + noise * 0.1 * random.nextGaussian(),
                r * Math.cos(angle) + noise * 0.1 * random.nextGaussian()};
        }
        return new Dataset(x, y, k);
    }

    /**
     * {@code k} Gaussian blobs with standard deviation {@code std}, their centres evenly spaced on a circle
     * of radius 2 around the origin (class {@code c} at angle {@code 2 pi c / k}).
     */
    public static Dataset gaussians(int n, int k, double std, long seed) {
        checkSize(n, k);
        checkClasses(k);
        Random random = new Random(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % k;
            double[] centre = gaussianCentre(y[i], k);
            x[i] = new double[] {centre[0] + std * random.nextGaussian(), centre[1] + std * random.nextGaussian()};
        }
        return new Dataset(x, y, k);
    }

    /** The centre of class {@code c} of {@link #gaussians}: on the circle of radius 2, at angle 2 pi c / k. */
    public static double[] gaussianCentre(int c, int k) {
        double angle = 2 * Math.PI * c / k;
        return new double[] {2 * Math.cos(angle), 2 * Math.sin(angle)};
    }

    private static double uniform(Random random) {
        return 2 * random.nextDouble() - 1;
    }

    private static void checkSize(int n, int minimum) {
        if (n < minimum) {
            throw new IllegalArgumentException("need at least " + minimum + " points (one per class), but got n = " + n);
        }
    }

    private static void checkClasses(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 classes, but got k = " + k);
        }
    }
}
