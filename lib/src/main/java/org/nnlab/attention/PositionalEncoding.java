package org.nnlab.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Module;

/**
 * Sinusoidal positional encodings (Vaswani et al. 2017), added to the inputs of a {@link SelfAttention} so it
 * can tell positions apart:
 * <pre>
 *   PE[t, 2i]     = sin(t / 10000^(2i / d))
 *   PE[t, 2i + 1] = cos(t / 10000^(2i / d))          t = 0, 1, ...;  y_t = x_t + PE[t]
 * </pre>
 * Each pair of dimensions turns at its own speed, from once every 2π positions down to very slowly, so every
 * position gets its own pattern, and PE[t + k] is a fixed rotation of PE[t]: "k to the left" looks the same at
 * every t. No parameters; backward passes the gradient through unchanged.
 */
public class PositionalEncoding extends Module {

    private final int dim;
    private long[] shape;

    /** Encodings of size {@code dim} (the inputs' size). */
    public PositionalEncoding(int dim) {
        this.dim = dim;
    }

    /** PE {@code [time, dim]} in DOUBLE. */
    public INDArray table(int time) {
        double[][] pe = new double[time][dim];
        for (int t = 0; t < time; t++) {
            for (int i = 0; 2 * i < dim; i++) {
                double angle = t / Math.pow(10000, 2.0 * i / dim);
                pe[t][2 * i] = Math.sin(angle);
                if (2 * i + 1 < dim) {
                    pe[t][2 * i + 1] = Math.cos(angle);
                }
            }
        }
        return Nd4j.createFromArray(pe);
    }

    /** y_t = x_t + PE[t] for x {@code [batch, T, dim]}. */
    @Override
    public INDArray forward(INDArray x) {
        if (x.rank() != 3 || x.size(2) != dim) {
            throw new IllegalArgumentException(this + " expects input [batch, T, " + dim + "] but got "
                    + Arrays.toString(x.shape()));
        }
        shape = x.shape();
        long batch = x.size(0);
        int time = (int) x.size(1);
        INDArray pe = table(time).castTo(x.dataType()).reshape(1, time, dim).broadcast(batch, time, dim);
        return x.add(pe);
    }

    /** dL/dx = dL/dy: adding a constant does not change the gradient. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        if (shape == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, shape);
        return gradOutput.dup();
    }

    @Override
    public String toString() {
        return "PositionalEncoding(d = " + dim + ")";
    }
}
