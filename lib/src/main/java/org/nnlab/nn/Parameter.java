package org.nnlab.nn;

import java.util.Arrays;
import java.util.BitSet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.tensor.NativeFloats;

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
    private BitSet gradientRows; // non-null: row-sparse gradient, only these rows may be nonzero

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

    /**
     * Copies {@code array} into the value, entry by entry, after checking that the shapes are equal; the
     * value keeps its data type (a DOUBLE array is rounded into a FLOAT parameter, as PyTorch's
     * {@code param.copy_(array)} does) and its identity, so optimizers and views still see it. Throws an
     * IllegalArgumentException naming the parameter and both shapes if they differ: unlike
     * {@code value().assign(array)}, which fills a [2, 3] weight from a [3, 2] array in the wrong order
     * and a [2] bias from a [1] array by repeating it, without a word.
     */
    public void set(INDArray array) {
        checkCanTake(name, array, "the array");
        value.assign(array);
    }

    /**
     * Throws unless {@code array} has the shape of the value (and a floating-point type): the check behind
     * {@link #set(INDArray)}, with the parameter called {@code qualifiedName} (such as {@code 0.weight}) and
     * the array {@code holder} (such as {@code the array}) in the message.
     */
    void checkCanTake(String qualifiedName, INDArray array, String holder) {
        if (array == null) {
            throw new IllegalArgumentException("parameter " + qualifiedName + ": the array is null");
        }
        long[] expected = value.shape();
        long[] found = array.shape();
        if (!Arrays.equals(expected, found)) {
            throw new IllegalArgumentException("parameter " + qualifiedName + " has shape " + Arrays.toString(expected)
                    + " but " + holder + " has shape " + Arrays.toString(found) + shapeHint(expected, found));
        }
        if (!array.dataType().isFPType()) {
            throw new IllegalArgumentException("parameter " + qualifiedName + " holds " + value.dataType()
                    + " numbers but " + holder + " holds " + array.dataType() + "; convert it first: array.castTo(DataType."
                    + value.dataType() + ")");
        }
    }

    /** A hint for the usual mistakes: a transposed matrix, or one number meant for every entry. */
    private static String shapeHint(long[] expected, long[] found) {
        if (expected.length == 2 && found.length == 2 && expected[0] == found[1] && expected[1] == found[0]) {
            return ". It looks transposed: nnlab and PyTorch keep a weight as [out, in]; pass array.transpose()"
                    + " if yours is [in, out].";
        }
        long entries = 1;
        for (long d : found) {
            entries *= d;
        }
        if (entries == 1) {
            return ". To set every entry to one number, use value().assign(number).";
        }
        return ". The shapes must be equal; nothing is broadcast or reshaped.";
    }

    /** dL/d(value), accumulated by backward; same shape as {@link #value()}. */
    public INDArray grad() {
        return grad;
    }

    /** Sets the gradient to zero (in place). */
    public void zeroGrad() {
        int[] rows = gradientRows();
        if (rows != null && rows.length < grad.size(0) / 4) {
            // row-sparse: only the rows a backward touched can be nonzero; overwrite just those with zeros
            if (NativeFloats.copyable(grad)) {
                NativeFloats.writeRows(new float[rows.length * (int) grad.size(1)], grad, rows);
            } else if (rows.length > 0) {
                Nd4j.exec(DynamicCustomOp.builder("scatter_upd")
                        .addInputs(grad, Nd4j.createFromArray(rows), Nd4j.zeros(grad.dataType(), rows.length, grad.size(1)))
                        .addOutputs(grad)
                        .build());
            }
        } else {
            // grad.assign(0) would do, as an ND4J operation (about 10 us); memset writes zero bytes into the
            // gradient's memory directly (well under 1 us), which matters for small networks trained many steps
            Nd4j.getMemoryManager().memset(grad);
        }
        if (gradientRows != null) {
            gradientRows.clear();
        }
        gradResets++;
    }

    /**
     * Declares the gradient of this matrix parameter row-sparse (as PyTorch's {@code Embedding(sparse=True)}):
     * every backward that adds to {@link #grad()} also names the rows it added to
     * ({@link #addedToGradientRows(int[])}), so that {@link #zeroGrad()} and an optimizer such as AdaGrad
     * can work on those rows only. A word embedding of 20,000 rows gets gradient in the few hundred rows of
     * one mini-batch's words. Off by default; returns this.
     */
    public Parameter rowSparseGradient(boolean on) {
        if (on && value.rank() != 2) {
            throw new IllegalArgumentException("parameter " + name + ": a row-sparse gradient needs a matrix, but the"
                    + " value has shape " + Arrays.toString(value.shape()));
        }
        gradientRows = on ? new BitSet((int) value.size(0)) : null;
        if (on) {
            gradientRows.set(0, (int) value.size(0)); // unknown so far: every row may be nonzero until zeroGrad
        }
        return this;
    }

    /** For a row-sparse gradient: records that a backward added to these rows of {@link #grad()}. */
    public void addedToGradientRows(int[] rows) {
        if (gradientRows != null) {
            for (int r : rows) {
                gradientRows.set(r);
            }
        }
    }

    /**
     * The rows of {@link #grad()} that may be nonzero, in increasing order, for a row-sparse gradient (see
     * {@link #rowSparseGradient(boolean)}); null when any entry may be nonzero.
     */
    public int[] gradientRows() {
        return gradientRows == null ? null : gradientRows.stream().toArray();
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
