package org.nnlab.rnn;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * A recurrent layer that outputs only its last hidden state: many-to-one, for a classifier that reads the
 * whole sequence and decides at the end.
 * <pre>
 *   x [batch, time, features]  -&gt;  h_T [batch, hidden]   (under a mask: each sequence's last valid step)
 *   backward: dL/dh_T  -&gt;  BPTT through all steps ({@link Recurrent#backwardLast(INDArray)})  -&gt;  dL/dx
 * </pre>
 * Being a {@link Module}, it fits into a {@code Sequential}: {@code Embedding -> LastHidden -> Linear}.
 * The mask goes to the wrapped layer: {@code layer().useMask(mask)}. The parameters are the layer's.
 */
public class LastHidden extends Module {

    private final Recurrent layer;

    /** Outputs the last hidden state of {@code layer}. */
    public LastHidden(Recurrent layer) {
        this.layer = layer;
    }

    /** The wrapped recurrent layer (for its mask, its records, its gates). */
    public Recurrent layer() {
        return layer;
    }

    /** h_T per sequence, {@code [batch, hidden]}. */
    @Override
    public INDArray forward(INDArray x) {
        layer.forward(x);
        return layer.lastHidden();
    }

    /** BPTT from dL/dh_T {@code [batch, hidden]}; returns dL/dx {@code [batch, time, features]}. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        return layer.backwardLast(gradOutput);
    }

    /** BPTT from dL/dh_T, without dL/dx (see {@link Module#backwardToParameters(INDArray)}). */
    @Override
    public void backwardToParameters(INDArray gradOutput) {
        layer.backwardLastToParameters(gradOutput);
    }

    @Override
    public List<Parameter> parameters() {
        return layer.parameters();
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        if (training) {
            layer.train();
        } else {
            layer.eval();
        }
    }

    @Override
    public Module to(DataType dataType) {
        layer.to(dataType);
        return this;
    }

    /** For example {@code LastHidden(Recurrent(GruCell(8 -> 16)))}. */
    @Override
    public String toString() {
        return "LastHidden(" + layer + ")";
    }
}
