package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.tensor.Backend;
import org.nnlab.tensor.CpuGemm;
import org.nnlab.tensor.NativeFloats;

/**
 * The fast path of {@link Recurrent}: the same forward and BPTT, with each step's gate arithmetic done in
 * one pass over plain Java {@code float[]} arrays instead of a dozen ND4J operations.
 *
 * <p>Why: an LSTM step of a batch of 32 with 128 hidden units is one matrix product (about 70 µs) and
 * some 20,000 multiplications, sigmoids and tanhs. As ND4J operations on views of the gate blocks they
 * cost about 15 calls of 5 to 30 µs each, plus the garbage of their results: more than the product.
 * Here only the matrix products go to OpenBLAS ({@link CpuGemm}):
 * <pre>
 *   once:      A_x = X · W_ihᵀ + b                   all steps' input parts, [time · batch, gates · hidden]
 *   per step:  a_h = h_{t-1} · W_hhᵀ   (one product)             then the cell's gate arithmetic in Java
 *   per step back: dL/dh_{t-1} = dA_h,t · W_hh  (one product)    after the cell's gate gradients in Java
 *   once:      dL/dW_ih += dAᵀ · X,  dL/dX = dA · W_ih,  dL/dW_hh += dA_hᵀ · H,  the bias sums
 * </pre>
 * The arrays are time-major: the rows of step t are one block, {@code [t · batch, (t + 1) · batch)}. A
 * subclass per cell ({@link FusedLstm}, {@link FusedGru}, {@link FusedRnn}) writes the formulas of its
 * cell's {@code stepFromInputPart} and {@code gateGradients} as loops; tests check that both paths give the
 * same outputs and gradients. Used for FLOAT cells on the CPU; {@link Recurrent#fused(boolean)} turns it off.
 */
abstract class FusedRecurrence {

    /** A fused path for {@code cell}, or null where only the step-by-step path applies. */
    static FusedRecurrence of(RecurrentCell cell) {
        if (cell.dataType() != DataType.FLOAT || Backend.isGpu()) {
            return null;
        }
        // exactly our cells: a subclass (a student's own cell, say) may compute something else
        if (cell.getClass() == LstmCell.class) {
            return new FusedLstm((LstmCell) cell);
        }
        if (cell.getClass() == GruCell.class && ((GruCell) cell).formulation() == GruCell.Formulation.PYTORCH) {
            return new FusedGru((GruCell) cell);
        }
        if (cell.getClass() == RnnCell.class) {
            return new FusedRnn((RnnCell) cell);
        }
        return null;
    }

    final RecurrentCell cell;
    final int hidden;
    final int width; // gates · hidden, the columns of a_x and a_h

    // sizes of the last forward
    int batch;
    int time;

    // time-major Java arrays of the last forward (reused from call to call, made anew when the sizes change)
    float[] gates;  // [time][batch][width]: a = a_x + a_h (GRU: a_x), then the gates' activations in place
    float[] ah;     // GRU only, [batch][width]: the hidden part of the current step, h_{t-1} · W_hhᵀ
    float[] h;      // [time + 1][batch][hidden]: h_0 .. h_T as carried (padding keeps the previous state)
    float[] hCell;  // the cell's own h_t, at t + 1 (= h without a mask)
    float[] mask;   // [batch][time] of 1 and 0, or null

    // backward: one step at a time
    float[] dA;     // [batch][width]: dL/da_x of the step
    float[] dAh;    // dL/da_h (= dA except for the GRU)
    float[] dh;     // [batch][hidden]: dL/dh_t reaching the cell
    float[] dhBack; // dL/dh_{t-1}, the part that bypasses W_hh (GRU)
    float[] dhCarried;

    // ND4J arrays for the products (OpenBLAS, CpuGemm), reused from call to call
    private INDArray inputByTime;  // X, [time · batch, input]
    private INDArray inputParts;   // [time · batch, width]: A_x + b, then (not GRU) + h_{t-1} · W_hhᵀ step by step
    private INDArray hPrevious;    // [batch, hidden]
    private INDArray hiddenPart;   // GRU: [batch, width]
    private INDArray gradA;        // [time · batch, width]: dA of every step
    private INDArray gradAh;       // dA_h of every step (= gradA except for the GRU)
    private INDArray gradHidden;   // [batch, hidden]
    private INDArray states;       // [time · batch, hidden]: h_0 .. h_{T-1}, for dL/dW_hh

    FusedRecurrence(RecurrentCell cell) {
        this.cell = cell;
        this.hidden = cell.hiddenSize();
        this.width = (int) cell.weightIh().value().size(0);
    }

