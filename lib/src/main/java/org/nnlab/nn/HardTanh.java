package org.nnlab.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * HardTanh(x) = -1 for x &lt; -1, x in between, 1 for x &gt; 1: tanh's shape from three straight pieces,
 * cheaper to compute (Collobert et al. 2011 use it in their window tagger). Its derivative is 1 strictly
 * between -1 and 1 and 0 elsewhere (0 at ±1 too, as PyTorch's {@code nn.Hardtanh}).
 */
public class HardTanh extends Activation {

    @Override
    public INDArray apply(INDArray x) {
        return Transforms.max(Transforms.min(x, 1.0, true), -1.0, false);
    }

    /** 1 where -1 &lt; x &lt; 1, else 0. */
    @Override
    protected INDArray derivative(INDArray x, INDArray y) {
        return x.gt(-1.0).castTo(x.dataType()).muli(x.lt(1.0).castTo(x.dataType()));
    }
}
