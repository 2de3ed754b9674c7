package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Parameter;

/**
 * What the RNN, LSTM and GRU cells share: two affine maps, one of the input x_t and one of the previous
 * hidden state h_{t-1}, whose results the gates of each cell then combine.
 * <pre>
 *   input part   a_x = x_t · W_ihᵀ + b_ih       W_ih: weight_ih [gates · hidden, inputSize]
 *   hidden part  a_h = h_{t-1} · W_hhᵀ + b_hh   W_hh: weight_hh [gates · hidden, hiddenSize]
 * </pre>
 * with {@code gates} = 1 (RNN), 4 (LSTM: i, f, g, o) or 3 (GRU: r, z, n) blocks of {@code hidden} rows
 * each, as in PyTorch. Without bias, b_ih and b_hh are left out (PyTorch's {@code bias=False}).
 *
 * <p>A cell computes one time step: {@link #step(INDArray, State)} gives the new state and remembers in
 * the returned {@link Step} what the backward needs; {@link #backwardStep(Step, INDArray, INDArray)} takes
 * dL/dh_t (and dL/dc_t), ADDS dL/d(parameter) to every parameter's gradient (over all steps of a sequence
 * they add up, which is exactly backpropagation through time) and returns dL/dx_t and dL/dh_{t-1}
 * (and dL/dc_{t-1}). The arrays a step returns are new; a later step never changes them.
 *
 * <p>Initialisation as PyTorch's: every weight and bias uniform in {@code (-1/sqrt(hidden), 1/sqrt(hidden))},
 * from ND4J's generator ({@code Nnlab.seed(...)} makes it repeatable). FLOAT by default; {@link #to(DataType)}
 * converts, for example to DOUBLE for a gradient check.
 */
public abstract class RecurrentCell {

    private final int inputSize;
    private final int hiddenSize;
    private final int gates;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh; // null without bias
    private final Parameter biasHh; // null without bias