    // ---------------------------------------------------------------- what each cell writes

    /** The bias added to every row of A_x: b_ih plus the parts of b_hh that are simply added (all but the GRU's n). */
    abstract float[] inputBias();

    /** Allocates the cell's own arrays for the current sizes (called by forward when they change). */
    abstract void allocate();

    /** Sets the cell's own initial state (the LSTM's c_0) from {@code initial}. */
    void initialCell(State initial) {
    }

    /**
     * Step t: {@code gates} holds a = a_x + a_h of step t (the GRU: a_x, and {@code ah} the hidden part).
     * Writes the gates' activations over it, h_t into {@code hCell} at t + 1 (and the cell's other state),
     * reading h_{t-1} from {@code h}.
     */
    abstract void stepForward(int t);

    /**
     * Under a mask, for the cell's own state (h is done by the caller): row b of the state after step t is
     * the cell's new one where the step is real, and the state of t - 1 at padding.
     */
    void carryCell(int t, int b, boolean real) {
    }

    /**
     * The backward of step t from {@code dh} (dL/dh_t reaching the cell, 0 at padding): fills {@code dA} (and
     * {@code dAh}) with the gradients of step t's pre-activations, and {@code dhBack} with what reaches
     * h_{t-1} without W_hh (0 for the RNN and LSTM).
     * At padding ({@link #real} false) the cell's own carried gradient (the LSTM's dL/dc) passes unchanged.
     */
    abstract void stepBackward(int t);

    /** Truncated BPTT: the cell's own carried gradient (the LSTM's dL/dc) is cut at a chunk's first step. */
    void cutCellGradient() {
    }

    /** What reaches the cell's own initial state (the LSTM's dL/dc_0), {@code [batch][hidden]}, or null. */
    float[] initialCellGradient() {
        return null;
    }

    /** The last state's c (LSTM) as an array, or null. */
    INDArray lastCell() {
        return null;
    }

    /** The cell's Step of step t (for looking inside), built from the arrays. */
    abstract Step step(int t, INDArray x, State previous, State state);

    /** The cell's c_t at t (0 = c_0) as carried, or the cell's own (for Steps); null for RNN and GRU. */
    INDArray c(int t, boolean carried) {
        return null;
    }

    // ---------------------------------------------------------------- forward

    /**
     * All hidden states {@code [batch, time, hidden]} from {@code x} time-major as {@code [time · batch, input]};
     * mask {@code [batch, time]} (FLOAT) or null; the initial state.
     */
    INDArray forward(INDArray xByTime, long batchSize, int steps, INDArray maskArray, State initial) {
        int b = Math.toIntExact(batchSize);
        if (b != batch || steps != time || gates == null) {
            batch = b;
            time = steps;
            gates = new float[time * batch * width];
            h = new float[(time + 1) * batch * hidden];
            inputParts = Nd4j.createUninitialized(DataType.FLOAT, (long) time * batch, width);
            hPrevious = Nd4j.createUninitialized(DataType.FLOAT, batch, hidden);
            if (separateHiddenPart()) {
                ah = new float[batch * width];
                hiddenPart = Nd4j.createUninitialized(DataType.FLOAT, batch, width);
            }
            dA = null;
            allocate();
        }
        inputByTime = xByTime;
        mask = maskArray == null ? null : NativeFloats.read(maskArray, new float[batch * time], 0);
        hCell = mask == null ? h : new float[(time + 1) * batch * hidden];
        // all steps' input parts at once: A_x = X · W_ihᵀ, then + b in every row
        CpuGemm.into(xByTime, false, cell.weightIh().value(), true, 0, inputParts);
        float[] bias = inputBias();
        if (bias != null) {
            inputParts.addiRowVector(fromJava(bias, 0, width));
        }
        NativeFloats.read(initial.h().dup('c'), h, 0);
        initialCell(initial);
        int bh = batch * hidden;
        int bw = batch * width;
        for (int t = 0; t < time; t++) {
            // the hidden part of step t, h_{t-1} · W_hhᵀ: one product, added to the step's rows of A_x
            NativeFloats.write(h, t * bh, hPrevious);
            CpuGemm.Rows step = CpuGemm.rows(inputParts, (long) t * batch, batch);
            if (separateHiddenPart()) { // the GRU needs it apart: its candidate scales it by the reset gate
                CpuGemm.into(CpuGemm.all(hPrevious), false, CpuGemm.all(cell.weightHh().value()), true, 0,
                        CpuGemm.all(hiddenPart));
                NativeFloats.read(hiddenPart, ah, 0);
            } else {
                CpuGemm.into(CpuGemm.all(hPrevious), false, CpuGemm.all(cell.weightHh().value()), true, 1, step);
            }
            NativeFloats.read(inputParts, (long) t * bw, bw, gates, t * bw);
            stepForward(t);
            if (mask != null) { // padding: the state is carried over, h_t = h_{t-1}
                for (int row = 0; row < batch; row++) {
                    boolean real = mask[row * time + t] != 0;
                    System.arraycopy(real ? hCell : h, (real ? t + 1 : t) * bh + row * hidden, h,
                            (t + 1) * bh + row * hidden, hidden);
                    carryCell(t, row, real);
                }
            }
        }
        // the outputs, batch-first [batch, time, hidden]: h_t, and 0 at padding
        float[] out = new float[batch * time * hidden];
        for (int t = 0; t < time; t++) {
            for (int row = 0; row < batch; row++) {
                if (mask == null || mask[row * time + t] != 0) {
                    System.arraycopy(h, (t + 1) * bh + row * hidden, out, (row * time + t) * hidden, hidden);
                }
            }
        }
        return fromJava(out, 0, batch, time, hidden);
    }

