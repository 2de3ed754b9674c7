package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * Stochastic gradient descent, plain or with momentum, in PyTorch's formulation
 * ({@code torch.optim.SGD} with dampening 0).
 *
 * <pre>
 * plain:     w = w - lr * g
 * momentum:  v = mu * v + g          (v = g at the first step)
 *            w = w - lr * v
 * Nesterov:  v as above, then w = w - lr * (g + mu * v)
 * </pre>
 * The velocity v is a running sum of past gradients that decays by mu per step: directions that
 * agree from step to step build up speed, directions that flip sign cancel out.
 */
public class Sgd extends Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private INDArray[] velocity;

    /** Plain SGD. */
    public Sgd(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0, false);
    }

    /** Plain SGD on a module's parameters. */
    public Sgd(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** SGD with momentum {@code mu} in [0, 1) (0 = plain SGD; 0.9 is usual). */
    public Sgd(List<Parameter> parameters, double learningRate, double momentum) {
        this(parameters, learningRate, momentum, false);
    }

    /** SGD with momentum on a module's parameters. */
    public Sgd(Module module, double learningRate, double momentum) {
        this(module.parameters(), learningRate, momentum);
    }

    /** SGD with momentum, Nesterov's variant if {@code nesterov} (which needs momentum > 0). */
    public Sgd(List<Parameter> parameters, double learningRate, double momentum, boolean nesterov) {
        super(parameters, learningRate);
        checkRate("momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Sgd: Nesterov momentum needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.velocity = new INDArray[parameters.size()];
    }

    /** The momentum mu (0 for plain SGD). */
    public double momentum() {
        return momentum;
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        double lr = learningRate();
        if (momentum == 0) {
            axpy(-lr, g, w);                             // w = w - lr * g
            return;
        }
        if (velocity[i] == null) {
            velocity[i] = g.dup();                       // v = g at the first step
        } else {
            velocity[i].muli(momentum).addi(g);          // v = mu * v + g
        }
        if (nesterov) {
            axpy(-lr, g, w);                             // w = w - lr * (g + mu * v)
            axpy(-lr * momentum, velocity[i], w);
        } else {
            axpy(-lr, velocity[i], w);                   // w = w - lr * v
        }
    }

    @Override
    public String toString() {
        String s = super.toString();
        return momentum == 0 ? s : s.substring(0, s.length() - 1) + ", momentum=" + momentum
                + (nesterov ? ", nesterov" : "") + ")";
    }
}
