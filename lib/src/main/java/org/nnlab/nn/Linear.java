package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer: {@code y = x · Wᵀ + b}, with x of shape {@code [batch, in]}, the weight W of
 * shape {@code [out, in]} and the bias b of shape {@code [out]}, laid out as in PyTorch's
 * {@code nn.Linear}.
 *
 * <p>Initialisation as PyTorch's default: every entry of W and b uniform in
 * {@code (-1/sqrt(in), 1/sqrt(in))}, drawn from ND4J's generator, so {@code Nnlab.seed(...)} makes it
 * repeatable.
 */
public class Linear extends Module {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    private INDArray input; // cached by forward: backward needs x

    /** A layer from {@code in} to {@code out} features with FLOAT parameters. */
    public Linear(int in, int out) {
        this(in, out, DataType.FLOAT);
    }

    /** A layer from {@code in} to {@code out} features with parameters of the given data type. */
    public Linear(int in, int out, DataType dataType) {
        this(uniform(dataType, in, new long[] {out, in}), uniform(dataType, in, new long[] {out}));
    }

    /**
     * A layer with the given weight {@code [out, in]} and bias {@code [out]} (used as they are, not
     * copied); the parameters take the weight's data type.
     */
    public Linear(INDArray weight, INDArray bias) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("Linear expects a weight of shape [out, in] but got "
                    + Arrays.toString(weight.shape()));
        }
        this.out = (int) weight.size(0);
        this.in = (int) weight.size(1);
        if (bias.rank() != 1 || bias.size(0) != out) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + ") expects a bias of shape ["
                    + out + "] but got " + Arrays.toString(bias.shape()));
        }
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias.castTo(weight.dataType()));
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

    /** b, shape {@code [out]}. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /** y = x · Wᵀ + b. */
    @Override
    public INDArray forward(INDArray x) {
        if (x.rank() != 2 || x.size(1) != in) {
            throw new IllegalArgumentException(this + " expects input [batch, " + in + "] but got "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException(this + " has " + weight.value().dataType()
                    + " parameters but got a " + x.dataType() + " input; convert one of them: input.castTo(DataType."
                    + weight.value().dataType() + ") or layer.to(DataType." + x.dataType() + ")");
        }
        input = x;
        return x.mmul(weight.value().transpose()).addiRowVector(bias.value());
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
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
        // dL/dW += gradOutputᵀ · x        ([out, batch] · [batch, in] = [out, in]; gemm adds into grad)
        Nd4j.gemm(gradOutput, input, weight.grad(), true, false, 1.0, 1.0);
        // dL/db += sum of gradOutput over the batch
        bias.grad().addi(gradOutput.sum(0));
        // dL/dx = gradOutput · W          ([batch, out] · [out, in] = [batch, in])
        return gradOutput.mmul(weight.value());
    }

    /** {@code Linear(3 -> 4)}. */
    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + ")";
    }

    /** PyTorch's default: uniform in (-1/sqrt(in), 1/sqrt(in)). */
    private static INDArray uniform(DataType dataType, int in, long[] shape) {
        double bound = 1 / Math.sqrt(in);
        return Nd4j.rand(dataType, shape).muli(2 * bound).subi(bound);
    }
}
