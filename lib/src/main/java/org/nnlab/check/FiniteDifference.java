package org.nnlab.check;

import java.util.function.DoubleUnaryOperator;

/**
 * Derivatives estimated from function values alone: the reference against which a hand-written
 * derivative (and later a whole backward pass) is checked.
 *
 * <p>The central difference {@code f'(x) ≈ (f(x + h) - f(x - h)) / 2h} is exact up to a term
 * {@code h² f'''(x) / 6} (the even Taylor terms cancel), so with {@code h = 1e-5} the error is about
 * {@code 1e-11}. A smaller h would not help: {@code f(x + h) - f(x - h)} then loses digits to rounding,
 * an error of about {@code 1e-16 / h}.
 */
public final class FiniteDifference {

    /** The step h. */
    public static final double STEP = 1e-5;

    private FiniteDifference() {
    }

    /** f'(x) by the central difference. */
    public static double derivative(DoubleUnaryOperator f, double x) {
        return (f.applyAsDouble(x + STEP) - f.applyAsDouble(x - STEP)) / (2 * STEP);
    }

    /** The function x -> f'(x), estimated by the central difference. */
    public static DoubleUnaryOperator derivative(DoubleUnaryOperator f) {
        return x -> derivative(f, x);
    }
}
