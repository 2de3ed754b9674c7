package org.nnlab.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.data.LengthBatches;
import org.nnlab.data.TaggedSentence;
import org.nnlab.eval.Metrics;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.Loss;
import org.nnlab.optim.Adam;
import org.nnlab.optim.GradClip;
import org.nnlab.optim.LearningRateSchedule;
import org.nnlab.rnn.CharTagger;

/**
 * Trains a {@link CharTagger}: mini-batches of sentences of similar length, Adam with a learning rate that
 * decays every epoch ({@code lr_e = lr · decay^e}), gradient clipping, and <b>early stopping</b> on dev:
 * after each epoch the dev accuracy is measured; the parameters of the best epoch so far are kept, and
 * training stops after {@code patience} epochs without a better one (or at {@code maxEpochs}, or when the
 * time budget is spent). At the end the best parameters are put back: the model is the one of its best
 * dev epoch, not of its last.
 * <pre>
 *   TaggerTraining.Result r = new TaggerTraining().maxEpochs(20).run(tagger, data, train, dev, System.out::println);
 * </pre>
 */
public final class TaggerTraining {

    private int maxEpochs = 30;
    private int patience = 4;
    private int batchSize = 32;
    private double learningRate = 0.002;
    private double decay = 0.9;
    private double clip = 5.0;
    private double maxSeconds = Double.POSITIVE_INFINITY;
    private long seed = 1;

    public TaggerTraining maxEpochs(int n) { this.maxEpochs = n; return this; }

    public TaggerTraining patience(int n) { this.patience = n; return this; }

    public TaggerTraining batchSize(int n) { this.batchSize = n; return this; }

    public TaggerTraining learningRate(double lr) { this.learningRate = lr; return this; }

    /** The learning rate of epoch e is lr · decay^e. */
    public TaggerTraining decay(double d) { this.decay = d; return this; }

    public TaggerTraining clip(double maxNorm) { this.clip = maxNorm; return this; }

    /**
     * Stop when this many seconds of training have passed, also in the middle of an epoch (the dev accuracy
     * is measured then, and the best epoch is still restored).
     */
    public TaggerTraining maxSeconds(double s) { this.maxSeconds = s; return this; }

    public TaggerTraining seed(long s) { this.seed = s; return this; }

