package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

class SyntheticTest {

    /** Every generator, at 101 points so class sizes cannot all be equal. */
    private static final List<LongFunction<Dataset>> GENERATORS = List.of(
            seed -> Synthetic.linear(101, 0.1, seed),
            seed -> Synthetic.xor(101, 0.1, seed),
            seed -> Synthetic.circles(101, 0.05, 0.5, seed),
            seed -> Synthetic.moons(101, 0.1, seed),
            seed -> Synthetic.spirals(101, 3, 0.2, seed),
            seed -> Synthetic.gaussians(101, 4, 0.3, seed));

    @Test
    void everySetHasTwoFeaturesAndBalancedClasses() {
        for (LongFunction<Dataset> generator : GENERATORS) {
            Dataset data = generator.apply(1);
            assertEquals(101, data.size());
            assertEquals(2, data.numFeatures());
            int[] counts = data.classCounts();
            int min = java.util.Arrays.stream(counts).min().orElseThrow();
            int max = java.util.Arrays.stream(counts).max().orElseThrow();
            assertTrue(max - min <= 1, data + " is not balanced");
        }
    }

    @Test
    void sameSeedSamePointsOtherSeedOtherPoints() {
        for (LongFunction<Dataset> generator : GENERATORS) {
            Dataset a = generator.apply(7);
            Dataset b = generator.apply(7);
            Dataset c = generator.apply(8);
            assertArrayEquals(a.features(), b.features());
            assertArrayEquals(a.labels(), b.labels());
            assertFalse(java.util.Arrays.deepEquals(a.features(), c.features()));
        }
    }

    @Test
    void linearSetIsSeparatedByTheLineWithItsMargin() {
        Dataset data = Synthetic.linear(500, 0.1, 3);
        for (int i = 0; i < data.size(); i++) {
            double d = Synthetic.signedDistance(data.row(i));
            if (data.label(i) == 1) {
                assertTrue(d >= 0.1, "point " + i + " of class 1 at distance " + d);
            } else {
                assertTrue(d <= -0.1, "point " + i + " of class 0 at distance " + d);
            }
        }
    }

    @Test
    void xorLabelsAreTheXorOfTheCorners() {
        Dataset exact = Synthetic.xor(8, 0.0, 1);
        for (int i = 0; i < exact.size(); i++) {
            double[] p = exact.row(i);
            int a = (int) p[0];
            int b = (int) p[1];
            assertTrue(p[0] == a && p[1] == b, "noise 0 must give exact corners");
            assertEquals(a ^ b, exact.label(i));
        }
        // With small noise each point still rounds to its corner.
        Dataset noisy = Synthetic.xor(400, 0.1, 2);
        for (int i = 0; i < noisy.size(); i++) {
            double[] p = noisy.row(i);
            assertEquals((int) Math.round(p[0]) ^ (int) Math.round(p[1]), noisy.label(i));
        }
        assertArrayEquals(new int[] {0, 1, 1, 0}, Synthetic.xorTable().labels());
    }

    @Test
    void circlesLieAtTheirRadii() {
        Dataset data = Synthetic.circles(200, 0.0, 0.5, 4);
        for (int i = 0; i < data.size(); i++) {
            double[] p = data.row(i);
            double r = Math.hypot(p[0], p[1]);
            assertEquals(data.label(i) == 0 ? 1.0 : 0.5, r, 1e-12);
        }
    }

    @Test
    void gaussiansClusterAroundTheirCentres() {
        Dataset data = Synthetic.gaussians(400, 4, 0.1, 5);
        for (int i = 0; i < data.size(); i++) {
            double[] p = data.row(i);
            double[] centre = Synthetic.gaussianCentre(data.label(i), 4);
            assertTrue(Math.hypot(p[0] - centre[0], p[1] - centre[1]) < 0.6);
        }
    }

    @Test
    void spiralsHaveKClasses() {
        Dataset data = Synthetic.spirals(300, 3, 0.1, 6);
        assertEquals(3, data.numClasses());
        assertArrayEquals(new int[] {100, 100, 100}, data.classCounts());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Synthetic.linear(1, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.circles(10, 0.1, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.spirals(10, 1, 0.1, 1));
    }
}
