package org.nnlab.train;

/**
 * Training produced a NaN or infinite loss: the weights have run away (usually a learning rate that is
 * too large, or exploding gradients). Says in which epoch and mini-batch, both counted from 0.
 */
public class TrainingDivergedException extends IllegalStateException {

    private final int epoch;
    private final int batch;

    public TrainingDivergedException(String message, int epoch, int batch, Throwable cause) {
        super(message, cause);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch in which the loss stopped being finite (from 0). */
    public int epoch() {
        return epoch;
    }

    /** The mini-batch of that epoch (from 0). */
    public int batch() {
        return batch;
    }
}
