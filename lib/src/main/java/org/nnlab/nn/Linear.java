package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.tensor.MatMul;

/**
 * A fully connected layer: {@code y = x · Wᵀ + b}, with x of shape {@code [batch, in]}, the weight W of
 * shape {@code [out, in]} and the bias b of shape {@code [out]}, laid out as in PyTorch's
 * {@code nn.Linear}. Without bias ({@code new Linear(in, out, false)}, PyTorch's {@code bias=False}):
 * {@code y = x · Wᵀ}, for example before a normalisation or where a later layer adds its own bias.
 *
 * <p>Initialisation as PyTorch's default: every entry of W and b uniform in
 * {@code (-1/sqrt(in), 1/sqrt(in))}, drawn from ND4J's generator, so {@code Nnlab.seed(...)} makes it
 * repeatable.
 */
public class Linear extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias; // null for a layer without bias
    private INDArray input; // cached by forward: backward needs x
    // reused from step to step inside a Sequential (see Module#forwardToBuffer), and a column of ones
    private INDArray output;
    private INDArray gradInput;
    private INDArray ones;
    private INDArray biasRow;
    private INDArray biasGradRow;
    private INDArray rowsOf; // the bias array biasRow and biasGradRow belong to
    // the five matrix products of forward and backward, each written into a given array (see MatMul):
    // C = op(A) · op(B) + beta · C with op = transpose or not, beta = 0 (overwrite) or 1 (add)
    private final MatMul times = new MatMul(false, true, 1, 0);      // y = x · Wᵀ
    private final MatMul plusBias = new MatMul(false, false, 1, 1);  // y += 1 · bᵀ
    private final MatMul weightGrad = new MatMul(true, false, 1, 1); // dL/dW += gᵀ · x
    private final MatMul biasGrad = new MatMul(true, false, 1, 1);   // dL/db += 1ᵀ · g
    private final MatMul inputGrad = new MatMul(false, false, 1, 0); // dL/dx = g · W

    /** A layer from {@code in} to {@code out} features with FLOAT parameters. */
    public Linear(int in, int out) {
        this(in, out, DataType.FLOAT);
    }

    /** A layer from {@code in} to {@code out} features with parameters of the given data type. */
    public Linear(int in, int out, DataType dataType) {
        this(in, out, true, dataType);
    }

    /** A layer from {@code in} to {@code out} features, with a bias or not ({@code y = x · Wᵀ}), FLOAT. */
    public Linear(int in, int out, boolean bias) {
        this(in, out, bias, DataType.FLOAT);
    }

    /** A layer from {@code in} to {@code out} features, with a bias or not, of the given data type. */
    public Linear(int in, int out, boolean bias, DataType dataType) {
        this(uniform(dataType, in, new long[] {out, in}), bias ? uniform(dataType, in, new long[] {out}) : null);
    }

    /** A layer without bias, {@code y = x · Wᵀ}, with the given weight {@code [out, in]} (not copied). */
    public Linear(INDArray weight) {
        this(weight, null);
    }

    /**
     * A layer with the given weight {@code [out, in]} and bias {@code [out]} (used as they are, not
     * copied; a null bias makes a layer without bias); the parameters take the weight's data type.
     */
    public Linear(INDArray weight, INDArray bias) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("Linear expects a weight of shape [out, in] but got "
                    + Arrays.toString(weight.shape()));
        }
        this.out = (int) weight.size(0);
        this.in = (int) weight.size(1);
        if (bias != null && (bias.rank() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + ") expects a bias of shape ["
                    + out + "] but got " + Arrays.toString(bias.shape()));
        }
        this.weight = new Parameter("weight", weight);
        this.bias = bias == null ? null : new Parameter("bias", bias.castTo(weight.dataType()));
    }

    /** The number of input features. */
    public int in() {
        return in;
    }

    /** The number of output features. */
    public int out() {
        return out;
    }

    /** W, shape {@code [out, in]}. */
    public Parameter weight() {
        return weight;
    }

    /** b, shape {@code [out]}; null for a layer without bias (as PyTorch's {@code layer.bias} is None). */
    public Parameter bias() {
        return bias;
    }

    /** Whether the layer adds a bias. */
    public boolean hasBias() {
        return bias != null;
    }

    /** {@code weight}, then {@code bias} if the layer has one. */
    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** y = x · Wᵀ + b, in a new array. */
    @Override
    public INDArray forward(INDArray x) {
        checkInput(x);
        return affine(x, Nd4j.createUninitialized(x.dataType(), x.size(0), out));
    }

    /** y = x · Wᵀ + b, in this layer's output buffer (see {@link Module#forwardToBuffer(INDArray)}). */
    @Override
    protected INDArray forwardToBuffer(INDArray x) {
        checkInput(x);
        output = reuse(output, x.dataType(), x.size(0), out);
        return affine(x, output);
    }

    /** Writes y = x · Wᵀ + b into y and remembers x for backward. */
    private INDArray affine(INDArray x, INDArray y) {
        input = x;
        // y = x · Wᵀ                 ([batch, in] · [in, out]; written into y)
        times.into(x, weight.value(), y);
        // y += 1 · bᵀ                (adds b to every row: a column of ones [batch, 1] times b as a row [1, out])
        if (bias != null) {
            plusBias.into(ones(x), biasRow(), y);
        }
        return y;
    }

    /** dL/dx in a new array; adds dL/dW and dL/db to the gradients. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        checkGradOutput(gradOutput);
        return backprop(gradOutput, Nd4j.createUninitialized(input.dataType(), input.size(0), in));
    }

    /** As backward, with dL/dx in this layer's buffer (see {@link Module#backwardToBuffer(INDArray)}). */
    @Override
    protected INDArray backwardToBuffer(INDArray gradOutput) {
        checkGradOutput(gradOutput);
        gradInput = reuse(gradInput, input.dataType(), input.size(0), in);
        return backprop(gradOutput, gradInput);
    }

    /** Adds dL/dW and dL/db; skips dL/dx (see {@link Module#backwardToParameters(INDArray)}). */
    @Override
    public void backwardToParameters(INDArray gradOutput) {
        checkGradOutput(gradOutput);
        backprop(gradOutput, null);
    }

    /** Adds dL/dW and dL/db, and writes dL/dx into gradX unless it is null. */
    private INDArray backprop(INDArray gradOutput, INDArray gradX) {
        // dL/dW += gradOutputᵀ · x        ([out, batch] · [batch, in] = [out, in]; added into grad)
        weightGrad.into(gradOutput, input, weight.grad());
        if (bias != null) {
            biasRow(); // makes sure biasGradRow belongs to the current bias
            // dL/db += 1ᵀ · gradOutput    (the sum over the batch: a row of ones [1, batch] · [batch, out])
            biasGrad.into(ones(input), gradOutput, biasGradRow);
        }
        // dL/dx = gradOutput · W          ([batch, out] · [out, in] = [batch, in])
        return gradX == null ? null : inputGrad.into(gradOutput, weight.value(), gradX);
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException(this + " expects input [batch, " + in + "] but got "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException(this + " has " + weight.value().dataType()
                    + " parameters but got a " + x.dataType() + " input; convert one of them: input.castTo(DataType."
                    + weight.value().dataType() + ") or layer.to(DataType." + x.dataType() + ")");
        }
    }

    private void checkGradOutput(INDArray gradOutput) {
        if (input == null) {
            throw backwardBeforeForward();
        }
        if (gradOutput.rank() != 2 || gradOutput.size(0) != input.size(0) || gradOutput.size(1) != out) {
            throw new IllegalArgumentException(this + ": backward expects gradOutput [" + input.size(0) + ", "
                    + out + "] but got " + Arrays.toString(gradOutput.shape()));
        }
        if (gradOutput.dataType() != input.dataType()) {
            throw new IllegalArgumentException(this + ": backward expects a " + input.dataType()
                    + " gradOutput, like the input, but got " + gradOutput.dataType());
        }
    }

    /** A column of ones [batch, 1] for the batch of x (kept while the batch size and type stay the same). */
    private INDArray ones(INDArray x) {
        if (ones == null || ones.size(0) != x.size(0) || ones.dataType() != x.dataType()) {
            ones = Nd4j.ones(x.dataType(), x.size(0), 1);
        }
        return ones;
    }

    /**
     * b seen as a row [1, out] (a view: the same memory), for the products with ones; also sets
     * biasGradRow, dL/db as a row. Made again when to(...) has replaced the bias arrays.
     */
    private INDArray biasRow() {
        if (biasRow == null || rowsOf != bias.value()) {
            rowsOf = bias.value();
            biasRow = bias.value().reshape(1, out);
            biasGradRow = bias.grad().reshape(1, out);
        }
        return biasRow;
    }

    /** {@code Linear(3 -> 4)}, or {@code Linear(3 -> 4, no bias)}. */
    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + (bias == null ? ", no bias" : "") + ")";
    }

    /** PyTorch's default: uniform in (-1/sqrt(in), 1/sqrt(in)). */
    private static INDArray uniform(DataType dataType, int in, long[] shape) {
        double bound = 1 / Math.sqrt(in);
        return Nd4j.rand(dataType, shape).muli(2 * bound).subi(bound);
    }
}
