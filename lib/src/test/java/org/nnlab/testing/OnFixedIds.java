package org.nnlab.testing;

import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * A harness for GradCheck on a model that reads token ids: the ids are fixed (a difference quotient cannot
 * nudge a word number); the module's own input is a dummy that is ignored and gets gradient 0.
 */
public final class OnFixedIds extends Module {
    private final Module inner;
    private final INDArray ids;
    private INDArray dummy;

    public OnFixedIds(Module inner, INDArray ids) {
        this.inner = inner;
        this.ids = ids;
    }

    @Override
    public INDArray forward(INDArray ignored) {
        dummy = ignored;
        return inner.forward(ids);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        inner.backward(gradOutput);
        return Nd4j.zerosLike(dummy);
    }

    @Override
    public List<Parameter> parameters() {
        return inner.parameters();
    }

    @Override
    public Map<String, Parameter> namedParameters() {
        return inner.namedParameters();
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
