package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * libnd4j's fused LSTM layer, {@code lstmLayer} and {@code lstmLayer_bp}, called on a {@link LstmCell}'s
 * weights: the evaluation behind "use the fused ops where they are faster" (issue 4). {@link Nd4jLstmLayerTest}
 * shows that they compute what {@link Recurrent} computes; {@link Nd4jLstmLayerProbe} measures them. They are not
 * used by the library: forward and backward together were not faster than {@code Recurrent} on this machine
 * (one thread), and in ND4J 1.0.0-M2.1 they leak native memory: each {@code lstmLayer} call keeps about the
 * size of its output (RSS +80 MB/s in a loop; the cause, inside ND4J's op path, was not located).
 *
 * <p>libnd4j writes the layer with the weights transposed and one bias:
 * <pre>
 *   z_t = x_t · Wx + h_{t-1} · Wr + b,   Wx = W_ihᵀ [input, 4H],  Wr = W_hhᵀ [H, 4H],  b = b_ih + b_hh
 *   gates in the blocks of z_t in PyTorch's order i, f, g, o
 * </pre>
 * Padding is given as sequence lengths (real steps first, in the data type of x): past its length a
 * sequence's output is 0 and its last state is the state of its last real step, as in {@link Recurrent}.
 */
final class Nd4jLstmLayer {

    // the ops' integer arguments: data format [batch, time, features] (NTS), forward direction,
    // sigmoid for the gates, tanh for the output and the cell
    private static final int[] INTEGER_ARGUMENTS = {1, 0, 2, 0, 0};

    private Nd4jLstmLayer() {
    }

    /** The weights in libnd4j's layout, built from the cell's parameters. */
    record Weights(INDArray wx, INDArray wr, INDArray b) {
        static Weights of(LstmCell cell) {
            INDArray b = cell.hasBias() ? cell.biasIh().value().add(cell.biasHh().value()) : null;
            return new Weights(cell.weightIh().value().transpose().dup(), cell.weightHh().value().transpose().dup(), b);
        }
    }

    /** Outputs of the forward: all h_t {@code [batch, time, H]}, and h_T, c_T {@code [batch, H]}. */
    record Forward(INDArray output, INDArray lastH, INDArray lastC) {
    }

    /** What the backward gives: dL/dx, dL/dWx, dL/dWr, dL/db (null without bias), dL/dh_0, dL/dc_0. */
    record Backward(INDArray dx, INDArray dWx, INDArray dWr, INDArray db, INDArray dh0, INDArray dc0) {
    }

    /** The forward over all steps; lengths {@code [batch]} or null, h0/c0 {@code [batch, H]} or null. */
    static Forward forward(INDArray x, Weights w, INDArray lengths, INDArray h0, INDArray c0) {
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(inputs(x, w, lengths, h0, c0))
                .addIntegerArguments(INTEGER_ARGUMENTS)
                .addFloatingPointArguments(0.0)   // no clipping of the cell state
                .addBooleanArguments(flags(w, lengths, h0, c0, true, true, true))
                .build();
        INDArray[] out = Nd4j.exec(op);
        return new Forward(out[0], out[1], out[2]);
    }

    /**
     * BPTT in one call, from dL/d(all h_t) {@code gradOutput} and/or dL/dh_T {@code gradLast} (either may be
     * null, not both).
     */
    static Backward backward(INDArray x, Weights w, INDArray lengths, INDArray h0, INDArray c0,
                             INDArray gradOutput, INDArray gradLast) {
        INDArray[] in = inputs(x, w, lengths, h0, c0);
        INDArray[] grads = gradOutput != null && gradLast != null ? new INDArray[] {gradOutput, gradLast}
                : new INDArray[] {gradOutput != null ? gradOutput : gradLast};
        INDArray[] all = new INDArray[in.length + grads.length];
        System.arraycopy(in, 0, all, 0, in.length);
        System.arraycopy(grads, 0, all, in.length, grads.length);
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer_bp")
                .addInputs(all)
                .addIntegerArguments(INTEGER_ARGUMENTS)
                .addFloatingPointArguments(0.0)
                .addBooleanArguments(flags(w, lengths, h0, c0, gradOutput != null, gradLast != null, false))
                .build();
        INDArray[] out = Nd4j.exec(op);
        // outputs in order: dL/dx, dL/dWx, dL/dWr, then for the inputs given dL/db, (a slot for the lengths,
        // not computed), dL/dh_0, dL/dc_0
        int k = 3;
        INDArray db = w.b() != null ? out[k++] : null;
        k += lengths != null ? 1 : 0;
        INDArray dh0 = h0 != null ? out[k++] : null;
        INDArray dc0 = c0 != null ? out[k] : null;
        return new Backward(out[0], out[1], out[2], db, dh0, dc0);
    }

    /** x, Wx, Wr and the optional inputs in libnd4j's order: b, sequence lengths, h_0, c_0. */
    private static INDArray[] inputs(INDArray x, Weights w, INDArray lengths, INDArray h0, INDArray c0) {
        return java.util.stream.Stream.of(x, w.wx(), w.wr(), w.b(), lengths, h0, c0)
                .filter(java.util.Objects::nonNull).toArray(INDArray[]::new);
    }

    /** Which optional inputs are given, and which outputs (or output gradients) there are. */
    private static boolean[] flags(Weights w, INDArray lengths, INDArray h0, INDArray c0,
                                   boolean allSteps, boolean lastH, boolean lastC) {
        return new boolean[] {w.b() != null, lengths != null, h0 != null, c0 != null, false, allSteps, lastH, lastC};
    }
}
