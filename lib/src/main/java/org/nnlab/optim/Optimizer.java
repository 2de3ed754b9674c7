package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.tensor.NativeGarbage;

/**
 * Updates parameters from their gradients: the "descent" in gradient descent.
 *
 * <p>One training step with any optimizer:
 * <pre>{@code
 * Optimizer opt = new Adam(model, 1e-3);
 * opt.zeroGrad();                       // gradients add up: clear them first
 * double loss = lossFn.forward(model.forward(x), y);
 * model.backward(lossFn.backward());    // fills every parameter's grad()
 * opt.step();                           // value <- value - (update computed from grad)
 * }</pre>
 *
 * <p>Regularisation, added to the gradient before the update rule sees it, as PyTorch does with
 * {@code weight_decay}:
 * <ul>
 *   <li>{@link #weightDecay(double) L2}: {@code g = grad + lambda * w}, the gradient of
 *       {@code (lambda / 2) * sum(w^2)}; it pulls every weight toward 0 in proportion to its size.</li>
 *   <li>{@link #l1(double) L1}: {@code g = grad + lambda * sign(w)}, the (sub)gradient of
 *       {@code lambda * sum(|w|)}; it pulls every weight toward 0 by the same amount, which drives
 *       small weights to (about) 0: sparsity. PyTorch has no such option; it equals adding
 *       {@code lambda * w.abs().sum()} to the loss (with sign(0) = 0).</li>
 * </ul>
 * Both apply to every parameter, biases included (as PyTorch's weight_decay does). {@link AdamW} is the
 * exception: there weight decay is decoupled from the gradient, as in {@code torch.optim.AdamW}.
 *
 * <p>State (velocities, running averages of squared gradients) is kept per parameter, allocated at the
 * first {@link #step()} in the parameter's data type and reused afterwards. Convert a model's data
 * type ({@code model.to(DOUBLE)}) before building its optimizer.
 *
 * <p>A step first checks every gradient: a NaN or infinite entry stops with an error naming the
 * parameter, and no parameter is changed.
 *
 * <p>A step also checks that the gradients were set to zero since the previous step (by this
 * optimizer's, the model's or each parameter's {@code zeroGrad()}). If not, the step uses the sum of
 * this batch's gradient and all earlier ones, a classic bug of hand-written training loops: the first
 * such step prints a warning on {@code System.err} (once per optimizer) and goes ahead. To add up
 * gradients across steps on purpose, say so with {@link #accumulateGradients(boolean)}.
 */
public abstract class Optimizer {

    /** Up to this many entries, gradients are checked for NaN in Java rather than by an ND4J call. */
    private static final long SMALL = 4096;

    private final List<Parameter> parameters;
    private double learningRate;
    private double weightDecay;
    private double l1;
    private int steps;
    private boolean accumulateGradients;  // true: gradients may add up across steps, no warning
    private boolean warnedNotReset;       // the warning about gradients not reset is shown once
    private final long[] gradResetsAtLastStep;  // each parameter's gradResets() at the previous step
    private final DataType[] dataTypes;
    private final INDArray[] work;  // one work array per parameter, see workArray