    /** One epoch's figures. */
    public record Epoch(int epoch, double learningRate, double trainLoss, double devAccuracy, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "epoch %2d  lr %.5f  train loss %.4f  dev accuracy %.2f %%  %.0f s",
                    epoch, learningRate, trainLoss, 100 * devAccuracy, seconds);
        }
    }

    /** The history, the best epoch (its parameters are the model's now) and the time it took. */
    public record Result(List<Epoch> epochs, int bestEpoch, double bestDevAccuracy, double seconds, String stopReason) {
    }

    /** Trains on {@code train}, stops early on {@code dev}; {@code progress} gets a line per epoch. */
    public Result run(CharTagger tagger, TaggingData data, List<TaggedSentence> train, List<TaggedSentence> dev,
            Consumer<String> progress) {
        checkContext(tagger, data);
        Adam adam = new Adam(tagger, learningRate);
        LearningRateSchedule schedule = LearningRateSchedule.exponential(learningRate, decay);
        Loss loss = tagger.loss();
        List<int[]> lengths = TaggingData.lengths(train);
        int[][] gold = dev.stream().map(data::tagIds).toArray(int[][]::new);
        List<Epoch> epochs = new ArrayList<>();
        Map<String, INDArray> best = null;
        double bestAccuracy = -1;
        int bestEpoch = 0;
        String stop = "reached " + maxEpochs + " epochs";
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            double lr = schedule.apply(adam, epoch - 1);
            tagger.train();
            double lossSum = 0;
            int batches = 0;
            boolean outOfTime = false;
            List<int[]> epochBatches = LengthBatches.of(lengths, batchSize, seed * 1000 + epoch);
            for (int[] batch : epochBatches) {
                if ((System.nanoTime() - start) / 1e9 > maxSeconds) {
                    outOfTime = true; // the budget ends in the middle of an epoch: measure what we have
                    break;
                }
                tagger.zeroGrad();
                lossSum += loss.forward(tagger.forward(data.input(train, batch)), data.labels(train, batch));
                tagger.backward(loss.backward());
                GradClip.byNorm(tagger.parameters(), clip);
                adam.step();
                batches++;
                if (progress != null && batches % 50 == 0) { // a sign of life within long epochs
                    progress.accept(String.format(Locale.ROOT, "  epoch %d: %d of %d batches, train loss %.4f, %.0f s",
                            epoch, batches, epochBatches.size(), lossSum / batches, (System.nanoTime() - start) / 1e9));
                }
            }
            double accuracy = Metrics.tokenAccuracy(predict(tagger, data, dev), gold);
            double seconds = (System.nanoTime() - start) / 1e9;
            Epoch e = new Epoch(epoch, lr, lossSum / Math.max(1, batches), accuracy, seconds);
            epochs.add(e);
            boolean better = accuracy > bestAccuracy;
            if (better) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                best = snapshot(tagger);
            }
            if (progress != null) {
                progress.accept(e + (better ? "  (best so far)" : ""));
            }
            if (epoch - bestEpoch >= patience) {
                stop = "no better dev accuracy for " + patience + " epochs";
                break;
            }
            if (outOfTime || seconds > maxSeconds) {
                stop = String.format(Locale.ROOT, "time budget of %.0f s spent", maxSeconds);
                break;
            }
        }
        restore(tagger, best);
        tagger.eval();
        return new Result(epochs, bestEpoch, bestAccuracy, (System.nanoTime() - start) / 1e9, stop);
    }

    /** The tags of every sentence, in batches of similar length, in evaluation mode. */
    public static int[][] predict(CharTagger tagger, TaggingData data, List<TaggedSentence> sentences) {
        checkContext(tagger, data);
        int[][] out = new int[sentences.size()][];
        for (int[] batch : LengthBatches.of(TaggingData.lengths(sentences), 128, 0)) {
            int[][] tags = tagger.predict(data.input(sentences, batch));
            for (int k = 0; k < batch.length; k++) {
                out[batch[k]] = tags[k];
            }
        }
        return out;
    }

    /** The data gives each word a context vector of the length the tagger reads, or none if it reads none. */
    static void checkContext(CharTagger tagger, TaggingData data) {
        int given = data.context() == null ? 0 : data.context().size();
        int read = tagger.options().contextDim;
        if (given != read) {
            throw new IllegalArgumentException("the tagger reads context vectors of " + read + " numbers (contextDim)"
                    + " but the data gives " + (given == 0 ? "none" : given + " (" + data.context().name() + ")")
                    + ": use data.withContext(...) with the vectors the tagger was trained with, or a tagger"
                    + " with options.contextDim = " + given);
        }
    }

    /** A copy of every parameter's value, by name. */
    static Map<String, INDArray> snapshot(CharTagger tagger) {
        Map<String, INDArray> copy = new java.util.LinkedHashMap<>();
        tagger.namedParameters().forEach((name, p) -> copy.put(name, p.value().dup()));
        return copy;
    }

    /** Puts the copied values back (in place, so the optimizer's references stay valid). */
    static void restore(CharTagger tagger, Map<String, INDArray> values) {
        if (values == null) {
            return;
        }
        for (Map.Entry<String, Parameter> p : tagger.namedParameters().entrySet()) {
            INDArray v = values.get(p.getKey());
            if (!Arrays.equals(v.shape(), p.getValue().value().shape())) {
                throw new IllegalStateException("parameter " + p.getKey() + " has shape "
                        + Arrays.toString(p.getValue().value().shape()) + " but the copy has " + Arrays.toString(v.shape()));
            }
            p.getValue().value().assign(v);
        }
    }
}
