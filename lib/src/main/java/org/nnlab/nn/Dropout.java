package org.nnlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout, the inverted kind (as PyTorch's {@code nn.Dropout}): in training mode every entry is set to
 * zero with probability {@code p} and the kept entries are scaled by {@code 1/(1-p)}, so that the expected
 * value of each output equals its input:
 * <pre>
 *   m_i ~ Bernoulli(1 - p)            (1 = keep, 0 = drop)
 *   y   = x ⊙ m / (1 - p)
 * </pre>
 * In evaluation mode ({@link Module#eval()}) it is the identity: nothing to switch off or rescale at test
 * time, which is why the scaling happens during training.
 *
 * <p>The mask is drawn from ND4J's generator, so {@code Nnlab.seed(...)} makes it repeatable. Backward
 * uses the mask of the last forward: {@code dL/dx = dL/dy ⊙ m / (1 - p)}, the dropped units get no
 * gradient. For a gradient check or a lecture demo, {@link #fixMask(INDArray)} makes training mode use a
 * given mask instead of drawing a new one at each forward.
 *
 * <p>Works on any shape, in the data type of the input (a floating-point type).
 */
public class Dropout extends Module {

    private final double p;
    private INDArray fixedKeep; // a 0/1 mask given by fixMask, or null: draw a new one at each forward
    private INDArray scaledMask; // m / (1 - p) of the last training forward; null after an eval forward
    private long[] outputShape;  // shape of the last forward's output, for checking gradOutput

    /** Dropout that drops each unit with probability {@code p}, 0 ≤ p < 1 (for example 0.5). */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) { // also catches NaN
            throw new IllegalArgumentException("Dropout expects a drop probability p in [0, 1) but got " + p
                    + (p == 1 ? " (p = 1 would drop every unit and leave nothing to scale)" : ""));
        }
        this.p = p;
    }

    /** The probability of dropping a unit. */
    public double p() {
        return p;
    }

    /**
     * Makes training-mode forward use this mask (1 = keep, 0 = drop; same shape as the input) instead of
     * drawing a random one; the kept units are still scaled by {@code 1/(1-p)}. {@code null} goes back
     * to random masks. Used for gradient checks, where every forward must drop the same units.
     */
    public void fixMask(INDArray keep) {
        if (keep != null) {
            INDArray k = keep.castTo(DataType.DOUBLE);
            // m (1 - m) is 0 exactly when m is 0 or 1
            if (!(k.mul(k.rsub(1)).amaxNumber().doubleValue() == 0)) {
                throw new IllegalArgumentException(this + ": a mask holds only 0 (drop) and 1 (keep)");
            }
        }
        this.fixedKeep = keep;
    }

    /**
     * The mask of the last training-mode forward, already scaled: {@code 0} for a dropped unit and
     * {@code 1/(1-p)} for a kept one; {@code null} if the last forward ran in evaluation mode.
     */
    public INDArray mask() {
        return scaledMask;
    }

    @Override
    public INDArray forward(INDArray x) {
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(this + " expects a floating-point input but got " + x.dataType());
        }
        outputShape = x.shape();
        if (!isTraining() || p == 0) {
            scaledMask = null;
            return x.dup(); // evaluation mode: y = x
        }
        INDArray keep;
        if (fixedKeep != null) {
            if (!Arrays.equals(fixedKeep.shape(), x.shape())) {
                throw new IllegalArgumentException(this + ": the fixed mask has shape "
                        + Arrays.toString(fixedKeep.shape()) + " but the input has " + Arrays.toString(x.shape()));
            }
            keep = fixedKeep.castTo(x.dataType()).dup(); // a copy: muli below must not scale the fixed mask
        } else {
            // m_i = 1 when u_i ≥ p, with u_i uniform in [0, 1): kept with probability 1 - p
            keep = Nd4j.rand(x.dataType(), x.shape()).gte(p).castTo(x.dataType());
        }
        scaledMask = keep.muli(1.0 / (1 - p));
        // y = x ⊙ m / (1 - p)
        return x.mul(scaledMask);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (outputShape == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, outputShape);
        if (scaledMask == null) {
            return gradOutput.dup(); // evaluation mode: dL/dx = dL/dy
        }
        // dL/dx = dL/dy ⊙ m / (1 - p): the same units as in forward are dropped
        return gradOutput.mul(scaledMask.castTo(gradOutput.dataType()));
    }

    /** {@code Dropout(p=0.5)}. */
    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
