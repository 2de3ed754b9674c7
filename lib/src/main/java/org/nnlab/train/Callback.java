package org.nnlab.train;

/**
 * Called by the {@link Trainer} after every epoch, with the epoch (from 0) and the history so far (its
 * last entry is this epoch). A notebook redraws a live loss plot from it:
 * <pre>{@code
 * trainer.callback((epoch, history) ->
 *         updateDisplay(id, TrainingPlots.lossCurves(history.trainLoss(), history.validationLoss())));
 * }</pre>
 * To stop training, call {@link History#stop(String)}: the trainer finishes this epoch's callbacks and
 * then returns.
 */
@FunctionalInterface
public interface Callback {

    /** Runs after epoch {@code epoch}; {@code history} already holds it. */
    void afterEpoch(int epoch, History history);

    /** Prints the epoch's numbers (see {@link Epoch#toString()}) every {@code every} epochs, and the last one. */
    static Callback printEvery(int every, int epochs) {
        if (every < 1) {
            throw new IllegalArgumentException("Callback.printEvery: every must be >= 1 but was " + every);
        }
        return (epoch, history) -> {
            if (epoch % every == 0 || epoch == epochs - 1) {
                System.out.println(history.last());
            }
        };
    }
}
