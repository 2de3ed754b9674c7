package org.nnlab.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.Loss;

/**
 * Checks a backward pass against finite differences: for every entry θ of every parameter (and of
 * the input) it compares the gradient that backward computed with the central difference
 * {@code (L(θ + h) - L(θ - h)) / 2h} (see {@link FiniteDifference}), and reports the largest
 * relative error per array:
 * <pre>{@code
 * model.to(DataType.DOUBLE);
 * GradCheck.Report report = GradCheck.check(model, new MSELoss(), x, y);
 * System.out.println(report);   // one line per parameter, ✔ or ✘
 * }</pre>
 *
 * <p>The relative error of one entry is {@code |backward - numerical| / max(|backward|, |numerical|, 1e-8)}
 * (0 when both are 0). Below {@value #TOLERANCE} the backward pass is right; a wrong formula gives errors
 * near 1. Everything runs in DOUBLE: a float keeps only about 7 digits, too few for a difference
 * quotient. The module's parameters must already be DOUBLE ({@code model.to(DataType.DOUBLE)}); the
 * input and target are copied to DOUBLE. Avoid inputs that sit on a kink (ReLU at 0).
 *
 * <p>Side effects: the parameters are perturbed and restored exactly; their gradients are left
 * holding the backward result of this check.
 */
public final class GradCheck {

    /** A backward pass whose errors all stay below this is right. */
    public static final double TOLERANCE = 1e-6;

    /** Below this size, |backward| and |numerical| count as zero in the relative error. */
    public static final double FLOOR = 1e-8;

    private GradCheck() {
    }

