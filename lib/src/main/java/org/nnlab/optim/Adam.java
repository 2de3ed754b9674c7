package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * Adam (Kingma and Ba 2015), as {@code torch.optim.Adam}:
 * <pre>
 * m = beta1 * m + (1 - beta1) * g          (running average of gradients: momentum)
 * v = beta2 * v + (1 - beta2) * g^2        (running average of squared gradients: RMSProp)
 * mHat = m / (1 - beta1^t)                 (bias correction: m and v start at 0, so early
 * vHat = v / (1 - beta2^t)                  averages are too small; t = step number, from 1)
 * w = w - lr * mHat / (sqrt(vHat) + eps)
 * </pre>
 * Defaults: beta1 0.9, beta2 0.999, eps 1e-8 (a usual learning rate is 1e-3).
 */
public class Adam extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final INDArray[] m;
    private final INDArray[] v;

    /** Adam with beta1 0.9, beta2 0.999, eps 1e-8. */
    public Adam(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8);
    }

    /** Adam with beta1 0.9, beta2 0.999, eps 1e-8 on a module's parameters. */
    public Adam(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** Adam with given betas in [0, 1) and eps. */
    public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps) {
        super(parameters, learningRate);
        checkRate("beta1", beta1);
        checkRate("beta2", beta2);
        checkNonNegative("eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new INDArray[parameters.size()];
        this.v = new INDArray[parameters.size()];
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (m[i] == null) {
            m[i] = zerosLike(w);
            v[i] = zerosLike(w);
        }
        int t = steps();
        double correction1 = 1 - Math.pow(beta1, t);                 // 1 - beta1^t
        double correction2 = 1 - Math.pow(beta2, t);                 // 1 - beta2^t
        INDArray s = workArray(i, w);                                // in place: no new arrays per step
        m[i].muli(beta1);
        axpy(1 - beta1, g, m[i]);                                    // m = beta1 * m + (1 - beta1) * g
        s.assign(g).muli(g);                                         // s = g^2
        v[i].muli(beta2);
        axpy(1 - beta2, s, v[i]);                                    // v = beta2 * v + (1 - beta2) * g^2
        s.assign(v[i]).divi(correction2);                            // s = vHat = v / (1 - beta2^t)
        Transforms.sqrt(s, false).addi(eps);                         // s = sqrt(vHat) + eps
        s.rdivi(m[i]);                                               // s = m / (sqrt(vHat) + eps)
        axpy(-learningRate() / correction1, s, w);                   // w -= lr * mHat / (sqrt(vHat) + eps)
    }
}
