package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Applies a module to every time step of a sequence, with the same parameters at each step: for a tagger,
 * {@code new PerStep(new Linear(hidden, tags))} turns hidden states {@code [batch, time, hidden]} into
 * tag scores {@code [batch, time, tags]}.
 *
 * <p>The steps are independent, so they can all go through the module at once as one big batch:
 * {@code [batch, time, features]} is seen as {@code [batch · time, features]} (a reshape, no copy), the
 * module runs, and the result is seen again as {@code [batch, time, out]}. Backward does the same with
 * the gradient, and the module adds up its parameter gradients over all steps, as the shared
 * parameters require.
 */
public class PerStep extends Module {

    private final Module module;
    private long[] inputShape; // [batch, time, features] of the last forward
    private long[] outputShape;

    /** {@code module} applied at every time step; it takes {@code [n, features]}. */
    public PerStep(Module module) {
        if (module == null) {
            throw new IllegalArgumentException("PerStep needs a module to apply at every time step");
        }
        this.module = module;
    }

    /** The module applied at each step. */
    public Module module() {
        return module;
    }

    @Override
    public List<Parameter> parameters() {
        return module.parameters();
    }

    /** y[b, t] = module(x[b, t]) for every step, as one batch of batch · time rows. */
    @Override
    public INDArray forward(INDArray x) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(this + " expects a sequence [batch, time, features] but got "
                    + Arrays.toString(x.shape()));
        }
        long batch = x.size(0);
        long time = x.size(1);
        INDArray rows = x.dup('c').reshape(batch * time, x.size(2)); // [batch·time, features]
        INDArray y = module.forward(rows);
        inputShape = x.shape();
        outputShape = new long[] {batch, time, y.size(1)};
        return y.reshape(outputShape);
    }

    /** dL/dx[b, t] = module's backward of dL/dy[b, t], all steps at once. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        if (outputShape == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, outputShape);
        INDArray rows = gradOutput.dup('c').reshape(outputShape[0] * outputShape[1], outputShape[2]);
        return module.backward(rows).reshape(inputShape);
    }

    /** The module's parameter gradients, all steps at once, without dL/dx. */
    @Override
    public void backwardToParameters(INDArray gradOutput) {
        if (outputShape == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, outputShape);
        module.backwardToParameters(gradOutput.dup('c').reshape(outputShape[0] * outputShape[1], outputShape[2]));
    }

    @Override
    public java.util.Map<String, Parameter> namedParameters() {
        return module.namedParameters();
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        module.setTraining(training);
    }

    /** {@code PerStep(Linear(128 -> 17))}. */
    @Override
    public String toString() {
        return "PerStep(" + module + ")";
    }
}
