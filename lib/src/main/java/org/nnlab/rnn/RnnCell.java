package org.nnlab.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Elman RNN cell, one time step:
 * <pre>
 *   h_t = tanh(W x_t + U h_{t-1} + b)
 * </pre>
 * In PyTorch's names and batch-first ({@code torch.nn.RNNCell}): W = {@code weight_ih [hidden, input]},
 * U = {@code weight_hh [hidden, hidden]}, b = {@code bias_ih + bias_hh}, and for a batch of rows
 * {@code h_t = tanh(x_t · W_ihᵀ + b_ih + h_{t-1} · W_hhᵀ + b_hh)}.
 *
 * <p>With {@link Nonlinearity#NONE} the cell is linear, {@code h_t = W x_t + U h_{t-1} (+ b)}, the form of
 * the lectures' worked example (and of the analysis of exploding and vanishing gradients: the gradient
 * through k steps is multiplied by Uᵀ k times).
 *
 * <p>Backward of one step, with a_t = W x_t + U h_{t-1} + b the value before tanh:
 * <pre>
 *   dL/da_t     = dL/dh_t ⊙ (1 - h_t²)        (tanh' = 1 - tanh²; just dL/dh_t when linear)
 *   dL/dW      += dL/da_tᵀ · x_t              dL/dU += dL/da_tᵀ · h_{t-1}       dL/db += Σ_batch dL/da_t
 *   dL/dx_t     = dL/da_t · W                 dL/dh_{t-1} = dL/da_t · U
 * </pre>
 */
public class RnnCell extends RecurrentCell {

    /** The function applied to W x_t + U h_{t-1} + b. */
    public enum Nonlinearity {
        /** h_t = tanh(...), the usual Elman RNN. */
        TANH,
        /** h_t = W x_t + U h_{t-1} + b, a linear RNN. */
        NONE
    }

    private final Nonlinearity nonlinearity;

    /** A tanh cell with bias and FLOAT parameters, initialised as PyTorch's. */
    public RnnCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Nonlinearity.TANH, true, DataType.FLOAT);
    }

    /** A cell initialised as PyTorch's, with or without tanh and bias. */
    public RnnCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity, boolean bias, DataType dataType) {
        super(1, inputSize, hiddenSize, bias, dataType);
        this.nonlinearity = nonlinearity;
    }

    /**
     * A cell with the given weights W = {@code weightIh [hidden, input]}, U = {@code weightHh [hidden, hidden]}
     * and biases {@code [hidden]} (both null for a cell without bias); used as they are, not copied.
     */
    public RnnCell(INDArray weightIh, INDArray weightHh, INDArray biasIh, INDArray biasHh, Nonlinearity nonlinearity) {
        super(1, weightIh, weightHh, biasIh, biasHh);
        this.nonlinearity = nonlinearity;
    }

    /** TANH or NONE. */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    @Override
    public Step step(INDArray x, State previous) {
        checkStep(x, previous, false);
        return stepFromInputPart(x, inputPart(x), previous);   // input part: x_t · W_ihᵀ + b_ih
    }

    @Override
    protected Step stepFromInputPart(INDArray x, INDArray ax, State previous) {
        // a_t = x_t · W_ihᵀ + b_ih + h_{t-1} · W_hhᵀ + b_hh       (W x_t + U h_{t-1} + b in the lecture)
        INDArray a = addHiddenPart(ax, previous.h());
        // h_t = tanh(a_t), or a_t itself for a linear RNN
        INDArray h = nonlinearity == Nonlinearity.TANH ? Transforms.tanh(a, false) : a;
        return new Step(this, x, previous, State.of(h));
    }

    @Override
    public StepGradients backwardStep(Step step, INDArray gradH, INDArray gradC) {
        // dL/da_t below, then: dL/dW += daᵀ · x_t, dL/dU += daᵀ · h_{t-1}, dL/db += Σ da;
        // dL/dx_t = da · W,  dL/dh_{t-1} = da · U
        return backwardThroughProducts(step, gradH, gradC);
    }

    @Override
    protected GateGradients gateGradients(Step step, INDArray gradH, INDArray gradC, INDArray dAx, INDArray dAh) {
        Step s = own(step, Step.class);
        checkGrad("dL/dh_t", gradH, s.h());
        if (gradH == null) {
            dAx.assign(0);
        } else if (nonlinearity == Nonlinearity.TANH) {
            // dL/da_t = dL/dh_t ⊙ tanh'(a_t) = dL/dh_t ⊙ (1 - h_t²)
            dAx.assign(s.h()).muli(s.h()).rsubi(1).muli(gradH);
        } else {
            dAx.assign(gradH);                                   // linear RNN: dL/da_t = dL/dh_t
        }
        return new GateGradients(dAx, dAx, null, null);
    }

    /** For example {@code RnnCell(3 -> 4)} or {@code RnnCell(3 -> 2, linear)}. */
    @Override
    public String toString() {
        return nonlinearity == Nonlinearity.TANH ? super.toString()
                : "RnnCell(" + inputSize() + " -> " + hiddenSize() + ", linear)";
    }
}
