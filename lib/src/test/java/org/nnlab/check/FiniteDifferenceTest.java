package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

class FiniteDifferenceTest {

    @Test
    void centralDifferenceMatchesKnownDerivatives() {
        // d/dx sin x = cos x; d/dx x³ = 3x²; d/dx e^x = e^x
        assertEquals(Math.cos(1), FiniteDifference.derivative(Math::sin, 1), 1e-9);
        assertEquals(12, FiniteDifference.derivative(x -> x * x * x, 2), 1e-8);
        assertEquals(Math.exp(3), FiniteDifference.derivative(Math::exp, 3), 1e-7);
    }

    @Test
    void derivativeAsAFunction() {
        DoubleUnaryOperator tanhPrime = FiniteDifference.derivative(Math::tanh);
        for (double x : new double[] {-2, 0, 0.5, 3}) {
            double t = Math.tanh(x);
            assertEquals(1 - t * t, tanhPrime.applyAsDouble(x), 1e-9);
        }
    }
}
