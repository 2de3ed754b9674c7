package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * AdamW (Loshchilov and Hutter 2019, "Decoupled weight decay regularization"), as {@code torch.optim.AdamW}:
 * Adam with weight decay taken out of the gradient. Each step first shrinks every weight, then takes Adam's
 * step on the plain gradient:
 * <pre>
 * w = w - lr * lambda * w                  (decay: every weight shrinks by the same fraction lr * lambda)
 * w = w - lr * mHat / (sqrt(vHat) + eps)   (Adam's step; m and v average the gradient g alone)
 * </pre>
 * Adam with L2 ({@code new Adam(...).weightDecay(lambda)}) adds {@code lambda * w} to g instead, so the decay
 * goes through Adam's division by sqrt(vHat): weights with large gradients are hardly decayed at all. Here
 * the decay is the same for every weight, as in plain gradient descent with L2, which is what made AdamW
 * generalise better. {@link #weightDecay(double)} sets lambda (default 0.01, as PyTorch's).
 */
public class AdamW extends Adam {

    /** PyTorch's default weight decay for AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /** AdamW with beta1 0.9, beta2 0.999, eps 1e-8 and weight decay 0.01. */
    public AdamW(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 0.9, 0.999, 1e-8, DEFAULT_WEIGHT_DECAY);
    }

    /** AdamW with beta1 0.9, beta2 0.999, eps 1e-8 and weight decay 0.01 on a module's parameters. */
    public AdamW(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** AdamW with given betas in [0, 1), eps and weight decay lambda >= 0. */
    public AdamW(List<Parameter> parameters, double learningRate, double beta1, double beta2, double eps,
                 double weightDecay) {
        super(parameters, learningRate, beta1, beta2, eps);
        weightDecay(weightDecay);
    }

    /** The decay is applied in {@link #update}, not added to the gradient. */
    @Override
    protected boolean decoupledWeightDecay() {
        return true;
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (weightDecay() != 0) {
            w.muli(1 - learningRate() * weightDecay());                // w = w - lr * lambda * w
        }
        super.update(i, w, g);                                         // Adam's step on the plain gradient
    }
}
