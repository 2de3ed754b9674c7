package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * AdaGrad (Duchi et al. 2011), as {@code torch.optim.Adagrad} (no learning-rate decay, accumulator
 * starting at 0):
 * <pre>
 * s = s + g^2                          (sum of all squared gradients so far, per entry)
 * w = w - lr * g / (sqrt(s) + eps)
 * </pre>
 * Each weight gets its own step size: large for rarely-updated weights (rare words' embeddings),
 * small for often-updated ones. Since s only grows, steps shrink over time and learning can stall.
 */
public class AdaGrad extends Optimizer {

    private final double eps;
    private final INDArray[] sumOfSquares;

    /** AdaGrad with eps 1e-10 (PyTorch's default; PyTorch's default learning rate is 0.01). */
    public AdaGrad(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 1e-10);
    }

    /** AdaGrad on a module's parameters. */
    public AdaGrad(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** AdaGrad with a given eps (added to the root, keeps the division finite). */
    public AdaGrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate);
        checkNonNegative("eps", eps);
        this.eps = eps;
        this.sumOfSquares = new INDArray[parameters.size()];
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (sumOfSquares[i] == null) {
            sumOfSquares[i] = zerosLike(w);
        }
        INDArray s = sumOfSquares[i];
        INDArray step = workArray(i, w);                             // in place: no new arrays per step
        s.addi(step.assign(g).muli(g));                              // s = s + g^2
        Transforms.sqrt(step.assign(s), false).addi(eps).rdivi(g);   // step = g / (sqrt(s) + eps)
        axpy(-learningRate(), step, w);                              // w = w - lr * g / (sqrt(s) + eps)
    }
}
