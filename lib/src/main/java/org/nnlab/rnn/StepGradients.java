package org.nnlab.rnn;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link RecurrentCell#backwardStep} returns for step t: {@code input} = dL/dx_t, {@code h} =
 * dL/dh_{t-1} and, for the LSTM, {@code c} = dL/dc_{t-1} ({@code null} for the RNN and the GRU). The
 * gradients of the parameters are not here: they are added to each {@code Parameter}'s grad.
 */
public record StepGradients(INDArray input, INDArray h, INDArray c) {
}