    /** Checks a model (any module or a whole network) together with a loss, for one batch. */
    public static Report check(Module model, Loss loss, INDArray input, INDArray target) {
        requireDouble(model);
        INDArray x = input.castTo(DataType.DOUBLE).dup();
        INDArray y = target.castTo(DataType.DOUBLE).dup();
        DoubleSupplier lossValue = () -> loss.forward(model.forward(x), y);
        // the backward pass under test
        model.zeroGrad();
        lossValue.getAsDouble();
        INDArray dx = model.backward(loss.backward());
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
            entries.add(compare(p.getKey(), p.getValue().value(), p.getValue().grad(), lossValue));
        }
        entries.add(compare("input", x, dx, lossValue));
        return new Report(model + " with " + loss, entries);
    }

    /**
     * Checks a module on its own. The loss is a fixed random weighting of its outputs,
     * {@code L = Σ r ⊙ forward(x)}, so that every output entry gets its own gradient {@code r}.
     */
    public static Report check(Module module, INDArray input) {
        requireDouble(module);
        INDArray x = input.castTo(DataType.DOUBLE).dup();
        INDArray r = randomLike(module.forward(x));
        DoubleSupplier lossValue = () -> module.forward(x).mul(r).sumNumber().doubleValue();
        module.zeroGrad();
        lossValue.getAsDouble();
        INDArray dx = module.backward(r.dup()); // dL/d(output) = r
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Parameter> p : module.namedParameters().entrySet()) {
            entries.add(compare(p.getKey(), p.getValue().value(), p.getValue().grad(), lossValue));
        }
        entries.add(compare("input", x, dx, lossValue));
        return new Report(module.toString(), entries);
    }

    /** Checks a loss on its own: its backward against the numerical dL/d(prediction). */
    public static Report check(Loss loss, INDArray prediction, INDArray target) {
        INDArray p = prediction.castTo(DataType.DOUBLE).dup();
        INDArray y = target.castTo(DataType.DOUBLE).dup();
        DoubleSupplier lossValue = () -> loss.forward(p, y);
        lossValue.getAsDouble();
        INDArray dp = loss.backward();
        return new Report(loss.toString(), List.of(compare("prediction", p, dp, lossValue)));
    }

    /** Compares backward's gradient of one array with central differences, entry by entry. */
    private static Entry compare(String name, INDArray theta, INDArray backward, DoubleSupplier loss) {
        double h = FiniteDifference.STEP;
        Entry worst = new Entry(name, theta.shape(), 0, 0, 0, 0);
        for (long i = 0; i < theta.length(); i++) {
            double original = theta.getDouble(i);
            theta.putScalar(i, original + h);
            double plus = loss.getAsDouble();
            theta.putScalar(i, original - h);
            double minus = loss.getAsDouble();
            theta.putScalar(i, original); // restored exactly: a double holds it
            double numerical = (plus - minus) / (2 * h);
            double analytic = backward.getDouble(i);
            double error = relativeError(analytic, numerical);
            if (error > worst.maxError || i == 0) {
                worst = new Entry(name, theta.shape(), error, i, analytic, numerical);
            }
        }
        return worst;
    }

    /** |a - n| / max(|a|, |n|, FLOOR); NaN counts as the worst error. */
    static double relativeError(double analytic, double numerical) {
        double difference = Math.abs(analytic - numerical);
        if (Double.isNaN(difference)) {
            return Double.POSITIVE_INFINITY;
        }
        double scale = Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numerical)));
        return difference == 0 ? 0 : difference / scale;
    }

    private static void requireDouble(Module model) {
        for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) {
            DataType type = p.getValue().value().dataType();
            if (type != DataType.DOUBLE) {
                throw new IllegalArgumentException("GradCheck needs DOUBLE parameters, but " + p.getKey() + " of "
                        + model + " is " + type + " (a float keeps only about 7 digits); call model.to(DataType.DOUBLE) first");
            }
        }
    }

    /** A DOUBLE array of the shape of {@code like}, uniform in (-1, 1), from a fixed private seed. */
    private static INDArray randomLike(INDArray like) {
        Random random = new Random(1234); // not ND4J's generator: a check must not shift the user's random numbers
        INDArray r = like.castTo(DataType.DOUBLE).dup();
        for (long i = 0; i < r.length(); i++) {
            r.putScalar(i, 2 * random.nextDouble() - 1);
        }
        return r;
    }

    /** The largest error in one array, and where it happened. */
    public record Entry(String name, long[] shape, double maxError, long worstIndex, double backward,
                        double numerical) {

        /** True when the largest error is below {@code tolerance}. */
        public boolean passed(double tolerance) {
            return maxError < tolerance;
        }
    }

    /** The result of a gradient check: one {@link Entry} per parameter, then the input. */
    public static final class Report {

        private final String subject;
        private final List<Entry> entries;

        Report(String subject, List<Entry> entries) {
            this.subject = subject;
            this.entries = List.copyOf(entries);
        }

        /** One entry per checked array: the parameters by name, then {@code input} (or {@code prediction}). */
        public List<Entry> entries() {
            return entries;
        }

        /** The entry of the array with this name, for example {@code 0.weight} or {@code input}. */
        public Entry entry(String name) {
            for (Entry e : entries) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("no array named " + name + " in this check; there are " + names());
        }

        /** The largest relative error of all arrays. */
        public double maxError() {
            double max = 0;
            for (Entry e : entries) {
                max = Math.max(max, e.maxError());
            }
            return max;
        }

        /** True when every error is below {@value GradCheck#TOLERANCE}. */
        public boolean passed() {
            return passed(TOLERANCE);
        }

        /** True when every error is below {@code tolerance}. */
        public boolean passed(double tolerance) {
            return maxError() < tolerance;
        }

        private List<String> names() {
            List<String> names = new ArrayList<>();
            for (Entry e : entries) {
                names.add(e.name());
            }
            return names;
        }

        /**
         * For example:
         * <pre>
         * Gradient check of Linear(3 -> 2) (central differences, h = 1.0E-5, DOUBLE)
         *   ✔ weight  [2, 3]  max relative error 3.1E-11
         *   ✘ bias    [2]     max relative error 0.5  at [1]: backward 2, numerical 1
         * </pre>
         */
        @Override
        public String toString() {
            int width = 0;
            for (Entry e : entries) {
                width = Math.max(width, e.name().length());
            }
            StringBuilder s = new StringBuilder("Gradient check of " + subject + " (central differences, h = "
                    + FiniteDifference.STEP + ", DOUBLE)");
            for (Entry e : entries) {
                boolean ok = e.passed(TOLERANCE);
                s.append(String.format("%n  %s %-" + width + "s  %-9s  max relative error %s", ok ? "✔" : "✘",
                        e.name(), Numbers.shape(e.shape()), Numbers.format(e.maxError())));
                if (!ok) {
                    s.append("  at ").append(Numbers.index(e.shape(), e.worstIndex())).append(": backward ")
                            .append(Numbers.format(e.backward())).append(", numerical ")
                            .append(Numbers.format(e.numerical()));
                }
            }
            return s.toString();
        }
    }
}
