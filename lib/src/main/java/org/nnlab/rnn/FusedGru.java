package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.tensor.NativeFloats;
import org.nnlab.tensor.VectorMath;

/**
 * {@link GruCell}'s step (PyTorch's formulation) and its backward as loops over the fused path's arrays (see
 * {@link FusedRecurrence}); the formulas are those of {@code GruCell}. Row b of step t has its blocks side by
 * side, [r | z | n]; z is the lectures' update gate (1 - PyTorch's z).
 */
final class FusedGru extends FusedRecurrence {

    private final GruCell gru;
    private float[] hn;       // [time][batch][hidden]: U_n h_{t-1} + b_hn, which the reset gate scales
    private float[] biasHn;   // b_hn, or zeros

    FusedGru(GruCell cell) {
        super(cell);
        this.gru = cell;
    }

    @Override
    float[] inputBias() { // b_ih + the r and z blocks of b_hh; b_hn stays inside r ⊙ (U_n h + b_hn)
        biasHn = new float[hidden];
        if (!gru.hasBias()) {
            return null;
        }
        float[] bias = NativeFloats.read(gru.biasIh().value().dup('c'), new float[width], 0);
        float[] biasHh = NativeFloats.read(gru.biasHh().value().dup('c'), new float[width], 0);
        for (int k = 0; k < 2 * hidden; k++) {
            bias[k] += biasHh[k];
        }
        System.arraycopy(biasHh, 2 * hidden, biasHn, 0, hidden);
        return bias;
    }

    @Override
    void allocate() {
        hn = new float[time * batch * hidden];
    }

    @Override
    void stepForward(int t) {
        int bh = batch * hidden;
        for (int row = 0; row < batch; row++) {
            int g = (t * batch + row) * width;
            int a = row * width;
            for (int k = 0; k < 2 * hidden; k++) {
                gates[g + k] += ah[a + k];                     // r and z before the sigmoid
            }
            VectorMath.sigmoid(gates, g, g + 2 * hidden);      // r_t = σ(...), and σ(...) of z
            int s = row * hidden;
            for (int j = 0; j < hidden; j++) {
                gates[g + hidden + j] = 1 - gates[g + hidden + j];   // z_t = 1 - σ(...) (the lectures' z)
                float hnv = ah[a + 2 * hidden + j] + biasHn[j];      // U_n h_{t-1} + b_hn
                hn[t * bh + s + j] = hnv;
                gates[g + 2 * hidden + j] += gates[g + j] * hnv;     // W_n x_t + b_in + r_t ⊙ (U_n h_{t-1} + b_hn)
            }
            VectorMath.tanh(gates, g + 2 * hidden, g + 3 * hidden);  // h̃_t = tanh(...)
            for (int j = 0; j < hidden; j++) {
                float z = gates[g + hidden + j];
                // h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t
                hCell[(t + 1) * bh + s + j] = (1 - z) * h[t * bh + s + j] + z * gates[g + 2 * hidden + j];
            }
        }
    }

    @Override
    boolean separateHiddenPart() {
        return true;
    }

    @Override
    void stepBackward(int t) {
        int bh = batch * hidden;
        for (int row = 0; row < batch; row++) {
            int g = (t * batch + row) * width;  // the gates of this row
            int d = row * width;                // its gradients in dA and dAh
            for (int j = 0; j < hidden; j++) {
                int k = row * hidden + j;
                float r = gates[g + j];
                float z = gates[g + hidden + j];
                float n = gates[g + 2 * hidden + j];
                float dhk = dh[k];
                float dn = dhk * z;                                // dL/dh̃_t = dL/dh_t ⊙ z_t
                float dz = (n - h[t * bh + k]) * dhk;              // dL/dz_t = dL/dh_t ⊙ (h̃_t - h_{t-1})
                dhBack[k] = (1 - z) * dhk;                         // dL/dh_{t-1}, direct path
                float daN = (1 - n * n) * dn;                      // through h̃_t = tanh(a_n)
                float dr = daN * hn[t * bh + k];                   // dL/dr_t = dL/da_n ⊙ (U_n h_{t-1} + b_hn)
                float daR = (1 - r) * r * dr;                      // σ' = r (1 - r)
                float daZ = -((1 - z) * z * dz);                   // z_t = 1 - σ(a_z): dz_t/da_z = -z_t (1 - z_t)
                dA[d + j] = daR;
                dA[d + hidden + j] = daZ;
                dA[d + 2 * hidden + j] = daN;
                dAh[d + j] = daR;                                  // the hidden part's r and z: the same
                dAh[d + hidden + j] = daZ;
                dAh[d + 2 * hidden + j] = daN * r;                 // dL/d(U_n h_{t-1} + b_hn) = dL/da_n ⊙ r_t
            }
        }
    }

    @Override
    Step step(int t, INDArray x, State previous, State state) {
        INDArray resetIn = fromJava(hn, t * batch * hidden, batch, hidden);
        return new GruCell.GruStep(gru, x, previous, state, gateBlock(t, 0), gateBlock(t, 1), gateBlock(t, 2),
                resetIn);
    }
}
