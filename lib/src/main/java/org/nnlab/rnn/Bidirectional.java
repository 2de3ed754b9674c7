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
 * A bidirectional recurrent layer: one {@link Recurrent} reads each sequence left to right, another reads
 * it right to left, and the output at every step is both hidden states side by side:
 * <pre>
 *   →h_t = cell_f(x_t, →h_{t-1})          t = 1 .. T          (what came before x_t)
 *   ←h_t = cell_b(x_t, ←h_{t+1})          t = T .. 1          (what comes after x_t)
 *   output_t = [→h_t | ←h_t]              [batch, time, 2 · hidden]
 * </pre>
 * So a tagger sees the whole sentence at every word. The backward direction is an ordinary
 * {@link Recurrent} run on the REVERSED sequences; under a mask each sequence is reversed within its own
 * length (padding stays at the end), as PyTorch's packed sequences do, so the backward direction starts at
 * the last real token, never at padding. Backward: the gradient of the output splits into its two halves,
 * each goes back through its own direction (BPTT), and the two gradients of x_t add up.
 *
 * <p>{@link #lastHidden()} is PyTorch's {@code h_n} side by side: the forward direction's state after the
 * last real token and the backward direction's state after reading the first token, {@code [batch, 2 · hidden]}.
 * The parameters are the two cells'; their names get PyTorch's suffix {@code _reverse} for the backward
 * direction ({@code weight_ih}, ..., {@code weight_ih_reverse}, ...).
 *
 * <p>Initial and final states go per direction, as PyTorch's {@code h_0}/{@code h_n} rows 0 (forward) and
 * 1 (reverse): {@link #forward(INDArray, INDArray, State, State)} starts each direction from its own state,
 * {@link #backward(INDArray, State, State)} takes the gradients of both directions' final states, and each
 * direction's {@link Recurrent#initialStateGradient()} then holds dL/dh_0 (dL/dc_0).
 */
public class Bidirectional extends Module {

    private final Recurrent forwardLayer;
    private final Recurrent backwardLayer;
    private INDArray nextMask;

    // cached by forward
    private int[] order;       // row b·T + t of the reversed batch comes from row order[b·T + t] of the input
    private long[] inputShape; // [batch, time, features]

    /** Two directions from two cells of the same kind and size (not shared: each has its own weights). */
    public Bidirectional(RecurrentCell forwardCell, RecurrentCell backwardCell) {
        this(new Recurrent(forwardCell), new Recurrent(backwardCell));
    }

    /** Two directions from two layers (for example with truncation or learned initial states). */
    public Bidirectional(Recurrent forwardLayer, Recurrent backwardLayer) {
        RecurrentCell f = forwardLayer.cell();
        RecurrentCell b = backwardLayer.cell();
        if (f == b) {
            throw new IllegalArgumentException("Bidirectional needs two different cells (one per direction), "
                    + "not the same cell twice: new Bidirectional(new LstmCell(in, h), new LstmCell(in, h))");
        }
        if (f.inputSize() != b.inputSize() || f.hiddenSize() != b.hiddenSize() || f.getClass() != b.getClass()) {
            throw new IllegalArgumentException("Bidirectional needs two cells of the same kind and size but got "
                    + f + " and " + b);
        }
        this.forwardLayer = forwardLayer;
        this.backwardLayer = backwardLayer;
    }

    /** The left-to-right direction. */
    public Recurrent forwardLayer() {
        return forwardLayer;
    }

    /** The right-to-left direction (its time step t is step T - 1 - t of the sequence). */
    public Recurrent backwardLayer() {
        return backwardLayer;
    }

    /** The size of the output at each step: 2 · hidden. */
    public int outputSize() {
        return 2 * forwardLayer.cell().hiddenSize();
    }

    /** The mask {@code [batch, time]} that the following {@link #forward(INDArray)} calls use; null = no padding. */
    public void useMask(INDArray mask) {
        this.nextMask = mask;
    }

    /** Both directions' hidden states side by side, with the mask of {@link #useMask(INDArray)} (or none). */
    @Override
    public INDArray forward(INDArray x) {
        return forward(x, nextMask);
    }

    /**
     * {@code [batch, time, 2 · hidden]} for x {@code [batch, time, features]}; mask {@code [batch, time]} with
     * each sequence's real steps first (1 ... 1 0 ... 0), or null.
     */
    public INDArray forward(INDArray x, INDArray mask) {
        return forward(x, mask, null, null);
    }

    /**
     * As {@link #forward(INDArray, INDArray)}, each direction starting from a given state ({@code [batch, hidden]}
     * rows, c too for an LSTM; null: the default start). The backward direction starts at each sequence's last
     * real step, so its initial state is PyTorch's {@code h_0[1]} (the {@code _reverse} row).
     */
    public INDArray forward(INDArray x, INDArray mask, State forwardInitial, State backwardInitial) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(this + " expects input [batch, time, features] but got "
                    + Arrays.toString(x.shape()));
        }
        inputShape = x.shape();
        order = reversalOrder(x.size(0), (int) x.size(1), mask);
        INDArray left = forwardLayer.forward(x, mask, forwardInitial);
        // the reversed sequences have their real steps first too, so the same mask fits them
        INDArray right = reverse(backwardLayer.forward(reverse(x), mask, backwardInitial));
        return Nd4j.concat(2, left, right);
    }

    /** BPTT in both directions from dL/d(output) {@code [batch, time, 2 · hidden]}; returns dL/dx. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        requireForward();
        int hidden = forwardLayer.cell().hiddenSize();
        checkGradShape(gradOutput, new long[] {inputShape[0], inputShape[1], 2L * hidden});
        INDArray gradLeft = gradOutput.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup();
        INDArray gradRight = gradOutput.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(hidden, 2 * hidden)).dup();
        // x_t was used by both directions: its gradient is the sum of the two
        INDArray gradInput = forwardLayer.backward(gradLeft);
        return gradInput.addi(reverse(backwardLayer.backward(reverse(gradRight))));
    }

    /**
     * BPTT in both directions from dL/d(output) {@code [batch, time, 2 · hidden]} (or null) and the gradients of
     * each direction's final state (dL/dh_n, and dL/dc_n for an LSTM, {@code [batch, hidden]} each, or null):
     * the forward direction's h_n is its state at the last real step, the backward direction's its state after
     * reading the first step. Returns dL/dx.
     */
    public INDArray backward(INDArray gradOutput, State gradForwardLast, State gradBackwardLast) {
        requireForward();
        int hidden = forwardLayer.cell().hiddenSize();
        INDArray gradLeft = null;
        INDArray gradRight = null;
        if (gradOutput != null) {
            checkGradShape(gradOutput, new long[] {inputShape[0], inputShape[1], 2L * hidden});
            gradLeft = gradOutput.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup();
            gradRight = reverse(gradOutput.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(hidden, 2 * hidden)).dup());
        }
        INDArray gradInput = forwardLayer.backward(gradLeft, gradForwardLast);
        return gradInput.addi(reverse(backwardLayer.backward(gradRight, gradBackwardLast)));
    }

    /** PyTorch's h_n side by side: [→h_T | ←h_1], {@code [batch, 2 · hidden]} (see the class comment). */
    public INDArray lastHidden() {
        requireForward();
        return Nd4j.hstack(forwardLayer.lastHidden(), backwardLayer.lastHidden());
    }

    /**
     * Many-to-one: BPTT from dL/d{@link #lastHidden()} {@code [batch, 2 · hidden]} only; returns dL/dx
     * {@code [batch, time, features]}.
     */
    public INDArray backwardLast(INDArray gradLast) {
        requireForward();
        int hidden = forwardLayer.cell().hiddenSize();
        checkGradShape(gradLast, new long[] {inputShape[0], 2L * hidden});
        INDArray gradInput = forwardLayer.backwardLast(gradLast.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup());
        INDArray fromRight = backwardLayer.backwardLast(
                gradLast.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).dup());
        return gradInput.addi(reverse(fromRight));
    }

    /** The forward direction's parameters, then the backward direction's. */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(forwardLayer.parameters());
        list.addAll(backwardLayer.parameters());
        return List.copyOf(list);
    }

    /** PyTorch's names: {@code weight_ih, ...} for the forward direction, {@code weight_ih_reverse, ...} for the other. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Parameter p : forwardLayer.parameters()) {
            named.put(p.name(), p);
        }
        for (Parameter p : backwardLayer.parameters()) {
            named.put(p.name() + "_reverse", p);
        }
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        forwardLayer.to(dataType);
        backwardLayer.to(dataType);
        return this;
    }

    /** For example {@code Bidirectional(LstmCell(3 -> 4))}. */
    @Override
    public String toString() {
        return "Bidirectional(" + forwardLayer.cell() + ")";
    }

    // ---------------------------------------------------------------- reversing each sequence

    /**
     * Where each row of the reversed batch comes from: sequence b of length n_b (its real steps) becomes
     * x_{n_b}, ..., x_1 followed by its padding unchanged. Rows are numbered b · T + t.
     */
    private int[] reversalOrder(long batch, int time, INDArray mask) {
        int[] lengths = lengths(batch, time, mask);
        int[] rows = new int[(int) batch * time];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                int from = t < lengths[b] ? lengths[b] - 1 - t : t;
                rows[b * time + t] = b * time + from;
            }
        }
        return rows;
    }

    /** The number of real steps of each sequence; the mask must have them first (1 ... 1 0 ... 0). */
    private int[] lengths(long batch, int time, INDArray mask) {
        int[] lengths = new int[(int) batch];
        if (mask == null) {
            Arrays.fill(lengths, time);
            return lengths;
        }
        if (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != time) {
            throw new IllegalArgumentException(this + " expects a mask [batch, time] = [" + batch + ", " + time
                    + "] but got " + Arrays.toString(mask.shape()));
        }
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int b = 0; b < batch; b++) {
            int n = 0;
            while (n < time && m[b][n] == 1) {
                n++;
            }
            for (int t = n; t < time; t++) {
                if (m[b][t] != 0) {
                    throw new IllegalArgumentException(this + ": sequence " + b + " of the mask has a real step at "
                            + t + " after padding; a bidirectional layer needs the padding at the end of each"
                            + " sequence (mask 1 ... 1 0 ... 0), as PaddedBatch makes it");
                }
            }
            lengths[b] = n;
        }
        return lengths;
    }

    /** a [batch, time, ...] with each sequence reversed within its length (the order of the last forward). */
    private INDArray reverse(INDArray a) {
        long batch = a.size(0);
        long time = a.size(1);
        long width = a.size(2);
        INDArray rows = a.dup('c').reshape(batch * time, width);
        return rows.getRows(order).reshape(batch, time, width);
    }

    private void requireForward() {
        if (order == null) {
            throw backwardBeforeForward();
        }
    }
}
