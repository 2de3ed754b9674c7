package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state a recurrent cell carries from one time step to the next: the hidden state {@code h}
 * ({@code [batch, hidden]}) and, for the LSTM only, the cell state {@code c} (same shape; {@code null} for
 * the RNN and the GRU).
 */
public record State(INDArray h, INDArray c) {

    /** A state with a hidden state only (RNN, GRU). */
    public static State of(INDArray h) {
        return new State(h, null);
    }

    /** A state with hidden state and cell state (LSTM). */
    public static State of(INDArray h, INDArray c) {
        return new State(h, c);
    }
}
