package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * AdaDelta (Zeiler 2012), as {@code torch.optim.Adadelta}:
 * <pre>
 * s  = rho * s + (1 - rho) * g^2                       (running average of squared gradients)
 * d  = sqrt(u + eps) / sqrt(s + eps) * g               (the step, in the units of w)
 * u  = rho * u + (1 - rho) * d^2                       (running average of squared steps)
 * w  = w - lr * d
 * </pre>
 * The ratio of the two root-mean-squares gives each weight a step size without a hand-tuned learning
 * rate; {@code lr} only scales the result (1.0 in the paper and in PyTorch). Defaults: rho 0.9, eps 1e-6.
 */
public class AdaDelta extends Optimizer {

    private final double rho;
    private final double eps;
    private final INDArray[] meanSquareGrad;
    private final INDArray[] meanSquareStep;

    /** AdaDelta with learning rate 1.0, rho 0.9, eps 1e-6. */
    public AdaDelta(List<Parameter> parameters) {
        this(parameters, 1.0, 0.9, 1e-6);
    }

    /** AdaDelta with learning rate 1.0, rho 0.9, eps 1e-6 on a module's parameters. */
    public AdaDelta(Module module) {
        this(module.parameters());
    }

    /** AdaDelta with a given learning rate, rho in [0, 1) and eps. */
    public AdaDelta(List<Parameter> parameters, double learningRate, double rho, double eps) {
        super(parameters, learningRate);
        checkRate("rho", rho);
        checkNonNegative("eps", eps);
        this.rho = rho;
        this.eps = eps;
        this.meanSquareGrad = new INDArray[parameters.size()];
        this.meanSquareStep = new INDArray[parameters.size()];
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (meanSquareGrad[i] == null) {
            meanSquareGrad[i] = zerosLike(w);
            meanSquareStep[i] = zerosLike(w);
        }
        INDArray s = meanSquareGrad[i];
        INDArray u = meanSquareStep[i];
        s.muli(rho).addi(g.mul(g).muli(1 - rho));                   // s = rho * s + (1 - rho) * g^2
        INDArray d = Transforms.sqrt(u.add(eps), false)              // d = sqrt(u + eps) / sqrt(s + eps) * g
                .divi(Transforms.sqrt(s.add(eps), false)).muli(g);
        u.muli(rho).addi(d.mul(d).muli(1 - rho));                   // u = rho * u + (1 - rho) * d^2
        w.subi(d.muli(learningRate()));                             // w = w - lr * d
    }
}
