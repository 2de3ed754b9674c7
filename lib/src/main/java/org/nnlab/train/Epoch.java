package org.nnlab.train;

/**
 * What one epoch of training measured. Values that were not measured are {@code NaN}: the validation
 * numbers without validation data, the metrics without a {@link Metric}.
 *
 * @param epoch            the epoch, counted from 0
 * @param trainLoss        the mean of the mini-batch losses during the epoch (weighted by batch size)
 * @param validationLoss   the loss on the whole validation set after the epoch, in eval mode
 * @param trainMetric      the metric of the mini-batch predictions during the epoch (weighted by batch size)
 * @param validationMetric the metric on the whole validation set after the epoch, in eval mode
 * @param learningRate     the learning rate used in this epoch
 */
public record Epoch(int epoch, double trainLoss, double validationLoss, double trainMetric,
        double validationMetric, double learningRate) {

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT,
                "epoch %d: train loss %.4f", epoch, trainLoss));
        if (!Double.isNaN(trainMetric)) {
            s.append(String.format(java.util.Locale.ROOT, ", train metric %.4f", trainMetric));
        }
        if (!Double.isNaN(validationLoss)) {
            s.append(String.format(java.util.Locale.ROOT, ", validation loss %.4f", validationLoss));
        }
        if (!Double.isNaN(validationMetric)) {
            s.append(String.format(java.util.Locale.ROOT, ", validation metric %.4f", validationMetric));
        }
        return s.append(String.format(java.util.Locale.ROOT, ", lr %.4g", learningRate)).toString();
    }
}
