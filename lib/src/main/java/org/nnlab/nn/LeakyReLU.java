package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LeakyReLU(x) = x for x > 0, slope · x otherwise: a small slope keeps a gradient flowing where ReLU
 * would be dead. Derivative: 1 for x > 0, slope otherwise (slope at x = 0, as in PyTorch).
 */
public class LeakyReLU extends Activation {

    /** PyTorch's default slope. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;

    /** With slope {@value #DEFAULT_SLOPE}. */
    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    /** With the given slope for negative inputs. */
    public LeakyReLU(double slope) {
        this.slope = slope;
    }

    /** The slope for negative inputs. */
    public double slope() {
        return slope;
    }

    @Override
    public INDArray apply(INDArray x) {
        // x where x > 0, slope · x elsewhere
        INDArray positive = x.gt(0).castTo(x.dataType());
        return x.mul(positive.mul(1 - slope).addi(slope));
    }

    /** 1 where x > 0, slope elsewhere. */
    @Override
    protected INDArray derivative(INDArray x, INDArray y) {
        return x.gt(0).castTo(x.dataType()).muli(1 - slope).addi(slope);
    }

    /** {@code LeakyReLU(0.01)}. */
    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