    /**
     * A cell with the given weights (used as they are, not copied; the biases may be null for a cell
     * without bias). {@code gates} is the number of blocks of rows: 1, 4 or 3.
     */
    protected RecurrentCell(int gates, INDArray weightIh, INDArray weightHh, INDArray biasIh, INDArray biasHh) {
        if (weightIh.rank() != 2 || weightHh.rank() != 2 || weightIh.size(0) % gates != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects weight_ih [" + gates
                    + " · hidden, input] and weight_hh [" + gates + " · hidden, hidden] but got "
                    + Arrays.toString(weightIh.shape()) + " and " + Arrays.toString(weightHh.shape()));
        }
        this.gates = gates;
        this.hiddenSize = (int) (weightIh.size(0) / gates);
        this.inputSize = (int) weightIh.size(1);
        requireShape("weight_hh", weightHh, gates * (long) hiddenSize, hiddenSize);
        if ((biasIh == null) != (biasHh == null)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": give both biases or none");
        }
        DataType type = weightIh.dataType();
        this.weightIh = new Parameter("weight_ih", weightIh);
        this.weightHh = new Parameter("weight_hh", weightHh.castTo(type));
        if (biasIh != null) {
            requireShape("bias_ih", biasIh, gates * (long) hiddenSize);
            requireShape("bias_hh", biasHh, gates * (long) hiddenSize);
            this.biasIh = new Parameter("bias_ih", biasIh.castTo(type));
            this.biasHh = new Parameter("bias_hh", biasHh.castTo(type));
        } else {
            this.biasIh = null;
            this.biasHh = null;
        }
    }

    /** Random weights (and biases) as PyTorch's default, for {@code gates} blocks of rows. */
    protected RecurrentCell(int gates, int inputSize, int hiddenSize, boolean bias, DataType dataType) {
        this(gates, uniform(dataType, hiddenSize, gates * (long) hiddenSize, inputSize),
                uniform(dataType, hiddenSize, gates * (long) hiddenSize, hiddenSize),
                bias ? uniform(dataType, hiddenSize, gates * (long) hiddenSize) : null,
                bias ? uniform(dataType, hiddenSize, gates * (long) hiddenSize) : null);
    }

    /**
     * One time step: the new state from x_t ({@code [batch, inputSize]}) and the previous state. The
     * returned Step holds the new state ({@link Step#state()}, {@link Step#h()}) and what backward needs.
     */
    public abstract Step step(INDArray x, State previous);

    /**
     * The backward of one step: takes dL/dh_t (and for the LSTM dL/dc_t; {@code null} counts as zero),
     * adds the gradients of the parameters, and returns dL/dx_t, dL/dh_{t-1} (and dL/dc_{t-1}).
     */
    public abstract StepGradients backwardStep(Step step, INDArray gradH, INDArray gradC);

    /** The backward of one step of an RNN or GRU, which have no cell state: dL/dh_t only. */
    public StepGradients backwardStep(Step step, INDArray gradH) {
        return backwardStep(step, gradH, null);
    }

    /** The state before the first step: zeros {@code [batch, hiddenSize]} in the parameters' data type. */
    public State initialState(long batch) {
        return State.of(Nd4j.zeros(dataType(), batch, hiddenSize));
    }

    /** The number of input features. */
    public int inputSize() {
        return inputSize;
    }

    /** The number of hidden units, the size of h_t. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** True when the cell has the biases b_ih and b_hh. */
    public boolean hasBias() {
        return biasIh != null;
    }

    /** W_ih, {@code weight_ih [gates · hidden, inputSize]}. */
    public Parameter weightIh() {
        return weightIh;
    }

    /** W_hh, {@code weight_hh [gates · hidden, hiddenSize]}. */
    public Parameter weightHh() {
        return weightHh;
    }

    /** b_ih, {@code bias_ih [gates · hidden]}, or null without bias. */
    public Parameter biasIh() {
        return biasIh;
    }

    /** b_hh, {@code bias_hh [gates · hidden]}, or null without bias. */
    public Parameter biasHh() {
        return biasHh;
    }

    /** The parameters, in PyTorch's order: weight_ih, weight_hh, bias_ih, bias_hh. */
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(List.of(weightIh, weightHh));
        if (biasIh != null) {
            list.add(biasIh);
            list.add(biasHh);
        }
        return List.copyOf(list);
    }

    /** The parameters by their PyTorch names. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            named.put(p.name(), p);
        }
        return named;
    }

    /** Sets every parameter's gradient to zero; call it before each backward pass through a sequence. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Converts all parameters (values and gradients) to a data type, for example DOUBLE. Returns this. */
    public RecurrentCell to(DataType dataType) {
        for (Parameter p : parameters()) {
            p.castTo(dataType);
        }
        return this;
    }

    /** The data type of the parameters. */
    public DataType dataType() {
        return weightIh.value().dataType();
    }

    // ---- the two affine maps and their backward, shared by all cells ----

    /** The input part a_x = x · W_ihᵀ + b_ih, {@code [batch, gates · hidden]}, in a new array. */
    protected INDArray inputPart(INDArray x) {
        return affine(x, weightIh.value(), biasIh == null ? null : biasIh.value());
    }

    /** The hidden part a_h = h · W_hhᵀ + b_hh, {@code [batch, gates · hidden]}, in a new array. */
    protected INDArray hiddenPart(INDArray h) {
        return affine(h, weightHh.value(), biasHh == null ? null : biasHh.value());
    }

    /** Backward of the input part: adds dL/dW_ih = daᵀ · x and dL/db_ih = Σ_batch da; returns dL/dx = da · W_ih. */
    protected INDArray inputPartBackward(INDArray gradA, INDArray x) {
        return affineBackward(gradA, x, weightIh.value(), weightIh.grad(), biasIh == null ? null : biasIh.grad());
    }

    /** Backward of the hidden part: adds dL/dW_hh = daᵀ · h and dL/db_hh = Σ_batch da; returns dL/dh = da · W_hh. */
    protected INDArray hiddenPartBackward(INDArray gradA, INDArray h) {
        return affineBackward(gradA, h, weightHh.value(), weightHh.grad(), biasHh == null ? null : biasHh.grad());
    }

    // ---- the path the layer Recurrent uses (same math, split at the two products) ----
    //
    // A step is "input part, then gates": a_x = x_t · W_ihᵀ + b_ih does not depend on h_{t-1}, so the layer
    // computes it for ALL time steps in one matrix product, [batch · time, input] · W_ihᵀ, and hands each
    // step its rows. Backward likewise: a cell turns dL/dh_t into the gradients of the gates'
    // pre-activations (GateGradients); the layer collects them for all steps and does the products with
    // W_ih (dL/dW_ih, dL/dx) and with h_{t-1} (dL/dW_hh) once, over all steps. step(...) and
    // backwardStep(...) above are these same methods plus the products, for one step.

    /**
     * One step from its input part {@code ax} = x_t · W_ihᵀ + b_ih ({@code [batch, gates · hidden]}, already
     * computed; the cell may overwrite it and keep views of it in the Step). {@code x} is only remembered.
     */
    protected abstract Step stepFromInputPart(INDArray x, INDArray ax, State previous);

    /**
     * The backward of one step up to the two products: fills {@code dAx} with dL/da_x, the gradient of the
     * input part ({@code [batch, gates · hidden]}), and, for a cell whose hidden part has another gradient
     * ({@link #hiddenGradientDiffers()}), {@code dAh} with dL/da_h. The caller does the products:
     * dL/dx_t = dA_x · W_ih, dL/dW_ih += dA_xᵀ · x_t, dL/dW_hh += dA_hᵀ · h_{t-1},
     * dL/dh_{t-1} = dA_h · W_hh + {@link GateGradients#h() h} (what reaches h_{t-1} by other paths).
     */
    protected abstract GateGradients gateGradients(Step step, INDArray gradH, INDArray gradC, INDArray dAx, INDArray dAh);

    /** False when dL/da_h = dL/da_x (RNN, LSTM: a_t = a_x + a_h); the GRU's differ. */
    protected boolean hiddenGradientDiffers() {
        return false;
    }

    /**
     * What {@link #gateGradients} gives: dA_x, dA_h (the same array when they are equal) and the parts of
     * dL/dh_{t-1} and dL/dc_{t-1} that do not go through W_hh (null: none).
     */
    protected record GateGradients(INDArray ax, INDArray ah, INDArray h, INDArray c) {
    }

    /**
     * backwardStep from gateGradients, for one step: the four products (and bias sums) of the two affine
     * maps, dL/dx_t = dA_x · W_ih and dL/dh_{t-1} = dA_h · W_hh + (other paths).
     */
    protected StepGradients backwardThroughProducts(Step step, INDArray gradH, INDArray gradC) {
        long rows = step.h().size(0);
        long cols = weightIh.value().size(0);
        INDArray dAx = Nd4j.createUninitialized(dataType(), rows, cols);
        INDArray dAh = hiddenGradientDiffers() ? Nd4j.createUninitialized(dataType(), rows, cols) : dAx;
        GateGradients g = gateGradients(step, gradH, gradC, dAx, dAh);
        INDArray dx = inputPartBackward(g.ax(), step.input());                  // dL/dx_t = dA_x · W_ih
        INDArray dhPrevious = hiddenPartBackward(g.ah(), step.previous().h());  // dA_h · W_hh
        if (g.h() != null) {
            dhPrevious.addi(g.h());
        }
        return new StepGradients(dx, dhPrevious, g.c());
    }

    /** a_x + a_h: adds h_{t-1} · W_hhᵀ + b_hh to {@code ax} in place (one product) and returns ax. */
    protected INDArray addHiddenPart(INDArray ax, INDArray h) {
        Nd4j.gemm(h, weightHh.value(), ax, false, true, 1.0, 1.0);
        return biasHh == null ? ax : ax.addiRowVector(biasHh.value());
    }

    /** a = v · Wᵀ + b (b may be null), in a new array. */
    protected static INDArray affine(INDArray v, INDArray weight, INDArray bias) {
        INDArray a = v.mmul(weight.transpose());
        return bias == null ? a : a.addiRowVector(bias);
    }

    /**
     * The backward of a = v · Wᵀ + b: adds dL/dW = daᵀ · v to {@code gradWeight} and dL/db = Σ_batch da to
     * {@code gradBias} (if not null), and returns dL/dv = da · W.
     */
    protected static INDArray affineBackward(INDArray gradA, INDArray v, INDArray weight, INDArray gradWeight,
                                             INDArray gradBias) {
        gradWeight.addi(gradA.transpose().mmul(v));
        if (gradBias != null) {
            gradBias.addi(gradA.sum(0));
        }
        return gradA.mmul(weight);
    }

    /** Block k (0, 1, ...) of the columns of a {@code [batch, gates · hidden]} array: a view, no copy. */
    protected INDArray block(INDArray a, int k) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * hiddenSize, (long) (k + 1) * hiddenSize));
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of a weight: a view, no copy. */
    protected static INDArray rows(INDArray weight, long from, long to) {
        return weight.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Entries {@code from} to {@code to} (exclusive) of a bias vector: a view, no copy. */
    protected static INDArray entries(INDArray bias, long from, long to) {
        return bias.get(NDArrayIndex.interval(from, to));
    }

    // ---- checks with messages in the lecture's language ----

    /** Checks x_t and h_{t-1} (and c_{t-1} when {@code needsC}) before a step. */
    protected void checkStep(INDArray x, State previous, boolean needsC) {
        if (x.rank() != 2 || x.size(1) != inputSize) {
            throw new IllegalArgumentException(this + " expects input x_t [batch, " + inputSize + "] but got "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != dataType()) {
            throw new IllegalArgumentException(this + " has " + dataType() + " parameters but got a " + x.dataType()
                    + " input; convert one of them: x.castTo(DataType." + dataType() + ") or cell.to(DataType."
                    + x.dataType() + ")");
        }
        if (previous == null || previous.h() == null) {
            throw new IllegalArgumentException(this + " needs a previous state h_{t-1}; use cell.initialState(batch)");
        }
        checkState("h_{t-1}", previous.h(), x.size(0));
        if (needsC) {
            if (previous.c() == null) {
                throw new IllegalArgumentException(this + " needs a cell state c_{t-1} in the previous state;"
                        + " use cell.initialState(batch)");
            }
            checkState("c_{t-1}", previous.c(), x.size(0));
        }
    }

    /** Checks that {@code step} was made by this cell and has the expected class; returns it cast. */
    protected <S extends Step> S own(Step step, Class<S> type) {
        if (step == null || step.cell() != this || !type.isInstance(step)) {
            throw new IllegalArgumentException(this + ": backwardStep needs a Step made by this cell's step(...)");
        }
        return type.cast(step);
    }

    /** Checks a gradient dL/dh_t or dL/dc_t against the shape of h_t; null is allowed (counts as zero). */
    protected void checkGrad(String name, INDArray grad, INDArray like) {
        if (grad != null && !Arrays.equals(grad.shape(), like.shape())) {
            throw new IllegalArgumentException(this + ": backwardStep expects " + name + " of shape "
                    + Arrays.toString(like.shape()) + " but got " + Arrays.toString(grad.shape()));
        }
    }

    private void checkState(String name, INDArray s, long batch) {
        if (s.rank() != 2 || s.size(0) != batch || s.size(1) != hiddenSize) {
            throw new IllegalArgumentException(this + " expects " + name + " [" + batch + ", " + hiddenSize
                    + "] but got " + Arrays.toString(s.shape()));
        }
        if (s.dataType() != dataType()) {
            throw new IllegalArgumentException(this + " has " + dataType() + " parameters but got a " + s.dataType()
                    + " state " + name);
        }
    }

    private void requireShape(String name, INDArray a, long... shape) {
        if (!Arrays.equals(a.shape(), shape)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects " + name + " of shape "
                    + Arrays.toString(shape) + " but got " + Arrays.toString(a.shape()));
        }
    }

    /** PyTorch's default: uniform in (-1/sqrt(hidden), 1/sqrt(hidden)). */
    private static INDArray uniform(DataType dataType, int hiddenSize, long... shape) {
        double bound = 1 / Math.sqrt(hiddenSize);
        return Nd4j.rand(dataType, shape).muli(2 * bound).subi(bound);
    }

    /** A zero array like {@code like} when {@code grad} is null, else grad. */
    protected static INDArray orZeros(INDArray grad, INDArray like) {
        return grad != null ? grad : Nd4j.zerosLike(like);
    }

    /** For example {@code RnnCell(3 -> 4)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + " -> " + hiddenSize + ")";
    }
}
