package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * RMSProp (Hinton's lecture 6e), as {@code torch.optim.RMSprop} (not centered):
 * <pre>
 * s = alpha * s + (1 - alpha) * g^2    (a running average of squared gradients, per entry)
 * w = w - lr * g / (sqrt(s) + eps)
 * with momentum mu > 0:  b = mu * b + g / (sqrt(s) + eps);  w = w - lr * b
 * </pre>
 * Like {@link AdaGrad}, but the average forgets old gradients, so steps do not shrink forever.
 * Defaults as PyTorch: alpha 0.99, eps 1e-8 (PyTorch's default learning rate is 0.01).
 */
public class RmsProp extends Optimizer {

    private final double alpha;
    private final double eps;
    private final double momentum;
    private final INDArray[] meanSquare;
    private final INDArray[] buffer;

    /** RMSProp with alpha 0.99, eps 1e-8, no momentum. */
    public RmsProp(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.99, 1e-8, 0);
    }

    /** RMSProp with alpha 0.99, eps 1e-8, no momentum, on a module's parameters. */
    public RmsProp(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** RMSProp with decay {@code alpha} in [0, 1), {@code eps} and {@code momentum} in [0, 1). */
    public RmsProp(List<Parameter> parameters, double learningRate, double alpha, double eps, double momentum) {
        super(parameters, learningRate);
        checkRate("alpha", alpha);
        checkNonNegative("eps", eps);
        checkRate("momentum", momentum);
        this.alpha = alpha;
        this.eps = eps;
        this.momentum = momentum;
        this.meanSquare = new INDArray[parameters.size()];
        this.buffer = new INDArray[parameters.size()];
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (meanSquare[i] == null) {
            meanSquare[i] = zerosLike(w);
            buffer[i] = momentum > 0 ? zerosLike(w) : null;
        }
        INDArray s = meanSquare[i];
        INDArray step = workArray(i, w);                            // in place: no new arrays per step
        step.assign(g).muli(g);
        s.muli(alpha);
        axpy(1 - alpha, step, s);                                   // s = alpha * s + (1 - alpha) * g^2
        Transforms.sqrt(step.assign(s), false).addi(eps).rdivi(g);  // step = g / (sqrt(s) + eps)
        if (momentum > 0) {
            buffer[i].muli(momentum).addi(step);                    // b = mu * b + g / (sqrt(s) + eps)
            step = buffer[i];
        }
        axpy(-learningRate(), step, w);                             // w = w - lr * step
    }
}
