package org.nnlab.optim;

/**
 * A learning rate as a function of the epoch (counted from 0): {@code lr(epoch)}.
 *
 * <p>Use it once per epoch, before the epoch's steps:
 * <pre>{@code
 * Optimizer opt = new Sgd(model, 0.1, 0.9);
 * LearningRateSchedule schedule = LearningRateSchedule.cosine(0.1, 0.001, epochs);
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     schedule.apply(opt, epoch);          // same as opt.setLearningRate(schedule.lr(epoch))
 *     for (var batch : batches) { ... opt.step(); }
 * }
 * }</pre>
 * The values equal those of PyTorch's {@code StepLR}, {@code ExponentialLR} and
 * {@code CosineAnnealingLR} (when {@code scheduler.step()} is called at the end of each epoch).
 * Any lambda {@code epoch -> ...} is a schedule too.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate for the given epoch (0 = the first). */
    double lr(int epoch);

    /** Sets the optimizer's learning rate to {@code lr(epoch)}; returns that rate. */
    default double apply(Optimizer optimizer, int epoch) {
        double lr = lr(epoch);
        optimizer.setLearningRate(lr);
        return lr;
    }

    /** The same rate every epoch. */
    static LearningRateSchedule constant(double lr) {
        check(lr >= 0 && Double.isFinite(lr), "constant: learning rate must be >= 0 but was " + lr);
        return epoch -> lr;
    }

    /**
     * Step decay: {@code lr = initial * gamma^floor(epoch / stepSize)}, for example halve the rate
     * every 10 epochs with {@code step(0.1, 10, 0.5)}.
     */
    static LearningRateSchedule step(double initial, int stepSize, double gamma) {
        check(initial >= 0 && Double.isFinite(initial), "step: initial learning rate must be >= 0 but was " + initial);
        check(stepSize > 0, "step: step size must be > 0 epochs but was " + stepSize);
        check(gamma > 0 && gamma <= 1, "step: gamma must be in (0, 1] but was " + gamma);
        return epoch -> initial * Math.pow(gamma, Math.floorDiv(checkEpoch(epoch), stepSize));
    }

    /** Exponential decay: {@code lr = initial * gamma^epoch}. */
    static LearningRateSchedule exponential(double initial, double gamma) {
        check(initial >= 0 && Double.isFinite(initial), "exponential: initial learning rate must be >= 0 but was " + initial);
        check(gamma > 0 && gamma <= 1, "exponential: gamma must be in (0, 1] but was " + gamma);
        return epoch -> initial * Math.pow(gamma, checkEpoch(epoch));
    }

    /**
     * Cosine annealing from {@code initial} down to {@code minimum} over {@code epochs} epochs:
     * {@code lr = minimum + (initial - minimum) * (1 + cos(pi * epoch / epochs)) / 2}, and
     * {@code minimum} from epoch {@code epochs} on.
     */
    static LearningRateSchedule cosine(double initial, double minimum, int epochs) {
        check(initial >= 0 && Double.isFinite(initial), "cosine: initial learning rate must be >= 0 but was " + initial);
        check(minimum >= 0 && minimum <= initial, "cosine: minimum must be in [0, initial] but was " + minimum);
        check(epochs > 0, "cosine: epochs must be > 0 but was " + epochs);
        return epoch -> checkEpoch(epoch) >= epochs ? minimum
                : minimum + (initial - minimum) * (1 + Math.cos(Math.PI * epoch / epochs)) / 2;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("LearningRateSchedule." + message);
        }
    }

    private static int checkEpoch(int epoch) {
        check(epoch >= 0, "lr: epoch must be >= 0 but was " + epoch);
        return epoch;
    }
}
