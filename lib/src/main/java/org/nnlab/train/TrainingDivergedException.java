package org.nnlab.train;

/**
 * Training ran away: a NaN or infinite loss, or a training loss far above its start or rising epoch after
 * epoch (usually a learning rate that is too large, or exploding gradients; see {@link Trainer}). Says in
 * which epoch and mini-batch, both counted from 0, and keeps the {@link History} up to there, so the
 * curve of a diverging run can still be drawn.
 */
public class TrainingDivergedException extends IllegalStateException {

    private final int epoch;
    private final int batch;
    private final History history;

    public TrainingDivergedException(String message, int epoch, int batch, Throwable cause) {
        this(message, epoch, batch, cause, null);
    }

    public TrainingDivergedException(String message, int epoch, int batch, Throwable cause, History history) {
        super(message, cause);
        this.epoch = epoch;
        this.batch = batch;
        this.history = history;
    }

    /** The epoch in which training diverged (from 0). */
    public int epoch() {
        return epoch;
    }

    /**
     * The mini-batch of that epoch (from 0) whose loss or gradient was not finite, or -1 when the epoch's
     * training loss as a whole showed the divergence.
     */
    public int batch() {
        return batch;
    }

    /**
     * The epochs trained until training stopped (an epoch whose loss showed the divergence is included,
     * one stopped in the middle by a NaN is not), with the reason in {@link History#stopReason()}; null
     * if not known.
     */
    public History history() {
        return history;
    }
}
