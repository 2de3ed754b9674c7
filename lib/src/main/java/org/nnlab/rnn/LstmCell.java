package org.nnlab.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The LSTM cell (long short-term memory), one time step, as {@code torch.nn.LSTMCell}:
 * <pre>
 *   i_t = σ(W_i x_t + U_i h_{t-1} + b_i)        input gate: how much of the candidate to write
 *   f_t = σ(W_f x_t + U_f h_{t-1} + b_f)        forget gate: how much of the old cell state to keep
 *   g_t = tanh(W_g x_t + U_g h_{t-1} + b_g)     candidate values (written c̃_t in some lectures)
 *   o_t = σ(W_o x_t + U_o h_{t-1} + b_o)        output gate: how much of the cell state to show
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t             the cell state: a sum, so gradients flow through f_t
 *   h_t = o_t ⊙ tanh(c_t)
 * </pre>
 * The four W's are stacked in {@code weight_ih [4 · hidden, input]} in the order i, f, g, o, the four U's
 * in {@code weight_hh [4 · hidden, hidden]}, and each b is {@code bias_ih + bias_hh} (blocks of
 * {@code [4 · hidden]}). So one product for the input and one for the hidden state give all four gates.
 *
 * <p>Backward of one step, from dL/dh_t and dL/dc_t (the gradient reaching c_t from step t + 1):
 * <pre>
 *   dL/dc_t    ← dL/dc_t + dL/dh_t ⊙ o_t ⊙ (1 - tanh²(c_t))     both paths into c_t
 *   dL/do_t    = dL/dh_t ⊙ tanh(c_t)
 *   dL/di_t    = dL/dc_t ⊙ g_t         dL/dg_t = dL/dc_t ⊙ i_t        dL/df_t = dL/dc_t ⊙ c_{t-1}
 *   dL/dc_{t-1} = dL/dc_t ⊙ f_t
 *   before the activations: σ' = σ (1 - σ) for i, f, o and tanh' = 1 - g² for g
 * </pre>
 * then the four pre-activation gradients, side by side, go back through the two products as in the RNN.
 */
public class LstmCell extends RecurrentCell {

    // the blocks of the gate arrays, in PyTorch's order
    private static final int I = 0;
    private static final int F = 1;
    private static final int G = 2;
    private static final int O = 3;

    /** What backward needs of one LSTM step besides x_t and the states: the gates and tanh(c_t). */
    static final class LstmStep extends Step {
        final INDArray i;
        final INDArray f;
        final INDArray g;
        final INDArray o;
        final INDArray tanhC;

        LstmStep(LstmCell cell, INDArray x, State previous, State state,
                 INDArray i, INDArray f, INDArray g, INDArray o, INDArray tanhC) {
            super(cell, x, previous, state);
            this.i = i;
            this.f = f;
            this.g = g;
            this.o = o;
            this.tanhC = tanhC;
        }
    }

    /** A cell with bias and FLOAT parameters, initialised as PyTorch's. */
    public LstmCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true, DataType.FLOAT);
    }

    /** A cell initialised as PyTorch's, with or without bias. */
    public LstmCell(int inputSize, int hiddenSize, boolean bias, DataType dataType) {
        super(4, inputSize, hiddenSize, bias, dataType);
    }

    /**
     * A cell with the given weights {@code weightIh [4 · hidden, input]}, {@code weightHh [4 · hidden, hidden]}
     * and biases {@code [4 · hidden]} (both null for no bias), gate order i, f, g, o; not copied.
     */
    public LstmCell(INDArray weightIh, INDArray weightHh, INDArray biasIh, INDArray biasHh) {
        super(4, weightIh, weightHh, biasIh, biasHh);
    }

    /** h_0 = 0 and c_0 = 0, {@code [batch, hidden]} each. */
    @Override
    public State initialState(long batch) {
        return State.of(Nd4j.zeros(dataType(), batch, hiddenSize()), Nd4j.zeros(dataType(), batch, hiddenSize()));
    }

    @Override
    public Step step(INDArray x, State previous) {
        checkStep(x, previous, true);
        return stepFromInputPart(x, inputPart(x), previous);   // input part: x_t · W_ihᵀ + b_ih
    }

    @Override
    protected Step stepFromInputPart(INDArray x, INDArray ax, State previous) {
        // all four gates before their activations, side by side: [batch, 4 · hidden] = [i | f | g | o]
        // a = x_t · W_ihᵀ + b_ih + h_{t-1} · W_hhᵀ + b_hh, then each block's activation in place
        INDArray a = addHiddenPart(ax, previous.h());
        INDArray i = Transforms.sigmoid(block(a, I), false);  // i_t = σ(...)
        INDArray f = Transforms.sigmoid(block(a, F), false);  // f_t = σ(...)
        INDArray g = Transforms.tanh(block(a, G), false);     // g_t = tanh(...)
        INDArray o = Transforms.sigmoid(block(a, O), false);  // o_t = σ(...)
        // c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
        INDArray c = f.mul(previous.c()).addi(i.mul(g));
        // h_t = o_t ⊙ tanh(c_t)
        INDArray tanhC = Transforms.tanh(c, true);
        INDArray h = o.mul(tanhC);
        return new LstmStep(this, x, previous, State.of(h, c), i, f, g, o, tanhC);
    }

    @Override
    public StepGradients backwardStep(Step step, INDArray gradH, INDArray gradC) {
        // the gates' gradients below, then back through the two products as in the RNN
        return backwardThroughProducts(step, gradH, gradC);
    }

    @Override
    protected GateGradients gateGradients(Step step, INDArray gradH, INDArray gradC, INDArray dAx, INDArray dAh) {
        LstmStep s = own(step, LstmStep.class);
        checkGrad("dL/dh_t", gradH, s.h());
        checkGrad("dL/dc_t", gradC, s.c());
        INDArray dh = orZeros(gradH, s.h());
        // dL/dc_t: from step t + 1 (gradC) plus through h_t = o_t ⊙ tanh(c_t)
        INDArray dc = s.tanhC.mul(s.tanhC).rsubi(1).muli(s.o).muli(dh);   // dL/dh_t ⊙ o_t ⊙ (1 - tanh²(c_t))
        if (gradC != null) {
            dc.addi(gradC);
        }
        // back through the activations to the gates' pre-activations, side by side [i | f | g | o],
        // written in place into the blocks of dAx (σ' = σ (1 - σ), tanh' = 1 - tanh²)
        block(dAx, I).assign(s.i).rsubi(1).muli(s.i).muli(s.g).muli(dc);                 // dL/di_t = dL/dc_t ⊙ g_t
        block(dAx, F).assign(s.f).rsubi(1).muli(s.f).muli(s.previous().c()).muli(dc);    // dL/df_t = dL/dc_t ⊙ c_{t-1}
        block(dAx, G).assign(s.g).muli(s.g).rsubi(1).muli(s.i).muli(dc);                 // dL/dg_t = dL/dc_t ⊙ i_t
        block(dAx, O).assign(s.o).rsubi(1).muli(s.o).muli(s.tanhC).muli(dh);             // dL/do_t = dL/dh_t ⊙ tanh(c_t)
        INDArray dcPrevious = dc.muli(s.f);               // dL/dc_{t-1} = dL/dc_t ⊙ f_t
        return new GateGradients(dAx, dAx, null, dcPrevious);
    }

    /** σ'(a) = σ (1 - σ), from y = σ(a), in a new array. */
    static INDArray sigmoidDerivative(INDArray y) {
        return y.rsub(1).muli(y);
    }
}
