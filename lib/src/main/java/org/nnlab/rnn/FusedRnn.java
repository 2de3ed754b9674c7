package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.tensor.NativeFloats;
import org.nnlab.tensor.VectorMath;

/**
 * {@link RnnCell}'s step, h_t = tanh(a_x + a_h) (or a linear RNN's a_x + a_h), and its backward as loops
 * over the fused path's arrays (see {@link FusedRecurrence}).
 */
final class FusedRnn extends FusedRecurrence {

    private final RnnCell rnn;

    FusedRnn(RnnCell cell) {
        super(cell);
        this.rnn = cell;
    }

    @Override
    float[] inputBias() { // b = b_ih + b_hh
        return rnn.hasBias() ? NativeFloats.read(rnn.biasIh().value().add(rnn.biasHh().value()),
                new float[width], 0) : null;
    }

    @Override
    void allocate() {
    }

    @Override
    void stepForward(int t) {
        int bh = batch * hidden;
        int at = t * bh;
        if (rnn.nonlinearity() == RnnCell.Nonlinearity.TANH) {  // gates holds a_t = a_x + a_h
            VectorMath.tanh(gates, at, at + bh);                  // h_t = tanh(a_t)
        }
        System.arraycopy(gates, at, hCell, at + bh, bh);
    }

    @Override
    void stepBackward(int t) {
        int bh = batch * hidden;
        int at = t * bh;
        boolean tanh = rnn.nonlinearity() == RnnCell.Nonlinearity.TANH;
        for (int k = 0; k < bh; k++) {
            float ht = gates[at + k];
            dA[k] = tanh ? (1 - ht * ht) * dh[k] : dh[k];        // dL/da_t = dL/dh_t ⊙ (1 - h_t²)
        }
    }

    @Override
    Step step(int t, INDArray x, State previous, State state) {
        return new Step(rnn, x, previous, state);
    }
}
