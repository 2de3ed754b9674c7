package org.nnlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;
import org.nnlab.Nnlab;
import org.nnlab.data.Dataset;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.BCELoss;
import org.nnlab.nn.loss.BCEWithLogitsLoss;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.nn.loss.Loss;
import org.nnlab.optim.GradClip;
import org.nnlab.optim.LearningRateSchedule;
import org.nnlab.optim.Optimizer;

/**
 * The training loop of the lecture, with mini-batches, shuffling, validation, early stopping and callbacks:
 * <pre>{@code
 * for each epoch:
 *     shuffle the rows
 *     for each mini-batch (x, y):
 *         optimizer.zeroGrad()                 // gradients add up: clear them
 *         prediction = model.forward(x)
 *         loss = lossFunction.forward(prediction, y)
 *         model.backward(lossFunction.backward())
 *         optimizer.step()
 *     measure the validation loss (and metric) in eval mode
 *     record the epoch in the History; stop if the loss ran away (see Divergence below)
 *     call the callbacks; maybe stop early
 * }</pre>
 * Use it with fluent setters, then {@code fit}:
 * <pre>{@code
 * Nnlab.seed(1);
 * Sequential model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1), new Sigmoid());
 * History history = new Trainer(model, new BCELoss(), new Sgd(model, 0.5))
 *         .epochs(500).batchSize(4)
 *         .fit(Synthetic.xorTable());
 * }</pre>
 *
 * <p>Defaults: 10 epochs, batch size 32, shuffling on, drawn from {@link Nnlab#random()} (set
 * {@link #seed(long)} for a generator of this trainer's own), a metric chosen from the loss (see
 * {@link Metric}), no validation, no schedule, no early stopping, no clipping.
 *
 * <p>Divergence: training that runs away stops with a {@link TrainingDivergedException} that says where
 * and what to try (a lower learning rate, gradient clipping), and puts the model's parameters back to their
 * values before {@code fit}. It stops
 * <ul>
 *   <li>at once, when a mini-batch's loss or a gradient is NaN or infinite;</li>
 *   <li>after an epoch whose training loss is more than {@value #DIVERGED_FACTOR} times the loss at the
 *       start (the untrained model's loss on the first mini-batch, before any step);</li>
 *   <li>after {@value #RISING_EPOCHS} epochs in a row in which the training loss went up, ending above
 *       {@value #RISING_ABOVE_START} times the loss at the start.</li>
 * </ul>
 * A run that learns keeps its loss below the start, far from both limits. {@link #stopWhenDiverging(boolean)
 * stopWhenDiverging(false)} turns the last two off, for an experiment that shows divergence on purpose.
 *
 * <p>Errors: empty data, and inputs and targets with different numbers of rows, are rejected before any
 * parameter changes.
 */
public class Trainer {

    /** An epoch's training loss more than this many times the loss at the start: training diverged. */
    public static final double DIVERGED_FACTOR = 1000;
    /** A training loss that went up this many epochs in a row ... */
    public static final int RISING_EPOCHS = 5;
    /** ... to more than this many times the loss at the start: training diverged. */
    public static final double RISING_ABOVE_START = 2;

    private final Module model;
    private final Loss loss;
    private final Optimizer optimizer;

    private int epochs = 10;
    private int batchSize = 32;
    private boolean shuffle = true;
    private Random random; // null: Nnlab.random()
    private Metric metric; // null: chosen from the loss
    private boolean metricChosen;
    private INDArray validationX;
    private INDArray validationY;
    private Dataset validationData;
    private LearningRateSchedule schedule;
    private double clipNorm; // 0: off
    private int patience; // 0: no early stopping
    private boolean monitorMetric; // false: validation loss (lower is better); true: validation metric (higher)
    private boolean restoreBest = true;
    private boolean stopWhenDiverging = true;
    private final List<Callback> callbacks = new ArrayList<>();

