package org.nnlab.rnn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The GRU cell (gated recurrent unit), one time step, in the lectures' naming:
 * <pre>
 *   r_t = σ(W_r x_t + U_r h_{t-1} + b_r)                  reset gate: how much of h_{t-1} the candidate sees
 *   z_t = σ(W'_z x_t + U'_z h_{t-1} + b'_z)               update gate: how much of the candidate to take
 *   h̃_t = tanh(W_n x_t + U_n (r_t ⊙ h_{t-1}) + b_n)       candidate, formulation LECTURE
 *   h̃_t = tanh(W_n x_t + b_in + r_t ⊙ (U_n h_{t-1} + b_hn))  candidate, formulation PYTORCH
 *   h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
 * </pre>
 * The two formulations differ only in where the reset gate acts: LECTURE resets h_{t-1} BEFORE the matrix
 * U_n (as {@code h̃ = tanh(W [x_t, r ⊙ h_{t-1}])} with W = [W_n U_n]; Cho et al. 2014), PYTORCH resets the
 * product AFTER it, {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))} as in {@code torch.nn.GRUCell}
 * (which lets all three gates' hidden products be done as one matrix product). Without bias the two differ
 * only in that order.
 *
 * <p><b>The update gate and PyTorch.</b> The parameters are laid out as PyTorch's: {@code weight_ih
 * [3 · hidden, input]} and {@code weight_hh [3 · hidden, hidden]} with the blocks in the order r, z, n, and
 * the biases {@code bias_ih}, {@code bias_hh} likewise. PyTorch writes the update as
 * {@code h' = (1 - z) ⊙ n + z ⊙ h}: its z is the share of the OLD state kept, the lectures' z_t the share of
 * the NEW candidate taken. So
 * <pre>
 *   z_t (lecture) = 1 - z (PyTorch) = 1 - σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz),    n = h̃_t
 * </pre>
 * and this cell computes z_t that way from the z rows, so that a cell with PyTorch's weights gives PyTorch's
 * h' exactly. Since 1 - σ(a) = σ(-a), the lectures' weights for z are the negatives of PyTorch's:
 * W'_z = -W_iz, U'_z = -W_hz, b'_z = -(b_iz + b_hz).
 *
 * <p>Backward of one step, from dL/dh_t:
 * <pre>
 *   dL/dh̃_t = dL/dh_t ⊙ z_t          dL/dz_t = dL/dh_t ⊙ (h̃_t - h_{t-1})      dL/dh_{t-1} ← dL/dh_t ⊙ (1 - z_t)
 *   before the activations: tanh' = 1 - h̃², σ' = σ (1 - σ) for r, and -z_t (1 - z_t) for z_t = 1 - σ(a)
 *   LECTURE: the candidate's gradient goes back through U_n to r_t ⊙ h_{t-1}, then to r_t and h_{t-1}
 *   PYTORCH: it goes to r_t (times U_n h_{t-1} + b_hn) and, times r_t, through U_n to h_{t-1}
 * </pre>
 */
public class GruCell extends RecurrentCell {

    /** Where the reset gate acts on the previous hidden state in the candidate h̃_t. */
    public enum Formulation {
        /** h̃_t = tanh(W_n x_t + U_n (r_t ⊙ h_{t-1}) + b): reset before the matrix, as in the lectures. */
        LECTURE,
        /** h̃_t = tanh(W_n x_t + b_in + r_t ⊙ (U_n h_{t-1} + b_hn)): reset after the matrix, as in PyTorch. */
        PYTORCH
    }

    // the blocks of the gate arrays, in PyTorch's order
    private static final int R = 0;
    private static final int Z = 1;
    private static final int N = 2;

    private final Formulation formulation;

    /** What backward needs of one GRU step besides x_t and h_{t-1}. */
    static final class GruStep extends Step {
        final INDArray r;        // reset gate r_t
        final INDArray z;        // update gate z_t in the lectures' sense (= 1 - PyTorch's z)
        final INDArray n;        // candidate h̃_t
        final INDArray resetIn;  // LECTURE: r_t ⊙ h_{t-1};  PYTORCH: U_n h_{t-1} + b_hn

