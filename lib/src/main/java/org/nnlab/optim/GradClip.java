package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Parameter;

/**
 * Gradient clipping: limits the gradients after backward and before {@link Optimizer#step()}, so one
 * exploding gradient (common in recurrent networks) cannot throw the weights far away.
 * <pre>{@code
 * model.backward(loss.backward());
 * double norm = GradClip.byNorm(model.parameters(), 1.0);  // worth plotting: spikes show explosions
 * opt.step();
 * }</pre>
 * Both helpers change the gradients in place and return the global norm BEFORE clipping,
 * {@code sqrt(sum over all parameters and entries of grad^2)}.
 */
public final class GradClip {

    private GradClip() {
    }

    /** The global 2-norm of all gradients: {@code sqrt(sum of grad^2)} over every parameter. */
    public static double globalNorm(List<Parameter> parameters) {
        double sumOfSquares = 0;
        for (Parameter p : parameters) {
            double n = p.grad().norm2Number().doubleValue();
            sumOfSquares += n * n;
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Clipping by global norm, as PyTorch's {@code clip_grad_norm_}: if the global norm exceeds
     * {@code maxNorm}, scales every gradient by {@code maxNorm / (norm + 1e-6)}, so the direction of the
     * whole gradient is kept and only its length shrinks. Returns the norm before clipping.
     */
    public static double byNorm(List<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("GradClip.byNorm: maxNorm must be a finite number > 0 but was " + maxNorm);
        }
        double norm = globalNorm(parameters);
        checkFinite(parameters, norm);
        double scale = maxNorm / (norm + 1e-6);                    // scale = maxNorm / (||g|| + 1e-6)
        if (scale < 1) {
            for (Parameter p : parameters) {
                p.grad().muli(scale);                              // g = g * scale
            }
        }
        return norm;
    }

    /**
     * Clipping by value, as PyTorch's {@code clip_grad_value_}: every entry of every gradient is clamped
     * to {@code [-limit, limit]} (this may change the gradient's direction). Returns the global norm
     * before clipping.
     */
    public static double byValue(List<Parameter> parameters, double limit) {
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("GradClip.byValue: limit must be a finite number > 0 but was " + limit);
        }
        double norm = globalNorm(parameters);
        checkFinite(parameters, norm);
        for (Parameter p : parameters) {
            INDArray g = p.grad();
            Transforms.min(Transforms.max(g, -limit, false), limit, false); // g = min(max(g, -limit), limit)
        }
        return norm;
    }

    /** Throws, naming the parameter, if a gradient holds NaN or infinity (gradients stay unchanged). */
    private static void checkFinite(List<Parameter> parameters, double norm) {
        if (Double.isFinite(norm)) {
            return;
        }
        for (Parameter p : parameters) {
            double[] g = p.grad().ravel().toDoubleVector();
            for (int j = 0; j < g.length; j++) {
                if (!Double.isFinite(g[j])) {
                    throw new IllegalStateException("GradClip: the gradient of parameter '" + p.name() + "' " + p
                            + " is " + g[j] + " at entry " + j + "; nothing was clipped");
                }
            }
        }
    }
}