    /** A trainer for {@code model}, minimising {@code loss} with {@code optimizer}. */
    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("Trainer needs a model, a loss and an optimizer, but got "
                    + model + ", " + loss + ", " + optimizer);
        }
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** How many passes over the training data (at most, with early stopping). Returns this. */
    public Trainer epochs(int epochs) {
        check(epochs >= 1, "epochs must be >= 1 but was " + epochs);
        this.epochs = epochs;
        return this;
    }

    /** How many examples per gradient step; the last batch of an epoch may be smaller. Returns this. */
    public Trainer batchSize(int batchSize) {
        check(batchSize >= 1, "batch size must be >= 1 but was " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Whether to shuffle the training rows at the start of every epoch (default true). Returns this. */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Shuffles with a generator of its own, seeded with {@code seed}, instead of {@link Nnlab#random()}. */
    public Trainer seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** The metric to record per epoch (for example {@link Metric#accuracy()}), or null for none. */
    public Trainer metric(Metric metric) {
        this.metric = metric;
        this.metricChosen = true;
        return this;
    }

    /** Validation data: measured after every epoch, in eval mode, and used by early stopping. */
    public Trainer validation(INDArray x, INDArray y) {
        checkData("validation", x, y);
        this.validationX = x;
        this.validationY = y;
        this.validationData = null;
        return this;
    }

    /** Validation data as a {@link Dataset}, with targets as in {@link #fit(Dataset)}. */
    public Trainer validation(Dataset data) {
        check(data != null && data.size() > 0, "the validation data set is empty");
        this.validationData = data;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    /** Sets the learning rate at the start of every epoch from {@code schedule}. Returns this. */
    public Trainer schedule(LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** Clips the gradients to a global norm of at most {@code maxNorm} before every step (0 = off). */
    public Trainer clipGradNorm(double maxNorm) {
        check(maxNorm >= 0 && Double.isFinite(maxNorm), "max norm must be >= 0 but was " + maxNorm);
        this.clipNorm = maxNorm;
        return this;
    }

    /**
     * Early stopping on the validation loss: stops when it has not gone down for {@code patience} epochs
     * in a row, and puts back the parameters of the best epoch. Needs validation data. Returns this.
     */
    public Trainer earlyStopping(int patience) {
        check(patience >= 1, "patience must be >= 1 epoch but was " + patience);
        this.patience = patience;
        this.monitorMetric = false;
        return this;
    }

    /** Early stopping on the validation metric (higher is better, for example accuracy) instead of the loss. */
    public Trainer earlyStoppingOnMetric(int patience) {
        earlyStopping(patience);
        this.monitorMetric = true;
        return this;
    }

    /** Whether early stopping puts back the parameters of the best epoch (default true). Returns this. */
    public Trainer restoreBest(boolean restoreBest) {
        this.restoreBest = restoreBest;
        return this;
    }

    /**
     * Whether to stop when the training loss grows far above its start or keeps rising to above it (default
     * true; see the class comment). A NaN or infinite loss always stops training. Returns this.
     */
    public Trainer stopWhenDiverging(boolean stop) {
        this.stopWhenDiverging = stop;
        return this;
    }

    /** Adds a callback, called after every epoch in the order added. Returns this. */
    public Trainer callback(Callback callback) {
        check(callback != null, "callback is null");
        callbacks.add(callback);
        return this;
    }

    /**
     * Trains on a data set. Inputs are {@link Dataset#x()}; targets are the class numbers
     * ({@link Dataset#labels()} as {@code [n]}) for a {@link CrossEntropyLoss}, else {@link Dataset#y()}
     * ({@code [n, 1]}, 0.0/1.0, for a binary output). For one-hot targets call
     * {@code fit(data.x(), data.oneHot())}. Both are converted to the parameters' data type.
     */
    public History fit(Dataset train) {
        check(train != null && train.size() > 0, "the training data set is empty");
        return fit(inputs(train), targets(train));
    }

    /**
     * Trains on inputs {@code x} ({@code [n, ...]}) and targets {@code y} ({@code [n, ...]}, row i for x's
     * row i). Leaves the model in training mode: call {@code model.eval()} before predicting.
     */
    public History fit(INDArray x, INDArray y) {
        checkData("training", x, y);
        INDArray valX = validationX;
        INDArray valY = validationY;
        if (validationData != null) {
            valX = inputs(validationData);
            valY = targets(validationData);
        }
        check(patience == 0 || valX != null, "early stopping needs validation data: call validation(...) first");
        Metric m = metricChosen ? metric : defaultMetric(loss);
        check(!(patience > 0 && monitorMetric && m == null), "early stopping on the metric needs a metric");

        List<INDArray> before = copyParameters(); // put back if training diverges
        try {
            return train(x, y, valX, valY, m);
        } catch (TrainingDivergedException e) {
            restore(before);
            throw e;
        }
    }

    /** The loop itself, on checked data. */
    private History train(INDArray x, INDArray y, INDArray valX, INDArray valY, Metric m) {
        History history = new History();
        int n = (int) x.size(0);
        int[] order = identity(n);
        double best = Double.NaN;
        int bestEpoch = -1;
        List<INDArray> bestParameters = null;
        double startLoss = Double.NaN; // the untrained model's loss on the first mini-batch
        int rising = 0;                // epochs in a row in which the training loss went up
        model.train();
        for (int epoch = 0; epoch < epochs && !history.stopped(); epoch++) {
            if (schedule != null) {
                schedule.apply(optimizer, epoch);
            }
            INDArray xs = x;
            INDArray ys = y;
            if (shuffle) { // one gather of all rows per epoch; the batches are then consecutive slices
                shuffle(order);
                xs = rows(x, order);
                ys = rows(y, order);
            }
            double lossSum = 0;
            double metricSum = 0;
            int batch = 0;
            for (int start = 0; start < n; start += batchSize, batch++) {
                int end = Math.min(start + batchSize, n);
                INDArray xb = slice(xs, start, end);
                INDArray yb = slice(ys, start, end);
                int rows = end - start;
                // the lecture's step: zeroGrad, forward, loss, backward, step
                optimizer.zeroGrad();
                INDArray prediction = model.forward(xb);
                double batchLoss = loss.forward(prediction, yb);
                checkFinite(batchLoss, epoch, batch, n, history);
                if (epoch == 0 && batch == 0) {
                    startLoss = batchLoss;
                }
                model.backwardToParameters(loss.backward());   // backward without dL/d(input): data
                if (clipNorm > 0) {
                    GradClip.byNorm(optimizer.parameters(), clipNorm);
                }
                step(epoch, batch, history);
                lossSum += batchLoss * rows;
                if (m != null) {
                    metricSum += m.compute(prediction, yb) * rows;
                }
            }
            double valLoss = Double.NaN;
            double valMetric = Double.NaN;
            if (valX != null) {
                model.eval();
                INDArray prediction = model.forward(valX);
                valLoss = loss.forward(prediction, valY);
                valMetric = m != null ? m.compute(prediction, valY) : Double.NaN;
                model.train();
            }
            history.add(new Epoch(epoch, lossSum / n, valLoss, m != null ? metricSum / n : Double.NaN,
                    valMetric, optimizer.learningRate()));
            if (epoch > 0) {
                rising = history.get(epoch).trainLoss() > history.get(epoch - 1).trainLoss() ? rising + 1 : 0;
            }
            if (stopWhenDiverging) {
                checkDiverging(history, startLoss, rising);
            }

            if (patience > 0) { // early stopping: is this epoch the best so far?
                double score = monitorMetric ? valMetric : -valLoss; // higher is better
                if (bestEpoch < 0 || score > best) {
                    best = score;
                    bestEpoch = epoch;
                    bestParameters = restoreBest ? copyParameters() : null;
                    history.setBestEpoch(epoch);
                } else if (epoch - bestEpoch >= patience) {
                    history.stop(String.format(Locale.ROOT, "early stopping: the validation %s has not improved"
                            + " for %d epochs since epoch %d", monitorMetric ? "metric" : "loss", patience, bestEpoch));
                }
            }
            for (Callback callback : callbacks) {
                callback.afterEpoch(epoch, history);
            }
        }
        if (bestParameters != null && history.stopped()) {
            restore(bestParameters);
        }
        return history;
    }

    /** The targets of a data set for this trainer's loss (see {@link #fit(Dataset)}). */
    private INDArray targets(Dataset data) {
        if (loss instanceof CrossEntropyLoss) {
            return Nd4j.createFromArray(data.labels()).castTo(dataType());
        }
        return data.y().castTo(dataType());
    }

    /** The inputs of a data set in the parameters' data type (FLOAT, or DOUBLE after model.to(DOUBLE)). */
    private INDArray inputs(Dataset data) {
        return data.x().castTo(dataType());
    }

    private DataType dataType() {
        return optimizer.parameters().get(0).value().dataType();
    }

    /** Accuracy for the classification losses, none for the others (MSE). */
    static Metric defaultMetric(Loss loss) {
        if (loss instanceof BCELoss) {
            return Metric.binaryAccuracy(0.5);   // outputs are probabilities
        }
        if (loss instanceof BCEWithLogitsLoss) {
            return Metric.binaryAccuracy(0.0);   // outputs are logits: sigmoid(z) > 0.5 iff z > 0
        }
        if (loss instanceof CrossEntropyLoss) {
            return Metric.accuracy();
        }
        return null;
    }

    private void checkFinite(double batchLoss, int epoch, int batch, int n, History history) {
        if (!Double.isFinite(batchLoss)) {
            int batches = (n + batchSize - 1) / batchSize;
            String reason = String.format(Locale.ROOT, "%s is %s at epoch %d, batch %d (of %d): training diverged.",
                    loss, batchLoss, epoch, batch, batches);
            history.stop(reason);
            throw new TrainingDivergedException(reason + hint(), epoch, batch, null, history);
        }
    }

    /**
     * Stops after the epoch just trained if its training loss is far above the loss at the start, or went
     * up {@value #RISING_EPOCHS} epochs in a row to well above it: the steps overshoot further and further
     * instead of going down into the valley.
     */
    private void checkDiverging(History history, double startLoss, int rising) {
        Epoch last = history.last();
        double now = last.trainLoss();
        String reason = null;
        if (!(startLoss > 0)) {
            return; // no scale to compare with (a loss of 0 at the start)
        }
        if (now > DIVERGED_FACTOR * startLoss) {
            reason = String.format(Locale.ROOT, "the training loss of epoch %d is %.4g, more than %.0f times"
                    + " its start (%.4g on the first mini-batch): training diverged.",
                    last.epoch(), now, DIVERGED_FACTOR, startLoss);
        } else if (rising >= RISING_EPOCHS && now > RISING_ABOVE_START * startLoss) {
            int from = last.epoch() - rising;
            reason = String.format(Locale.ROOT, "the training loss went up %d epochs in a row, from %.4g at"
                    + " epoch %d to %.4g at epoch %d, more than %.0f times its start (%.4g on the first"
                    + " mini-batch): training diverged.", rising, history.get(from).trainLoss(), from, now,
                    last.epoch(), RISING_ABOVE_START, startLoss);
        }
        if (reason != null) {
            history.stop(reason);
            throw new TrainingDivergedException("Trainer: " + reason + hint(), last.epoch(), -1, null, history);
        }
    }

    /** What to try when training diverges, with the learning rate in use. */
    private String hint() {
        return " Lower the learning rate (now " + optimizer.learningRate()
                + ") or clip gradients (Trainer.clipGradNorm). The model's parameters are back to their values"
                + " before fit (the optimizer's state, such as momentum, is not).";
    }

    /** optimizer.step(), with the epoch and batch added to its error (a NaN or infinite gradient). */
    private void step(int epoch, int batch, History history) {
        try {
            optimizer.step();
        } catch (IllegalStateException e) {
            String reason = String.format(Locale.ROOT, "at epoch %d, batch %d: %s", epoch, batch, e.getMessage());
            history.stop(reason);
            throw new TrainingDivergedException(reason + hint(), epoch, batch, e, history);
        }
    }

    private List<INDArray> copyParameters() {
        List<INDArray> copies = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            copies.add(p.value().dup());
        }
        return copies;
    }

    private void restore(List<INDArray> values) {
        List<Parameter> parameters = model.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().assign(values.get(i));
        }
    }

    /** Fisher-Yates shuffle with this trainer's generator. */
    private void shuffle(int[] order) {
        Random r = random != null ? random : Nnlab.random();
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Rows {@code start} to {@code end - 1} (along dimension 0): a view when it is not all of them. */
    static INDArray slice(INDArray a, int start, int end) {
        if (start == 0 && end == a.size(0)) {
            return a;
        }
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        index[0] = NDArrayIndex.interval(start, end);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index);
    }

    /** The given rows (along dimension 0) of an array of any rank, as a new array. */
    static INDArray rows(INDArray a, int[] rows) {
        if (a.rank() == 2) {
            return Nd4j.pullRows(a, 1, rows); // one native gather
        }
        if (a.rank() == 1) {
            return Nd4j.pullRows(a.reshape(a.length(), 1), 1, rows).reshape(rows.length);
        }
        INDArrayIndex[] index = new INDArrayIndex[a.rank()];
        long[] positions = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            positions[i] = rows[i];
        }
        index[0] = new SpecifiedIndex(positions);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return a.get(index);
    }

    private static void checkData(String what, INDArray x, INDArray y) {
        check(x != null && y != null, "the " + what + " inputs or targets are null");
        check(x.rank() >= 1 && x.length() > 0 && x.size(0) > 0, "the " + what + " inputs are empty");
        check(y.rank() >= 1 && y.length() > 0 && y.size(0) > 0, "the " + what + " targets are empty");
        check(x.size(0) == y.size(0), "the " + what + " inputs have " + x.size(0) + " rows but the targets have "
                + y.size(0) + ": row i of the targets belongs to row i of the inputs");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("Trainer: " + message);
        }
    }
}
