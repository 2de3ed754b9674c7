package org.nnlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A learnable array of a module: its {@link #value()} and the gradient dL/d(value) that
 * {@link Module#backward(INDArray)} accumulates into {@link #grad()} (same shape, same data type).
 *
 * <p>Gradients add up over backward calls, as in PyTorch: call {@link #zeroGrad()} (or
 * {@link Module#zeroGrad()}) before each new backward pass. Optimizers update {@code value()} in place.
 * A parameter counts its {@link #gradResets() resets}, so that an optimizer can warn about a training loop
 * that forgets them.
 */
public final class Parameter {

    private final String name;
    private INDArray value;
    private INDArray grad;
    private long gradResets; // how many times zeroGrad ran

    /** A parameter holding {@code value} (not copied) with a gradient of zeros. */
    public Parameter(String name, INDArray value) {
        this.name = name;
        this.value = value;
        this.grad = Nd4j.zerosLike(value);
    }

    /** The name, for example {@code weight} or {@code bias} (a {@link Sequential} adds the layer's index:
     * see {@link Module#namedParameters()}). */
    public String name() {
        return name;
    }

    /** The current value. */
    public INDArray value() {
        return value;
    }

    /** dL/d(value), accumulated by backward; same shape as {@link #value()}. */
    public INDArray grad() {
        return grad;
    }

    /** Sets the gradient to zero (in place). */
    public void zeroGrad() {
        // grad.assign(0) would do, as an ND4J operation (about 10 us); memset writes zero bytes into the
        // gradient's memory directly (well under 1 us), which matters for small networks trained many steps
        Nd4j.getMemoryManager().memset(grad);
        gradResets++;
    }

    /**
     * How many times {@link #zeroGrad()} has set the gradient to zero, by any route (the optimizer's,
     * the module's or this one's zeroGrad). An {@link org.nnlab.optim.Optimizer} compares this count from
     * one step to the next: if it has not changed, the gradient still holds the previous steps' parts,
     * because backward adds to it.
     */
    public long gradResets() {
        return gradResets;
    }

    /** The number of entries, for example 12 for a [4, 3] weight. */
    public long size() {
        return value.length();
    }

    /**
     * Converts value and gradient to another data type (FLOAT for speed, DOUBLE for gradient checks).
     * Does nothing when the type is already right.
     */
    public void castTo(DataType dataType) {
        if (value.dataType() != dataType) {
            value = value.castTo(dataType);
            grad = grad.castTo(dataType);
        }
    }

    /** For example {@code weight [4, 3] FLOAT}. */
    @Override
    public String toString() {
        return name + " " + Arrays.toString(value.shape()) + " " + value.dataType();
    }
}