    /** An optimizer for the given parameters (kept in this order) with a learning rate >= 0. */
    protected Optimizer(List<Parameter> parameters, double learningRate) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
        }
        this.parameters = List.copyOf(parameters);
        this.dataTypes = new DataType[parameters.size()];
        this.work = new INDArray[parameters.size()];
        this.gradResetsAtLastStep = new long[parameters.size()];
        setLearningRate(learningRate);
    }

    /** An optimizer for all parameters of a module. */
    protected Optimizer(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** The parameters this optimizer updates. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate, for example once per epoch from a {@link LearningRateSchedule}.
     * Throws for a negative or non-finite value.
     */
    public void setLearningRate(double learningRate) {
        checkNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    /** L2 weight decay: adds {@code lambda * w} to each gradient (0 = off, the default). Returns this. */
    public Optimizer weightDecay(double lambda) {
        checkNonNegative("weight decay", lambda);
        this.weightDecay = lambda;
        return this;
    }

    /** The L2 weight decay lambda. */
    public double weightDecay() {
        return weightDecay;
    }

    /** L1 penalty: adds {@code lambda * sign(w)} to each gradient (0 = off, the default). Returns this. */
    public Optimizer l1(double lambda) {
        checkNonNegative("L1 penalty", lambda);
        this.l1 = lambda;
        return this;
    }

    /** The L1 penalty lambda. */
    public double l1() {
        return l1;
    }

    /** How many steps have been taken (Adam's bias correction counts them). */
    public int steps() {
        return steps;
    }

    /**
     * Whether gradients may add up across steps on purpose (default false). Without it, a step that finds
     * a gradient not set to zero since the previous step warns once (see the class comment). Returns this.
     */
    public Optimizer accumulateGradients(boolean accumulate) {
        this.accumulateGradients = accumulate;
        return this;
    }

    /** Whether gradients may add up across steps on purpose; see {@link #accumulateGradients(boolean)}. */
    public boolean accumulatesGradients() {
        return accumulateGradients;
    }

    /** Sets the gradient of every parameter to zero; call it before each backward pass. */
    public void zeroGrad() {
        for (Parameter p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Updates every parameter's value in place from its gradient. Throws, leaving all parameters
     * unchanged, if a gradient holds NaN or infinity.
     */
    public final void step() {
        for (int i = 0; i < parameters.size(); i++) {
            checkFinite(parameters.get(i));
            checkDataType(i);
        }
        checkGradientsReset();
        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            dataTypes[i] = p.value().dataType();
            update(i, p.value(), gradient(p));
        }
        NativeGarbage.afterStep();  // frees dead arrays' native memory now and then (see there why)
    }

    /**
     * The gradient the update rule uses: grad, plus {@code weightDecay * w}, plus {@code l1 * sign(w)}.
     * A new array when a penalty is on; the parameter's own grad() is never changed.
     */
    private INDArray gradient(Parameter p) {
        INDArray w = p.value();
        INDArray g = p.grad();
        if (weightDecay != 0 && !decoupledWeightDecay()) {
            g = g.add(w.mul(weightDecay));               // g = grad + lambda2 * w
        }
        if (l1 != 0) {
            g = g.add(Transforms.sign(w).muli(l1));      // g = g + lambda1 * sign(w)
        }
        return g;
    }

    /**
     * Whether {@link #weightDecay()} is applied by the update rule itself rather than added to the gradient
     * ({@link AdamW}); false by default.
     */
    protected boolean decoupledWeightDecay() {
        return false;
    }

    /**
     * The update rule: changes {@code w} (the value of parameter number {@code index}) in place, using
     * the gradient {@code g} (do not modify g: it may be the parameter's own grad()) and this
     * optimizer's state for that parameter. {@link #steps()} is already the number of this step (1 at
     * the first).
     */
    protected abstract void update(int index, INDArray w, INDArray g);

    /**
     * {@code y = y + a * x} in place (BLAS "axpy"), for x and y of the same shape and type. Same as
     * {@code y.addi(x.mul(a))}, in one call and without a temporary array.
     */
    protected static void axpy(double a, INDArray x, INDArray y) {
        if (x.isView() || y.isView() || x.ordering() != y.ordering() || !java.util.Arrays.equals(x.shape(), y.shape())) {
            y.addi(x.mul(a));
            return;
        }
        Nd4j.getBlasWrapper().level1().axpy(y.length(), a, x, y);
    }

    /** A new array of zeros shaped and typed like {@code like}, for per-parameter state. */
    protected static INDArray zerosLike(INDArray like) {
        return Nd4j.zerosLike(like);
    }

    /**
     * A work array shaped like {@code w} (the value of parameter number {@code index}), kept from step to
     * step: update rules compute their intermediate results in it rather than in new arrays. (A new ND4J
     * array's memory lives outside the Java heap and is freed only when the garbage collector finds the
     * array dead, which a training loop leaves for long; Adam on a 1.8-million-weight embedding made
     * 28 MB of such garbage per step.) What it holds at the start of an update is undefined.
     */
    protected final INDArray workArray(int index, INDArray w) {
        INDArray a = work[index];
        if (a == null || a.dataType() != w.dataType() || !java.util.Arrays.equals(a.shape(), w.shape())) {
            a = Nd4j.createUninitialized(w.dataType(), w.shape());
            work[index] = a;
        }
        return a;
    }

    /** Throws unless {@code value} is a finite number >= 0. */
    protected final void checkNonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what
                    + " must be a finite number >= 0 but was " + value);
        }
    }

    /** Throws unless {@code 0 <= value < 1} (for decay rates such as beta or rho). */
    protected final void checkRate(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + what
                    + " must be in [0, 1) but was " + value);
        }
    }

    /**
     * Warns (once) if a parameter's gradient was not set to zero since the previous step. backward ADDS
     * to grad(), so without zeroGrad the step would follow the sum of this batch's gradient and all
     * earlier batches' gradients instead of this batch's.
     */
    private void checkGradientsReset() {
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            boolean reset = p.gradResets() != gradResetsAtLastStep[i];
            if (steps > 0 && !reset && !accumulateGradients && !warnedNotReset) {
                warnedNotReset = true;
                System.err.println("Warning: " + className() + ".step(): the gradient of parameter '"
                        + p.name() + "' was not set to zero since the previous step, so this step uses the sum of"
                        + " the gradients of all batches so far (backward adds to grad()). Call zeroGrad() on the"
                        + " optimizer (or the model) before each backward pass. To add up gradients across steps"
                        + " on purpose, call accumulateGradients(true) on the optimizer. (Shown once per optimizer.)");
            }
            gradResetsAtLastStep[i] = p.gradResets();
        }
    }

    /** The name of this optimizer's class, or of the class it extends if it has none (an anonymous class). */
    private String className() {
        Class<?> c = getClass();
        while (c.getSimpleName().isEmpty()) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }

    /** The state was allocated in the data type of the first step: a later change (castTo) is an error. */
    private void checkDataType(int i) {
        DataType now = parameters.get(i).value().dataType();
        if (dataTypes[i] != null && dataTypes[i] != now) {
            throw new IllegalStateException(getClass().getSimpleName() + ": parameter '" + parameters.get(i).name()
                    + "' changed from " + dataTypes[i] + " to " + now + " after the optimizer's first step;"
                    + " convert the model first, then create its optimizer. No parameter was updated.");
        }
    }

    private void checkFinite(Parameter p) {
        INDArray grad = p.grad();
        int[] rows = p.gradientRows();
        if (rows != null && rows.length < grad.size(0) / 4) { // row-sparse: the other rows are zero
            if (org.nnlab.tensor.NativeFloats.copyable(grad)) {
                float[] used = org.nnlab.tensor.NativeFloats.readRows(grad, rows, new float[rows.length * (int) grad.size(1)]);
                boolean finite = true;
                for (float v : used) {
                    finite &= Float.isFinite(v);
                }
                if (finite) {
                    return;
                }
            } else if (rows.length == 0 || Double.isFinite(Nd4j.pullRows(grad, 1, rows).sumNumber().doubleValue())) {
                return;
            }
        }
        if (grad.isView() || grad.length() != grad.data().length()) {
            if (Double.isFinite(grad.sumNumber().doubleValue())) { // NaN or infinite if any entry is
                return;
            }
        } else if (grad.length() > SMALL) {
            // BLAS's Σ|g| is NaN or infinite if any entry is (or if the sum overflows: the scan below then
            // finds every entry finite); 7x faster than ND4J's sum (20 us against 150 for 200,000 floats)
            if (Double.isFinite(Nd4j.getBlasWrapper().level1().asum(grad))) {
                return;
            }
        } else if (allFinite(grad.data().asDouble())) { // small: a Java loop is faster than an ND4J call
            return;
        }
        double[] g = grad.ravel().toDoubleVector();
        for (int j = 0; j < g.length; j++) {
            if (!Double.isFinite(g[j])) {
                throw new IllegalStateException(getClass().getSimpleName() + ": the gradient of parameter '"
                        + p.name() + "' " + p + " is " + g[j] + " at entry " + j
                        + "; no parameter was updated. Try a smaller learning rate or gradient clipping.");
            }
        }
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + learningRate
                + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "")
                + (l1 != 0 ? ", l1=" + l1 : "") + ")";
    }
}