    /** h_T as carried (per sequence, the state of its last valid step). */
    INDArray lastHidden() {
        return fromJava(h, time * batch * hidden, batch, hidden);
    }

    // ---------------------------------------------------------------- backward = BPTT

    /**
     * BPTT from dL/d(outputs) {@code [batch, time, hidden]} (or null), dL/dh_T {@code [batch, hidden]} (or
     * null) and the cell's own dL/dc_T (LSTM; or null): adds the parameters' gradients, fills {@code gradNorms} with ||dL/dh_t||, returns dL/dX time-major
     * {@code [time · batch, input]} (null when {@code inputGradient} is false: training on data skips it).
     * Afterwards {@link #dhCarried} holds what reaches h_0.
     */
    INDArray backward(INDArray gradOutput, INDArray gradLast, INDArray gradLastCell, int truncation, double[] gradNorms,
                      boolean inputGradient) {
        int bh = batch * hidden;
        int bw = batch * width;
        if (dA == null) {
            dA = new float[bw];
            dAh = separateHiddenPart() ? new float[bw] : dA;
            dh = new float[bh];
            dhBack = new float[bh];
            dhCarried = new float[bh];
            gradA = Nd4j.createUninitialized(DataType.FLOAT, (long) time * batch, width);
            gradAh = separateHiddenPart() ? Nd4j.createUninitialized(DataType.FLOAT, (long) time * batch, width)
                    : gradA;
            gradHidden = Nd4j.createUninitialized(DataType.FLOAT, batch, hidden);
            states = Nd4j.createUninitialized(DataType.FLOAT, (long) time * batch, hidden);
        }
        float[] gradOut = gradOutput == null ? null
                : NativeFloats.read(gradOutput.dup('c'), new float[batch * time * hidden], 0);
        if (gradLast == null) {
            Arrays.fill(dhCarried, 0);
        } else {
            NativeFloats.read(gradLast.dup('c'), dhCarried, 0);
        }
        float[] biasIhGrad = new float[width];  // Σ dA over all steps and rows
        float[] biasHhGrad = separateHiddenPart() ? new float[width] : biasIhGrad;
        startBackward(gradLastCell);
        for (int t = time - 1; t >= 0; t--) {
            // dL/dh_t = dL/d(output_t) + dL/dh_t carried back from step t + 1
            double squares = 0;
            for (int row = 0; row < batch; row++) {
                boolean real = mask == null || mask[row * time + t] != 0;
                for (int j = 0; j < hidden; j++) {
                    int k = row * hidden + j;
                    float g = dhCarried[k];
                    if (gradOut != null && real) {    // padding's output is a constant 0: no gradient
                        g += gradOut[(row * time + t) * hidden + j];
                    }
                    dh[k] = g;
                    squares += (double) g * g;
                }
            }
            gradNorms[t] = Math.sqrt(squares);
            // padding: the cell gets nothing, dL/dh_t goes straight on to h_{t-1} (kept in dhCarried)
            if (mask != null) {
                for (int row = 0; row < batch; row++) {
                    if (mask[row * time + t] == 0) {
                        System.arraycopy(dh, row * hidden, dhCarried, row * hidden, hidden);
                        Arrays.fill(dh, row * hidden, (row + 1) * hidden, 0);
                    }
                }
            }
            stepBackward(t);
            addColumnSums(dA, biasIhGrad);
            NativeFloats.write(dA, 0, bw, gradA, (long) t * bw);
            if (dAh != dA) {
                addColumnSums(dAh, biasHhGrad);
                NativeFloats.write(dAh, 0, bw, gradAh, (long) t * bw);
            }
            // dL/dh_{t-1} = dA_h,t · W_hh (one product) + the paths that bypass W_hh
            CpuGemm.into(CpuGemm.rows(gradAh, (long) t * batch, batch), false, CpuGemm.all(cell.weightHh().value()),
                    false, 0, CpuGemm.all(gradHidden));
            NativeFloats.read(gradHidden, dh, 0);
            for (int row = 0; row < batch; row++) {
                boolean real = mask == null || mask[row * time + t] != 0;
                for (int j = 0; j < hidden; j++) {
                    int k = row * hidden + j;
                    dhCarried[k] = dh[k] + dhBack[k] + (real ? 0 : dhCarried[k]);
                }
            }
            // truncated BPTT: nothing is carried from a chunk's first step into the previous chunk
            if (t % truncation == 0 && t > 0) {
                Arrays.fill(dhCarried, 0);
                cutCellGradient();
            }
        }
        // the products over all steps at once
        CpuGemm.into(gradA, true, inputByTime, false, 1, cell.weightIh().grad());       // dL/dW_ih += dAᵀ · X
        INDArray gradInput = !inputGradient ? null : CpuGemm.into(gradA, false, cell.weightIh().value(), false, 0,
                Nd4j.createUninitialized(DataType.FLOAT, (long) time * batch, inputByTime.size(1))); // dL/dX = dA · W_ih
        NativeFloats.write(h, 0, time * bh, states, 0);                                    // H = h_0 .. h_{T-1}
        CpuGemm.into(gradAh, true, states, false, 1, cell.weightHh().grad());           // dL/dW_hh += dA_hᵀ · H
        if (cell.hasBias()) {
            cell.biasIh().grad().addi(fromJava(biasIhGrad, 0, width));                 // dL/db_ih += Σ dA
            cell.biasHh().grad().addi(fromJava(biasHhGrad, 0, width));                 // dL/db_hh += Σ dA_h
        }
        return gradInput;
    }

