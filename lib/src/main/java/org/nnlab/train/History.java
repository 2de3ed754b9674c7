package org.nnlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The record of a training run: one {@link Epoch} per epoch trained, in order, and why training stopped
 * early, if it did. The arrays ({@link #trainLoss()}, ...) go straight into
 * {@code TrainingPlots.lossCurves(train, validation)}.
 */
public final class History {

    private final List<Epoch> epochs = new ArrayList<>();
    private String stopReason; // null while training goes on
    private int bestEpoch = -1;

    /** Adds the numbers of the epoch just trained (the {@link Trainer} calls this). */
    void add(Epoch epoch) {
        epochs.add(epoch);
    }

    /** Asks the trainer to stop after the current epoch, saying why (for example from a {@link Callback}). */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    /** True once {@link #stop(String)} was called (by a callback or by early stopping). */
    public boolean stopped() {
        return stopReason != null;
    }

    /** Why training stopped before the last epoch, or null if it ran all epochs. */
    public String stopReason() {
        return stopReason;
    }

    /** The epoch whose parameters early stopping kept (the best one), or -1 without early stopping. */
    public int bestEpoch() {
        return bestEpoch;
    }

    void setBestEpoch(int bestEpoch) {
        this.bestEpoch = bestEpoch;
    }

    /** The number of epochs trained. */
    public int size() {
        return epochs.size();
    }

    /** The numbers of epoch {@code i} (from 0). */
    public Epoch get(int i) {
        return epochs.get(i);
    }

    /** The numbers of the last epoch trained. */
    public Epoch last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("History: no epoch trained yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** All epochs, in order (read-only). */
    public List<Epoch> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The training loss of each epoch. */
    public double[] trainLoss() {
        return epochs.stream().mapToDouble(Epoch::trainLoss).toArray();
    }

    /** The validation loss of each epoch (NaN without validation data). */
    public double[] validationLoss() {
        return epochs.stream().mapToDouble(Epoch::validationLoss).toArray();
    }

    /** The training metric (for example accuracy) of each epoch (NaN without a metric). */
    public double[] trainMetric() {
        return epochs.stream().mapToDouble(Epoch::trainMetric).toArray();
    }

    /** The validation metric of each epoch (NaN without a metric or validation data). */
    public double[] validationMetric() {
        return epochs.stream().mapToDouble(Epoch::validationMetric).toArray();
    }

    @Override
    public String toString() {
        if (epochs.isEmpty()) {
            return "History(no epochs)";
        }
        return "History(" + epochs.size() + " epochs, last: " + last()
                + (stopReason != null ? "; stopped: " + stopReason : "") + ")";
    }
}
