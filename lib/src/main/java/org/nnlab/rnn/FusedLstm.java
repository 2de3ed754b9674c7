package org.nnlab.rnn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.tensor.NativeFloats;
import org.nnlab.tensor.VectorMath;

/**
 * {@link LstmCell}'s step and its backward as loops over the fused path's arrays (see
 * {@link FusedRecurrence}); the formulas, gate by gate, are those of {@code LstmCell}. Row b of step t has
 * its four gates side by side, [i | f | g | o], {@code hidden} values each.
 */
final class FusedLstm extends FusedRecurrence {

    private final LstmCell lstm;
    private float[] c;       // [time + 1][batch][hidden]: c_0 .. c_T as carried
    private float[] cCell;   // the cell's own c_t at t + 1 (= c without a mask)
    private float[] tanhC;   // [time][batch][hidden]: tanh(c_t)
    private float[] dc;      // [batch][hidden]: dL/dc_t carried back

    FusedLstm(LstmCell cell) {
        super(cell);
        this.lstm = cell;
    }

    @Override
    float[] inputBias() { // b = b_ih + b_hh: both are simply added to the gates' pre-activations
        return lstm.hasBias() ? NativeFloats.read(lstm.biasIh().value().add(lstm.biasHh().value()),
                new float[width], 0) : null;
    }

    @Override
    void allocate() {
        c = new float[(time + 1) * batch * hidden];
        tanhC = new float[time * batch * hidden];
        dc = new float[batch * hidden];
    }

    @Override
    void initialCell(State initial) {
        NativeFloats.read(initial.c().dup('c'), c, 0);
        cCell = mask == null ? c : new float[c.length];
    }

    @Override
    void stepForward(int t) {
        int bh = batch * hidden;
        int at = t * batch * width;
        // gates holds all four gates before their activations, a = a_x + a_h, [i | f | g | o] per row
        for (int row = 0; row < batch; row++) {
            int g = at + row * width;
            VectorMath.sigmoid(gates, g, g + 2 * hidden);               // i_t, f_t = σ(...)
            VectorMath.tanh(gates, g + 2 * hidden, g + 3 * hidden);     // g_t = tanh(...)
            VectorMath.sigmoid(gates, g + 3 * hidden, g + 4 * hidden);  // o_t = σ(...)
            int s = row * hidden;
            for (int j = 0; j < hidden; j++) {
                // c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
                float ct = gates[g + hidden + j] * c[t * bh + s + j] + gates[g + j] * gates[g + 2 * hidden + j];
                cCell[(t + 1) * bh + s + j] = ct;
                tanhC[t * bh + s + j] = ct;
            }
        }
        VectorMath.tanh(tanhC, t * bh, (t + 1) * bh);                   // tanh(c_t)
        for (int row = 0; row < batch; row++) {
            int o = at + row * width + 3 * hidden;
            int s = t * bh + row * hidden;
            for (int j = 0; j < hidden; j++) {
                hCell[bh + s + j] = gates[o + j] * tanhC[s + j];       // h_t = o_t ⊙ tanh(c_t)
            }
        }
    }

    @Override
    void carryCell(int t, int b, boolean real) {
        int bh = batch * hidden;
        System.arraycopy(real ? cCell : c, (real ? t + 1 : t) * bh + b * hidden, c, (t + 1) * bh + b * hidden, hidden);
    }

    @Override
    void startBackward(INDArray gradLastCell) {
        if (gradLastCell == null) {
            Arrays.fill(dc, 0); // no gradient for c_T from outside
        } else {
            NativeFloats.read(gradLastCell.dup('c'), dc, 0); // dL/dc_T, when the loss uses c_n
        }
    }

    @Override
    void stepBackward(int t) {
        int bh = batch * hidden;
        for (int row = 0; row < batch; row++) {
            int g = (t * batch + row) * width;  // the gates of this row
            int d = row * width;                // its gradients in dA
            if (!real(row, t)) { // padding: no gradient for the gates, dL/dc passes on unchanged
                Arrays.fill(dA, d, d + width, 0);
                continue;
            }
            for (int j = 0; j < hidden; j++) {
                int k = row * hidden + j;
                float i = gates[g + j];
                float f = gates[g + hidden + j];
                float gg = gates[g + 2 * hidden + j];
                float o = gates[g + 3 * hidden + j];
                float tc = tanhC[t * bh + k];
                float dhk = dh[k];
                // dL/dc_t: through h_t = o_t ⊙ tanh(c_t), plus what step t + 1 sent back
                float dct = (1 - tc * tc) * o * dhk + dc[k];
                dA[d + j] = (1 - i) * i * gg * dct;                   // dL/di_t = dL/dc_t ⊙ g_t, times σ'
                dA[d + hidden + j] = (1 - f) * f * c[t * bh + k] * dct; // dL/df_t = dL/dc_t ⊙ c_{t-1}, times σ'
                dA[d + 2 * hidden + j] = (1 - gg * gg) * i * dct;     // dL/dg_t = dL/dc_t ⊙ i_t, times tanh'
                dA[d + 3 * hidden + j] = (1 - o) * o * tc * dhk;       // dL/do_t = dL/dh_t ⊙ tanh(c_t), times σ'
                dc[k] = dct * f;                                      // dL/dc_{t-1} = dL/dc_t ⊙ f_t
            }
        }
    }

    @Override
    void cutCellGradient() {
        Arrays.fill(dc, 0);
    }

    @Override
    float[] initialCellGradient() {
        return dc.clone(); // after the loop back: dL/dc_0
    }

    @Override
    INDArray lastCell() {
        return fromJava(c, time * batch * hidden, batch, hidden);
    }

    @Override
    INDArray c(int t, boolean carried) {
        return fromJava(carried || t == 0 ? c : cCell, t * batch * hidden, batch, hidden);
    }

    @Override
    Step step(int t, INDArray x, State previous, State state) {
        INDArray tc = fromJava(tanhC, t * batch * hidden, batch, hidden);
        return new LstmCell.LstmStep(lstm, x, previous, state, gateBlock(t, 0), gateBlock(t, 1), gateBlock(t, 2),
                gateBlock(t, 3), tc);
    }
}