    /** Adds the column sums of a step's [batch, width] gradients to {@code sums}. */
    private void addColumnSums(float[] rows, float[] sums) {
        for (int row = 0; row < batch; row++) {
            int at = row * width;
            for (int k = 0; k < width; k++) {
                sums[k] += rows[at + k];
            }
        }
    }

    /** False where row b of step t is padding. */
    final boolean real(int b, int t) {
        return mask == null || mask[b * time + t] != 0;
    }

    /**
     * False when the cell uses only a = a_x + a_h (RNN, LSTM), so that dL/da_h = dL/da_x; the GRU's candidate
     * needs its hidden part apart (it is scaled by the reset gate).
     */
    boolean separateHiddenPart() {
        return false;
    }

    /** Starts the cell's own carried gradient (the LSTM's dL/dc_T: given, or 0 when null) before the loop back. */
    void startBackward(INDArray gradLastCell) {
    }

    // ---------------------------------------------------------------- looking inside

    /** The Steps of the last forward, as the step-by-step path would have made them. */
    List<Step> steps() {
        List<Step> steps = new ArrayList<>(time);
        State previous = new State(fromJava(h, 0, batch, hidden), c(0, true));
        for (int t = 0; t < time; t++) {
            INDArray x = inputByTime.get(NDArrayIndex.interval((long) t * batch, (long) (t + 1) * batch),
                    NDArrayIndex.all());
            State state = new State(fromJava(hCell, (t + 1) * batch * hidden, batch, hidden), c(t + 1, false));
            steps.add(step(t, x, previous, state));
            previous = mask == null ? state
                    : new State(fromJava(h, (t + 1) * batch * hidden, batch, hidden), c(t + 1, true));
        }
        return steps;
    }

    /** Block k of the gates of step t, {@code [batch, hidden]}, in a new array. */
    INDArray gateBlock(int t, int k) {
        float[] block = new float[batch * hidden];
        for (int row = 0; row < batch; row++) {
            System.arraycopy(gates, (t * batch + row) * width + k * hidden, block, row * hidden, hidden);
        }
        return fromJava(block, 0, batch, hidden);
    }

    /** A new ND4J FLOAT array of the given shape from {@code values} starting at {@code offset}. */
    static INDArray fromJava(float[] values, int offset, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        NativeFloats.write(values, offset, a);
        return a;
    }
}
