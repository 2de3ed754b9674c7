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
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * A recurrent layer: runs one {@link RecurrentCell} (RNN, LSTM or GRU) over every time step of a batch of
 * sequences, and sends the gradient back by backpropagation through time (BPTT).
 * <pre>
 *   x [batch, time, features]   -&gt;   h_1, ..., h_T  as  [batch, time, hidden]
 *   forward:   h_t = cell(x_t, h_{t-1})   for t = 1 .. T,   h_0 = 0 (or a learned h0)
 * </pre>
 *
 * <p><b>Mask.</b> An optional mask {@code [batch, time]} (1 = real token, 0 = padding) lets sequences of
 * different lengths share a batch. At a padded step the state is carried over unchanged,
 * {@code h_t = m_t h_cell + (1 - m_t) h_{t-1}}, so after the last real token the state stays that token's
 * state: {@link #lastHidden()} is, per sequence, the state of its last VALID step. The output at a padded
 * step is 0 (as PyTorch's {@code pad_packed_sequence}), and no gradient enters there: a padded sequence
 * gives the same outputs and gradients as the unpadded shorter one.
 *
 * <p><b>Backward = BPTT.</b> {@link #backward(INDArray)} takes dL/dh_t for every step (the gradient of the
 * outputs) and walks back t = T .. 1. The gradient of h_t has two sources: the output at step t, and the
 * step t + 1 that used h_t as its h_{t-1}:
 * <pre>
 *   dL/dh_t = dL/d(output_t)  +  dL/dh_t (carried back from step t + 1)
 *   plain RNN, h_t = tanh(a_t):   carried back to h_{t-1} = (dL/dh_t ⊙ (1 - h_t²)) · W_hh
 * </pre>
 * Going back k steps multiplies by k such factors; when they are small the gradient of early steps
 * vanishes (when large, it explodes): {@link #gradNorms()} shows it.
 * {@link RecurrentCell#backwardStep} turns it into dL/dx_t, dL/dh_{t-1} (carried on) and adds the
 * parameter gradients of step t; over all steps they add up, because the same weights are used at every
 * step. {@link #backwardLast(INDArray)} is the many-to-one case: a gradient for the last state only.
 *
 * <p><b>Initial and final states (PyTorch's h_0, c_0, h_n, c_n).</b> {@link #forward(INDArray, INDArray, State)}
 * starts from a given state, one row per sequence ({@code [batch, hidden]}, and c_0 for an LSTM), for example
 * the last state of the previous chunk of a long text. {@link #backward(INDArray, State)} takes, besides
 * dL/d(outputs), the gradient of the final state (dL/dh_n and, for an LSTM, dL/dc_n), as PyTorch's autograd
 * does when the loss uses h_n or c_n: it starts the walk back at t = T. What reaches h_0 (and c_0) at the
 * end of the walk is {@link #initialStateGradient()}: dL/dh_0 = dL/dh_t carried back one step past t = 1.
 *
 * <p><b>Truncated BPTT.</b> {@link #truncate(int) truncate(k)} cuts the time axis into chunks of k steps,
 * counted from the first step: 1..k, k+1..2k, ... The gradient is not carried from the first step of a
 * chunk back into the previous chunk. This is the usual truncated BPTT of language models: it gives the
 * same gradients as running the forward chunk by chunk and treating the state passed between chunks as a
 * constant (PyTorch's {@code h.detach()} between chunks). The forward is unchanged. With k &ge; T it is full BPTT.
 *
 * <p><b>Looking inside.</b> After a backward, {@link #gradNorms()} holds ||dL/dh_t|| for t = 1..T (the
 * vanishing-gradient picture); {@link #steps()} holds the cell's Step of every time step, and
 * {@link #gates(int)} the gate activations of a step (LSTM: i, f, g, o; GRU: r, z, n).
 *
 * <p>The initial state is zero by default; {@link #learnInitialState()} makes it a parameter {@code h0}
 * (and {@code c0} for the LSTM), one vector shared by all sequences. The parameters are the cell's
 * (same names) and these.
 *
 * <p><b>Speed.</b> The input part x_t · W_ihᵀ + b_ih does not depend on h_{t-1}, so forward computes it for
 * all T steps in ONE matrix product and each step adds only its h_{t-1} · W_hhᵀ. Backward likewise: each
 * step gives the gradient of its gates' pre-activations, and dL/dW_ih, dL/dx and dL/dW_hh are one product
 * each over all steps. The results are those of calling {@link RecurrentCell#step} and
 * {@link RecurrentCell#backwardStep} step by step (up to the order of float sums).
 */
public class Recurrent extends Module {

    private final RecurrentCell cell;
    private Parameter h0; // null: the initial state is zero
    private Parameter c0; // LSTM with a learned initial state only
    private int truncation = Integer.MAX_VALUE; // k of truncated BPTT; MAX_VALUE = full BPTT
    private INDArray nextMask; // set by useMask, used by forward(x)
    private boolean fusedAllowed = Boolean.parseBoolean(System.getProperty("nnlab.fused", "true"));
    private FusedRecurrence fusedPath; // made at the first forward that can use it

    // cached by forward for backward and for looking inside
    private List<Step> steps;   // step by step: the cell's Steps; fused: made when asked for
    private FusedRecurrence fused; // the fused path, when the last forward took it; else null
    private INDArray mask;      // [batch, time] in the parameters' data type, or null
    private boolean givenInitial; // the forward started from a state given by the caller (not h0/zeros)
    private State last;         // the state after the last step (= of the last valid step, per sequence)
    private long[] inputShape;  // [batch, time, features]
    private INDArray inputByTime; // x time-major as [time · batch, features]
    private double[] gradNorms; // ||dL/dh_t|| after a backward
    private State initialGradient; // dL/dh_0 (and dL/dc_0) per sequence after a backward

    /** A layer that unrolls {@code cell}; its parameters are the cell's. */
    public Recurrent(RecurrentCell cell) {
        this.cell = cell;
    }

    /** The cell that computes each step. */
    public RecurrentCell cell() {
        return cell;
    }

    /**
     * Makes the initial state h_0 (and c_0 for an LSTM) a learned parameter, starting at zero, instead of
     * the constant zero. Returns this.
     */
    public Recurrent learnInitialState() {
        h0 = new Parameter("h0", Nd4j.zeros(cell.dataType(), cell.hiddenSize()));
        if (cell instanceof LstmCell) {
            c0 = new Parameter("c0", Nd4j.zeros(cell.dataType(), cell.hiddenSize()));
        }
        return this;
    }

    /**
     * Truncated BPTT with chunks of {@code k} steps (see the class comment); {@code Integer.MAX_VALUE}
     * switches back to full BPTT. Returns this.
     */
    public Recurrent truncate(int k) {
        if (k < 1) {
            throw new IllegalArgumentException(this + ": truncated BPTT needs k >= 1 steps but got " + k);
        }
        this.truncation = k;
        return this;
    }

    /** The k of truncated BPTT, or {@code Integer.MAX_VALUE} for full BPTT. */
    public int truncation() {
        return truncation;
    }

    /**
     * {@code true} (the default): FLOAT cells on the CPU run on the fused path, each step's gate arithmetic in
     * one pass over Java arrays ({@link FusedRecurrence}; several times faster, same results up to float
     * rounding). {@code false}: every step goes through the cell's {@code stepFromInputPart} and
     * {@code gateGradients}, the code the lectures show. DOUBLE cells (gradient checks), the GRU in the
     * lectures' formulation and cells of other classes always go step by step. The default for new layers
     * comes from {@code -Dnnlab.fused}. Returns this.
     */
    public Recurrent fused(boolean allowed) {
        this.fusedAllowed = allowed;
        return this;
    }

    /** The mask {@code [batch, time]} that the following {@link #forward(INDArray)} calls use; null = no padding. */
    public void useMask(INDArray mask) {
        this.nextMask = mask;
    }

    // ---------------------------------------------------------------- forward

    /** All hidden states, with the mask of {@link #useMask(INDArray)} (or none). */
    @Override
    public INDArray forward(INDArray x) {
        return forward(x, nextMask);
    }

    /**
     * All hidden states {@code [batch, time, hidden]} for x {@code [batch, time, features]}; mask
     * {@code [batch, time]} of 1 (real) and 0 (padding), or null when every step is real.
     */
    public INDArray forward(INDArray x, INDArray mask) {
        return forward(x, mask, null);
    }

    /**
     * As {@link #forward(INDArray, INDArray)}, starting from the state {@code initial}: h_0 {@code [batch, hidden]},
     * one row per sequence, and for an LSTM c_0 of the same shape ({@code State.of(h0, c0)}), as PyTorch's
     * {@code rnn(x, h_0)} and {@code lstm(x, (h_0, c_0))}. Null: the default start (zeros, or the learned h0;
     * a given state replaces the learned one for this forward, which then gets no gradient from it).
     */
    public INDArray forward(INDArray x, INDArray mask, State initial) {
        checkInput(x);
        long batch = x.size(0);
        int time = (int) x.size(1);
        this.mask = mask == null ? null : checkMask(mask, batch, time);
        State start = initial == null ? initialState(batch) : checkInitialState(initial, batch);
        this.givenInitial = initial != null;
        this.inputShape = x.shape();
        this.gradNorms = null;
        this.initialGradient = null;
        // the input parts of ALL steps in one product: x_t · W_ihᵀ + b_ih for t = 1..T, time-major
        // [time, batch, features] so that the rows of step t are one block, [time · batch, gates · hidden]
        inputByTime = x.permute(1, 0, 2).dup('c').reshape(time * batch, x.size(2));
        fused = fusedAllowed ? fusedPath() : null;
        if (fused != null) { // the same steps, each in one pass over Java arrays (FusedRecurrence)
            steps = null;
            INDArray output = fused.forward(inputByTime, batch, time, this.mask, start);
            last = new State(fused.lastHidden(), fused.lastCell());
            return output;
        }
        this.steps = new ArrayList<>(time);
        INDArray output = Nd4j.zeros(cell.dataType(), batch, time, cell.hiddenSize());
        INDArray inputParts = cell.inputPart(inputByTime).reshape(time, batch, -1);
        State state = start;
        for (int t = 0; t < time; t++) {
            INDArray xt = stepRows(inputByTime, t, batch);
            Step step = cell.stepFromInputPart(xt, inputParts.slice(t), state);   // h_t = cell(x_t, h_{t-1})
            steps.add(step);
            if (this.mask == null) {
                state = step.state();
                output.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).assign(state.h());
            } else {
                // padding: h_t = m_t h_cell + (1 - m_t) h_{t-1}, the state is carried over where m_t = 0
                INDArray m = maskColumn(t);
                state = new State(blend(m, step.h(), state.h()),
                        step.c() == null ? null : blend(m, step.c(), state.c()));
                // the output is m_t h_t: the state at a real step, 0 at padding
                output.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all())
                        .assign(state.h().mulColumnVector(m));
            }
        }
        last = state;
        return output;
    }

    /** The fused path for this cell, or null where it does not apply (for example a DOUBLE cell). */
    private FusedRecurrence fusedPath() {
        if (fusedPath == null || cell.dataType() != DataType.FLOAT) {
            fusedPath = FusedRecurrence.of(cell);
        }
        return fusedPath;
    }

    /** h_0 (and c_0): zeros, or the learned h0 (and c0) copied to every sequence of the batch. */
    private State initialState(long batch) {
        if (h0 == null) {
            return cell.initialState(batch);
        }
        INDArray h = Nd4j.zeros(cell.dataType(), batch, cell.hiddenSize()).addiRowVector(h0.value());
        INDArray c = c0 == null ? null : Nd4j.zeros(cell.dataType(), batch, cell.hiddenSize()).addiRowVector(c0.value());
        return new State(h, c);
    }

    /** m ⊙ a + (1 - m) ⊙ b, row by row, with m a column [batch, 1] of 0 and 1. */
    private static INDArray blend(INDArray m, INDArray a, INDArray b) {
        return a.mulColumnVector(m).addi(b.mulColumnVector(m.rsub(1)));
    }

    /** Column t of the mask, as [batch, 1]. */
    private INDArray maskColumn(int t) {
        return mask.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
    }

    // ---------------------------------------------------------------- backward = BPTT

    /**
     * BPTT from dL/d(all hidden states) {@code [batch, time, hidden]}: accumulates the parameter
     * gradients and returns dL/dx {@code [batch, time, features]}.
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        requireForward();
        checkGradShape(gradOutput, new long[] {inputShape[0], inputShape[1], cell.hiddenSize()});
        return bptt(gradOutput, null, true);
    }

    /**
     * BPTT from dL/d(all hidden states) {@code [batch, time, hidden]} AND from the gradient of the final
     * state, {@code gradLast} = (dL/dh_n, dL/dc_n), each {@code [batch, hidden]} (the c part only for an
     * LSTM): what PyTorch's autograd does for a loss that uses the outputs and h_n (c_n). Any of them may be
     * null (no gradient from there). Under a mask, h_n of a sequence is the state of its last real step, so
     * its gradient enters there. Returns dL/dx; dL/dh_0 (dL/dc_0) is then {@link #initialStateGradient()}.
     */
    public INDArray backward(INDArray gradOutput, State gradLast) {
        requireForward();
        if (gradOutput != null) {
            checkGradShape(gradOutput, new long[] {inputShape[0], inputShape[1], cell.hiddenSize()});
        }
        return bptt(gradOutput, checkLastGradient(gradLast), true);
    }

    /** BPTT for training: the parameters' gradients as {@link #backward}, without dL/dx. */
    @Override
    public void backwardToParameters(INDArray gradOutput) {
        requireForward();
        checkGradShape(gradOutput, new long[] {inputShape[0], inputShape[1], cell.hiddenSize()});
        bptt(gradOutput, null, false);
    }

    /**
     * BPTT from a gradient of the last hidden state only (many-to-one: a classifier on the last state),
     * dL/dh_T {@code [batch, hidden]}; under a mask, h_T of a sequence is the state of its last valid step.
     * Returns dL/dx {@code [batch, time, features]}.
     */
    public INDArray backwardLast(INDArray gradLast) {
        requireForward();
        checkGradShape(gradLast, new long[] {inputShape[0], cell.hiddenSize()});
        return bptt(null, State.of(gradLast), true);
    }

    /** {@link #backwardLast} for training: the parameters' gradients, without dL/dx. */
    void backwardLastToParameters(INDArray gradLast) {
        requireForward();
        checkGradShape(gradLast, new long[] {inputShape[0], cell.hiddenSize()});
        bptt(null, State.of(gradLast), false);
    }

    /**
     * The BPTT loop; gradOutput may be null (no gradient on the outputs), gradLast (dL/dh_n, dL/dc_n) may be
     * null, and so may each of its parts.
     * Each step back gives the gradients of the gates' pre-activations dA_t (one block of rows per
     * step); the products that do not carry anything from step to step are done once for all steps:
     * <pre>
     *   dL/dW_ih += dAᵀ · X       dL/db_ih += Σ dA       dL/dX = dA · W_ih          (all steps at once)
     *   dL/dW_hh += dA_hᵀ · H     dL/db_hh += Σ dA_h     H = h_0 .. h_{T-1} stacked
     *   per step only: dL/dh_{t-1} = dA_h,t · W_hh  (+ the paths that bypass W_hh, e.g. the GRU's (1 - z))
     * </pre>
     */
    private INDArray bptt(INDArray gradOutput, State gradLast, boolean inputGradient) {
        long batch = inputShape[0];
        int time = (int) inputShape[1];
        long width = cell.weightIh().value().size(0); // gates · hidden
        gradNorms = new double[time];
        INDArray gradLastH = gradLast == null ? null : gradLast.h();
        INDArray gradLastC = gradLast == null ? null : gradLast.c();
        if (fused != null) {
            INDArray gradInputByTime = fused.backward(gradOutput, gradLastH, gradLastC, truncation, gradNorms,
                    inputGradient);
            float[] dc0 = fused.initialCellGradient();
            reachInitialState(FusedRecurrence.fromJava(fused.dhCarried, 0, batch, cell.hiddenSize()),
                    dc0 == null ? null : FusedRecurrence.fromJava(dc0, 0, batch, cell.hiddenSize()));
            return gradInputByTime == null ? null
                    : gradInputByTime.reshape(time, batch, inputShape[2]).permute(1, 0, 2).dup('c');
        }
        // dA of every step, time-major like the forward's input parts: rows t·batch .. (t+1)·batch - 1
        INDArray dAx = Nd4j.createUninitialized(cell.dataType(), time * batch, width);
        INDArray dAh = cell.hiddenGradientDiffers() ? Nd4j.createUninitialized(cell.dataType(), time * batch, width) : dAx;
        INDArray previousH = Nd4j.createUninitialized(cell.dataType(), time * batch, cell.hiddenSize());
        INDArray weightHh = cell.weightHh().value();
        // what step t + 1 sends back to h_t (and c_t); for t = T: the gradient of the final state h_n (c_n)
        INDArray dhCarried = gradLastH == null ? Nd4j.zeros(cell.dataType(), batch, cell.hiddenSize()) : gradLastH.dup();
        INDArray dcCarried = gradLastC == null ? null : gradLastC.dup(); // only the LSTM has a c
        for (int t = time - 1; t >= 0; t--) {
            Step step = steps.get(t);
            INDArray dAxT = stepRows(dAx, t, batch);
            INDArray dAhT = stepRows(dAh, t, batch);
            stepRows(previousH, t, batch).assign(step.previous().h());
            // dL/dh_t = dL/d(output_t) + dL/dh_t carried back from step t + 1
            INDArray dh = dhCarried;
            if (gradOutput != null) {
                INDArray dOut = gradOutput.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
                // output_t = m_t h_t: padding gets no gradient from its (constant zero) output
                dh = mask == null ? dh.add(dOut) : dh.add(dOut.mulColumnVector(maskColumn(t)));
            }
            gradNorms[t] = dh.norm2Number().doubleValue();  // ||dL/dh_t||, summed over the batch
            INDArray dhPrevious;
            INDArray dcPrevious;
            if (mask == null) {
                // one step back: dA_t, then dL/dh_{t-1} = dA_h,t · W_hh (+ other paths), dL/dc_{t-1}
                RecurrentCell.GateGradients g = cell.gateGradients(step, dh, dcCarried, dAxT, dAhT);
                dhPrevious = hiddenBack(g, weightHh);
                dcPrevious = g.c();
            } else {
                // h_t = m_t h_cell + (1 - m_t) h_{t-1}: the cell gets m_t dL/dh_t (nothing at padding),
                // and h_{t-1} gets the cell's part plus (1 - m_t) dL/dh_t (carried straight through padding)
                INDArray m = maskColumn(t);
                INDArray keep = m.rsub(1);
                RecurrentCell.GateGradients g = cell.gateGradients(step, dh.mulColumnVector(m),
                        dcCarried == null ? null : dcCarried.mulColumnVector(m), dAxT, dAhT);
                dhPrevious = hiddenBack(g, weightHh).addi(dh.mulColumnVector(keep));
                dcPrevious = g.c() == null ? null
                        : dcCarried == null ? g.c() : g.c().addi(dcCarried.mulColumnVector(keep));
            }
            // truncated BPTT: at the first step of a chunk, nothing is carried into the previous chunk
            if (t % truncation == 0 && t > 0) {
                dhPrevious = Nd4j.zeros(cell.dataType(), batch, cell.hiddenSize());
                dcPrevious = null;
            }
            dhCarried = dhPrevious;
            dcCarried = dcPrevious;
        }
        // the products over all steps at once: dL/dW_ih, dL/db_ih, dL/dx, dL/dW_hh, dL/db_hh
        INDArray gradInputByTime = cell.inputPartBackward(dAx, inputByTime);   // [time · batch, features]
        cell.weightHh().grad().addi(dAh.transpose().mmul(previousH));          // dL/dW_hh += dA_hᵀ · H
        if (cell.hasBias()) {
            cell.biasHh().grad().addi(dAh.sum(0));                             // dL/db_hh += Σ dA_h
        }
        reachInitialState(dhCarried, dcCarried);
        if (!inputGradient) {
            return null;
        }
        // back to batch-first [batch, time, features]
        return gradInputByTime.reshape(time, batch, inputShape[2]).permute(1, 0, 2).dup('c');
    }

    /**
     * What the walk back carried past t = 1 is dL/dh_0 (and dL/dc_0), per sequence {@code [batch, hidden]};
     * dc may be null (no c, or no gradient reached it). Kept for {@link #initialStateGradient()}; when the start
     * was the learned h0 (c0), shared by all sequences, its gradient is the sum over the batch.
     */
    private void reachInitialState(INDArray dh, INDArray dc) {
        if (dc == null && last.c() != null) {
            dc = Nd4j.zeros(cell.dataType(), dh.size(0), cell.hiddenSize());
        }
        initialGradient = new State(dh, dc);
        if (h0 != null && !givenInitial) {
            h0.grad().addi(dh.sum(0));
            if (c0 != null) {
                c0.grad().addi(dc.sum(0));
            }
        }
    }

    /**
     * dL/dh_0 (and for an LSTM dL/dc_0), {@code [batch, hidden]} each, from the last backward: the gradient of
     * the initial state given to {@link #forward(INDArray, INDArray, State)} (PyTorch's {@code h_0.grad}); with
     * the default start it is the gradient of that zero (or learned) state, per sequence.
     */
    public State initialStateGradient() {
        if (initialGradient == null) {
            throw new IllegalStateException(this + ": no gradient of the initial state yet; call backward after forward");
        }
        return new State(initialGradient.h().dup(), initialGradient.c() == null ? null : initialGradient.c().dup());
    }

    /** dL/dh_{t-1} = dA_h,t · W_hh plus the paths that bypass W_hh (if any), in a new array. */
    private static INDArray hiddenBack(RecurrentCell.GateGradients g, INDArray weightHh) {
        INDArray dh = g.ah().mmul(weightHh);
        return g.h() == null ? dh : dh.addi(g.h());
    }

    /** The rows of step t of a time-major [time · batch, ...] array: a view. */
    private static INDArray stepRows(INDArray byTime, int t, long batch) {
        return byTime.get(NDArrayIndex.interval(t * batch, (t + 1) * batch), NDArrayIndex.all());
    }

    // ---------------------------------------------------------------- looking inside

    /** h_T per sequence, {@code [batch, hidden]}: the state of the last (valid) step of each sequence. */
    public INDArray lastHidden() {
        requireForward();
        return last.h().dup();
    }

    /** The last state (h_T and, for an LSTM, c_T) per sequence, as for {@link #lastHidden()}. */
    public State lastState() {
        requireForward();
        return new State(last.h().dup(), last.c() == null ? null : last.c().dup());
    }

    /** The cell's Step of every time step of the last forward (at padding: the step before carrying over). */
    public List<Step> steps() {
        return List.copyOf(stepList());
    }

    /** The Steps of the last forward; on the fused path they are made from its arrays when first asked for. */
    private List<Step> stepList() {
        requireForward();
        if (steps == null) {
            steps = fused.steps();
        }
        return steps;
    }

    /** h_t of step t (0-based) as the cell computed it, {@code [batch, hidden]}. */
    public INDArray hidden(int t) {
        return stepList().get(t).h();
    }

    /**
     * The gate activations of step t (0-based), by name: LSTM {@code i, f, g, o}; GRU {@code r, z, n}
     * (z in the lectures' sense, n the candidate h̃_t); none for the plain RNN.
     */
    public Map<String, INDArray> gates(int t) {
        Step step = stepList().get(t);
        Map<String, INDArray> gates = new LinkedHashMap<>();
        if (step instanceof LstmCell.LstmStep s) {
            gates.put("i", s.i);
            gates.put("f", s.f);
            gates.put("g", s.g);
            gates.put("o", s.o);
        } else if (step instanceof GruCell.GruStep s) {
            gates.put("r", s.r);
            gates.put("z", s.z);
            gates.put("n", s.n);
        }
        return gates;
    }

    /**
     * ||dL/dh_t|| for t = 1..T (index 0..T-1) from the last backward: the vanishing-gradient picture. The
     * norm is over the whole batch and includes both sources (the output at t and the carried gradient);
     * at a padded step it is the gradient passing through unchanged to the last valid step before it.
     */
    public double[] gradNorms() {
        if (gradNorms == null) {
            throw new IllegalStateException(this + ": no gradient norms yet; call backward after forward");
        }
        return gradNorms.clone();
    }

    // ---------------------------------------------------------------- parameters

    /** The cell's parameters, then h0 (and c0) if the initial state is learned. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(cell.parameters());
        if (h0 != null) {
            list.add(h0);
        }
        if (c0 != null) {
            list.add(c0);
        }
        return List.copyOf(list);
    }

    /** For example {@code Recurrent(LstmCell(3 -> 4))}. */
    @Override
    public String toString() {
        return "Recurrent(" + cell + ")";
    }

    // ---------------------------------------------------------------- checks

    private void requireForward() {
        if (steps == null && fused == null) {
            throw backwardBeforeForward();
        }
    }

    private void checkInput(INDArray x) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(this + " expects input [batch, time, features] but got "
                    + Arrays.toString(x.shape()) + " (rank " + x.rank() + ")"
                    + (x.rank() == 2 ? "; an Embedding before it turns token ids [batch, time] into vectors" : ""));
        }
        if (x.size(2) != cell.inputSize()) {
            throw new IllegalArgumentException(this + " expects " + cell.inputSize() + " features per time step but got "
                    + x.size(2) + " (input " + Arrays.toString(x.shape()) + ")");
        }
        if (x.size(1) < 1) {
            throw new IllegalArgumentException(this + " needs at least one time step but got input "
                    + Arrays.toString(x.shape()));
        }
        if (x.dataType() != cell.dataType()) {
            throw new IllegalArgumentException(this + " has " + cell.dataType() + " parameters but got a "
                    + x.dataType() + " input; convert one of them: x.castTo(DataType." + cell.dataType()
                    + ") or layer.to(DataType." + x.dataType() + ")");
        }
    }

    /** Checks a given initial state (h_0, and c_0 for a cell with a cell state); returns copies. */
    private State checkInitialState(State initial, long batch) {
        boolean hasC = cell.initialState(1).c() != null;
        if (initial.h() == null) {
            throw new IllegalArgumentException(this + ": the initial state has no h_0; give State.of(h0"
                    + (hasC ? ", c0" : "") + ") with h_0 [batch, hidden] = [" + batch + ", " + cell.hiddenSize() + "]");
        }
        if (hasC && initial.c() == null) {
            throw new IllegalArgumentException(this + " needs c_0 as well as h_0 (an LSTM carries both): give"
                    + " State.of(h0, c0), each [batch, hidden] = [" + batch + ", " + cell.hiddenSize() + "]");
        }
        if (!hasC && initial.c() != null) {
            throw new IllegalArgumentException(this + " has no cell state c (only an LSTM has one): give State.of(h0)");
        }
        checkStateShape("h_0", "initial state", initial.h(), batch);
        if (hasC) {
            checkStateShape("c_0", "initial state", initial.c(), batch);
        }
        return new State(initial.h().dup(), hasC ? initial.c().dup() : null);
    }

    /** Checks (dL/dh_n, dL/dc_n) given to backward; either may be null. */
    private State checkLastGradient(State gradLast) {
        if (gradLast == null) {
            return null;
        }
        if (gradLast.h() != null) {
            checkStateShape("dL/dh_n", "gradient of the final state", gradLast.h(), inputShape[0]);
        }
        if (gradLast.c() != null) {
            if (last.c() == null) {
                throw new IllegalArgumentException(this + " has no cell state c (only an LSTM has one), so no"
                        + " dL/dc_n: give State.of(gradH)");
            }
            checkStateShape("dL/dc_n", "gradient of the final state", gradLast.c(), inputShape[0]);
        }
        return gradLast;
    }

    /** A state (or its gradient) must be [batch, hidden] in the parameters' data type. */
    private void checkStateShape(String name, String what, INDArray a, long batch) {
        if (a.rank() != 2 || a.size(0) != batch || a.size(1) != cell.hiddenSize()) {
            String hint = a.rank() == 1 ? "; for one vector v shared by all sequences repeat it,"
                    + " Nd4j.zeros(DataType." + cell.dataType() + ", batch, hidden).addiRowVector(v), or learn it with"
                    + " learnInitialState()"
                    : a.rank() == 3 ? "; [layers · directions, batch, hidden] is RecurrentStack's layout:"
                    + " one layer and direction is a.slice(k)" : "";
            throw new IllegalArgumentException(this + " expects the " + what + " " + name + " as [batch, hidden] = ["
                    + batch + ", " + cell.hiddenSize() + "], one row per sequence, but got "
                    + Arrays.toString(a.shape()) + hint);
        }
        if (a.dataType() != cell.dataType()) {
            throw new IllegalArgumentException(this + " has " + cell.dataType() + " parameters but got a "
                    + a.dataType() + " " + name + "; convert it with .castTo(DataType." + cell.dataType() + ")");
        }
    }

    /** Checks shape and values of a mask; returns it in the parameters' data type. */
    private INDArray checkMask(INDArray mask, long batch, long time) {
        if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
            throw new IllegalArgumentException(this + " expects a mask [batch, time] = [" + batch + ", " + time
                    + "] but got " + Arrays.toString(mask.shape()));
        }
        INDArray d = mask.castTo(DataType.DOUBLE);
        if (d.mul(d.rsub(1)).amaxNumber().doubleValue() != 0) { // m (1 - m) = 0 only for 0 and 1
            throw new IllegalArgumentException(this + ": a mask holds only 1 (real step) and 0 (padding)");
        }
        return mask.castTo(cell.dataType()).dup();
    }
}