        GruStep(GruCell cell, INDArray x, State previous, State state,
                INDArray r, INDArray z, INDArray n, INDArray resetIn) {
            super(cell, x, previous, state);
            this.r = r;
            this.z = z;
            this.n = n;
            this.resetIn = resetIn;
        }
    }

    /** A cell in PyTorch's formulation, with bias and FLOAT parameters, initialised as PyTorch's. */
    public GruCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Formulation.PYTORCH, true, DataType.FLOAT);
    }

    /** A cell in the given formulation, initialised as PyTorch's, with or without bias. */
    public GruCell(int inputSize, int hiddenSize, Formulation formulation, boolean bias, DataType dataType) {
        super(3, inputSize, hiddenSize, bias, dataType);
        this.formulation = formulation;
    }

    /**
     * A cell with the given weights {@code weightIh [3 · hidden, input]}, {@code weightHh [3 · hidden, hidden]}
     * and biases {@code [3 · hidden]} (both null for no bias), block order r, z, n as PyTorch's; not copied.
     */
    public GruCell(INDArray weightIh, INDArray weightHh, INDArray biasIh, INDArray biasHh, Formulation formulation) {
        super(3, weightIh, weightHh, biasIh, biasHh);
        this.formulation = formulation;
    }

    /** LECTURE or PYTORCH. */
    public Formulation formulation() {
        return formulation;
    }

    @Override
    public Step step(INDArray x, State previous) {
        checkStep(x, previous, false);
        // the input part for all three blocks: [batch, 3 · hidden] = [r | z | n]
        return stepFromInputPart(x, inputPart(x), previous);
    }

    @Override
    protected Step stepFromInputPart(INDArray x, INDArray ax, State previous) {
        INDArray h = previous.h();
        long hidden = hiddenSize();
        // the hidden part of r and z (rows 0 .. 2·hidden of W_hh), and of the candidate's U_n h (PyTorch only)
        INDArray ahRz;
        INDArray hn = null;
        if (formulation == Formulation.PYTORCH) {
            INDArray ah = hiddenPart(h);                       // h_{t-1} · W_hhᵀ + b_hh, all three blocks
            ahRz = ah;                                         // its blocks r, z
            hn = block(ah, N);                                 // U_n h_{t-1} + b_hn
        } else {
            ahRz = affine(h, rows(weightHh().value(), 0, 2 * hidden), biasHhEntries(0, 2 * hidden));
        }
        // r_t = σ(W_r x_t + b_ir + U_r h_{t-1} + b_hr)      (in place in the input part's block r)
        INDArray r = Transforms.sigmoid(block(ax, R).addi(block(ahRz, R)), false);
        // z_t = 1 - σ(W_z x_t + b_iz + U_z h_{t-1} + b_hz)  (the lectures' z; PyTorch's z is 1 - z_t)
        INDArray z = Transforms.sigmoid(block(ax, Z).addi(block(ahRz, Z)), false).rsubi(1);
        // the candidate h̃_t
        INDArray resetIn;
        INDArray aN = block(ax, N);                            // W_n x_t + b_in
        if (formulation == Formulation.PYTORCH) {
            resetIn = hn;
            aN.addi(r.mul(hn));                                // + r_t ⊙ (U_n h_{t-1} + b_hn)
        } else {
            resetIn = r.mul(h);                                // r_t ⊙ h_{t-1}
            aN.addi(affine(resetIn, rows(weightHh().value(), 2 * hidden, 3 * hidden),
                    biasHhEntries(2 * hidden, 3 * hidden)));   // + U_n (r_t ⊙ h_{t-1}) + b_hn
        }
        INDArray n = Transforms.tanh(aN, false);               // h̃_t = tanh(...)
        // h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        INDArray hNew = z.rsub(1).muli(h).addi(z.mul(n));
        return new GruStep(this, x, previous, State.of(hNew), r, z, n, resetIn);
    }

    @Override
    public StepGradients backwardStep(Step step, INDArray gradH, INDArray gradC) {
        // the gates' gradients below, then back through the products with W_ih and W_hh
        return backwardThroughProducts(step, gradH, gradC);
    }

    /** The GRU's hidden part has its own gradient: the candidate's block differs (see gateGradients). */
    @Override
    protected boolean hiddenGradientDiffers() {
        return true;
    }

    /**
     * Fills dAx = [da_r | da_z | da_n] (the input part) and dAh = [da_r | da_z | dhn] (PYTORCH, dhn the
     * gradient of U_n h_{t-1} + b_hn) or [da_r | da_z | 0] (LECTURE: U_n acts on r_t ⊙ h_{t-1}, not on
     * h_{t-1}, so its gradient dL/dU_n += da_nᵀ · (r_t ⊙ h_{t-1}) is added here, step by step).
     */
    @Override
    protected GateGradients gateGradients(Step step, INDArray gradH, INDArray gradC, INDArray dAx, INDArray dAh) {
        GruStep s = own(step, GruStep.class);
        checkGrad("dL/dh_t", gradH, s.h());
        INDArray dh = orZeros(gradH, s.h());
        INDArray h = s.previous().h();
        long hidden = hiddenSize();
        // through h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
        INDArray dn = dh.mul(s.z);                              // dL/dh̃_t = dL/dh_t ⊙ z_t
        INDArray dz = s.n.sub(h).muli(dh);                      // dL/dz_t = dL/dh_t ⊙ (h̃_t - h_{t-1})
        INDArray dhPrevious = s.z.rsub(1).muli(dh);             // dL/dh_{t-1}, direct path: dL/dh_t ⊙ (1 - z_t)
        // through h̃_t = tanh(a_n): dL/da_n = dL/dh̃_t ⊙ (1 - h̃_t²)
        INDArray daN = block(dAx, N).assign(s.n).muli(s.n).rsubi(1).muli(dn);
        INDArray dr;
        if (formulation == Formulation.PYTORCH) {
            // a_n = W_n x_t + b_in + r_t ⊙ hn with hn = U_n h_{t-1} + b_hn
            dr = daN.mul(s.resetIn);                            // dL/dr_t = dL/da_n ⊙ hn
            block(dAh, N).assign(daN).muli(s.r);                // dL/dhn  = dL/da_n ⊙ r_t
        } else {
            // a_n = W_n x_t + b_in + (r_t ⊙ h_{t-1}) · U_nᵀ + b_hn: adds dL/dU_n, dL/db_hn
            INDArray dResetIn = affineBackward(daN, s.resetIn, rows(weightHh().value(), 2 * hidden, 3 * hidden),
                    rows(weightHh().grad(), 2 * hidden, 3 * hidden), biasHhGradEntries(2 * hidden, 3 * hidden));
            dr = dResetIn.mul(h);                               // dL/dr_t = dL/d(r ⊙ h) ⊙ h_{t-1}
            dhPrevious.addi(dResetIn.muli(s.r));                // dL/dh_{t-1} += dL/d(r ⊙ h) ⊙ r_t
            block(dAh, N).assign(0);                            // the rows of U_n are done
        }
        // before the gates' sigmoids: r_t = σ(a_r), σ' = r (1 - r);  z_t = 1 - σ(a_z), dz_t/da_z = -z_t (1 - z_t)
        block(dAx, R).assign(s.r).rsubi(1).muli(s.r).muli(dr);
        block(dAx, Z).assign(s.z).rsubi(1).muli(s.z).muli(dz).negi();
        // the hidden part's blocks r and z get the same gradient as the input part's
        block(dAh, R).assign(block(dAx, R));
        block(dAh, Z).assign(block(dAx, Z));
        return new GateGradients(dAx, dAh, dhPrevious, null);
    }

    private INDArray biasHhEntries(long from, long to) {
        return hasBias() ? entries(biasHh().value(), from, to) : null;
    }

    private INDArray biasHhGradEntries(long from, long to) {
        return hasBias() ? entries(biasHh().grad(), from, to) : null;
    }

    /** For example {@code GruCell(3 -> 4, PYTORCH)}. */
    @Override
    public String toString() {
        return "GruCell(" + inputSize() + " -> " + hiddenSize() + ", " + formulation + ")";
    }
}
