package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One time step of a recurrent cell, as {@link RecurrentCell#step(INDArray, State)} computed it: the input
 * x_t, the previous state and the new state, and (in a subclass of each cell) the gate values that the
 * backward of this step needs. A layer keeps one Step per time step for backpropagation through time.
 */
public class Step {

    private final RecurrentCell cell;
    private final INDArray input;
    private final State previous;
    private final State state;

    /** A step of {@code cell} from {@code previous} to {@code state} with input x_t. */
    protected Step(RecurrentCell cell, INDArray input, State previous, State state) {
        this.cell = cell;
        this.input = input;
        this.previous = previous;
        this.state = state;
    }

    /** The cell that made this step. */
    public RecurrentCell cell() {
        return cell;
    }

    /** x_t, {@code [batch, inputSize]}. */
    public INDArray input() {
        return input;
    }

    /** The state before this step: h_{t-1} (and c_{t-1}). */
    public State previous() {
        return previous;
    }

    /** The new state: h_t (and c_t). */
    public State state() {
        return state;
    }

    /** h_t, the new hidden state, {@code [batch, hiddenSize]}: the output of this step. */
    public INDArray h() {
        return state.h();
    }

    /** c_t, the new cell state of an LSTM ({@code null} for the RNN and the GRU). */
    public INDArray c() {
        return state.c();
    }
}
