package org.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Parameter;

class GradClipTest {

    /** Two parameters with gradients [3, 4] and [12]: global norm sqrt(9 + 16 + 144) = 13. */
    private static List<Parameter> params() {
        Parameter a = new Parameter("a", Nd4j.createFromArray(0.0, 0.0));
        Parameter b = new Parameter("b", Nd4j.createFromArray(0.0));
        a.grad().assign(Nd4j.createFromArray(3.0, 4.0));
        b.grad().assign(12.0);
        return List.of(a, b);
    }

    @Test
    void globalNormCoversAllParameters() {
        assertEquals(13.0, GradClip.globalNorm(params()), 1e-12);
    }

    @Test
    void byNormScalesAllGradientsTogether() {
        List<Parameter> p = params();
        assertEquals(13.0, GradClip.byNorm(p, 6.5), 1e-12);               // the norm before clipping
        double scale = 6.5 / (13.0 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 4 * scale}, p.get(0).grad().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {12 * scale}, p.get(1).grad().toDoubleVector(), 1e-12);
        assertEquals(6.5, GradClip.globalNorm(p), 1e-6);
    }

    @Test
    void byNormLeavesSmallGradientsAlone() {
        List<Parameter> p = params();
        assertEquals(13.0, GradClip.byNorm(p, 20), 1e-12);
        assertArrayEquals(new double[] {3, 4}, p.get(0).grad().toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {12}, p.get(1).grad().toDoubleVector(), 0.0);
    }

    @Test
    void byValueClampsEachEntry() {
        List<Parameter> p = params();
        p.get(0).grad().putScalar(0, -7.0);                                // [-7, 4], [12]: norm sqrt(209)
        assertEquals(Math.sqrt(209), GradClip.byValue(p, 3.5), 1e-12);
        assertArrayEquals(new double[] {-3.5, 3.5}, p.get(0).grad().toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {3.5}, p.get(1).grad().toDoubleVector(), 0.0);
    }

    @Test
    void badLimitsAndNaNGradientsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GradClip.byNorm(params(), 0));
        assertThrows(IllegalArgumentException.class, () -> GradClip.byValue(params(), -1));
        assertThrows(IllegalArgumentException.class, () -> GradClip.byNorm(params(), Double.NaN));
        List<Parameter> p = params();
        p.get(1).grad().putScalar(0, Double.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradClip.byNorm(p, 1.0));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        assertArrayEquals(new double[] {3, 4}, p.get(0).grad().toDoubleVector(), 0.0, "nothing may be clipped");
    }
}
