package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Initialisations for a {@link Linear} layer that keep the size of signals (forward) and gradients (backward)
 * about the same from layer to layer. Each replaces the layer's weight W ({@code [out, in]}) in place by
 * fresh random numbers and sets the bias to zero; the layer is returned, so a network can be written as
 * {@code new Sequential(Init.he(new Linear(2, 64)), new ReLU(), ...)}.
 *
 * <p>Why the variance matters: a unit of the next layer sums {@code in} products {@code w x}; with
 * independent zero-mean weights of variance {@code Var(w)} its variance is {@code in · Var(w) · E[x²]}.
 * Backward, a gradient is summed over {@code out} units: {@code out · Var(w) · E[δ²]}. So
 * <ul>
 *   <li><b>Xavier/Glorot</b> (for tanh and sigmoid, about linear near 0): {@code Var(w) = 2 / (in + out)},
 *       the compromise between {@code 1/in} (forward) and {@code 1/out} (backward);</li>
 *   <li><b>He/Kaiming</b> (for ReLU): {@code Var(w) = 2 / in}; the 2 makes up for ReLU setting half of
 *       its inputs to zero, which halves {@code E[x²]}.</li>
 * </ul>
 * A uniform distribution on {@code (-a, a)} has variance {@code a² / 3}, so Xavier uniform uses
 * {@code a = sqrt(6 / (in + out))}.
 *
 * <p>The numbers come from ND4J's generator: {@code Nnlab.seed(...)} makes them repeatable. The weight keeps
 * its data type. Compare {@link Linear}'s default (PyTorch's): uniform in {@code (-1/sqrt(in), 1/sqrt(in))},
 * variance {@code 1 / (3 in)}.
 */
public final class Init {

    private Init() {
    }

    /** The standard deviation of Xavier/Glorot: {@code sqrt(2 / (in + out))}. */
    public static double xavierStd(int in, int out) {
        return Math.sqrt(2.0 / (in + out));
    }

    /** The standard deviation of He/Kaiming for ReLU: {@code sqrt(2 / in)}. */
    public static double heStd(int in) {
        return Math.sqrt(2.0 / in);
    }

    /** Xavier/Glorot uniform: W uniform in (-a, a) with {@code a = sqrt(6 / (in + out))}, b = 0. Returns the layer. */
    public static Linear xavierUniform(Linear layer) {
        double a = Math.sqrt(6.0 / (layer.in() + layer.out()));
        INDArray w = layer.weight().value();
        // u uniform in [0, 1)  ->  2a·u - a uniform in [-a, a): variance (2a)² / 12 = a² / 3 = 2 / (in + out)
        w.assign(Nd4j.rand(w.dataType(), w.shape()).muli(2 * a).subi(a));
        if (layer.hasBias()) {
            layer.bias().value().assign(0);
        }
        return layer;
    }

    /** Xavier/Glorot normal: W ~ N(0, 2 / (in + out)), b = 0. Returns the layer. */
    public static Linear xavierNormal(Linear layer) {
        return normal(layer, xavierStd(layer.in(), layer.out()));
    }

    /** He/Kaiming normal, for layers followed by ReLU: W ~ N(0, 2 / in), b = 0. Returns the layer. */
    public static Linear he(Linear layer) {
        return normal(layer, heStd(layer.in()));
    }

    /** W ~ N(0, std²), b = 0. Returns the layer. */
    public static Linear normal(Linear layer, double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Init.normal: the standard deviation must be a finite number >= 0"
                    + " but was " + std);
        }
        INDArray w = layer.weight().value();
        w.assign(Nd4j.randn(w.dataType(), w.shape()).muli(std));
        if (layer.hasBias()) {
            layer.bias().value().assign(0);
        }
        return layer;
    }
}
