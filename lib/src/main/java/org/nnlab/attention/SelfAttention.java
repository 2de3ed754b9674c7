package org.nnlab.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * One layer of scaled dot-product self-attention (one head), the step from attention to the transformer: every
 * position of a sequence is a query that looks at all positions of the same sequence.
 * <pre>
 *   [Q K V] = X W_inᵀ + b_in                           queries, keys, values from the same x_t   [batch, T, d] each
 *   c_t = Σ_j softmax_j(q_t · k_j / sqrt(d)) v_j        {@link Attention} (scaled dot) with query q_t, once per t
 *   y_t = W_out c_t + b_out
 * </pre>
 * Unlike a recurrent layer nothing here depends on the ORDER of the positions: permute the inputs and the
 * outputs are permuted the same way. Add {@link PositionalEncoding} to the inputs to let the layer tell
 * positions apart. A mask {@code [batch, T]} (1 real, 0 padding) keeps every query away from padded keys;
 * the outputs at padded positions are computed too (and ignored by a masked loss), as in PyTorch.
 *
 * <p>Parameters as PyTorch's {@code nn.MultiheadAttention(d, 1, batch_first=True)}: {@code in_proj_weight
 * [3d, d]} (rows: W_q, W_k, W_v), {@code in_proj_bias [3d]}, {@code out_proj.weight [d, d]},
 * {@code out_proj.bias [d]}. Backward: back through W_out, then through each query's attention (the gradients
 * of the keys and values of all queries add up), then through W_in.
 */
public class SelfAttention extends Module {

    private final int dim;
    private final Linear inProj;
    private final Linear outProj;
    private final Attention attention;
    private INDArray nextMask;

    // cached by forward
    private List<Attention.Output> outputs;
    private long[] shape;

    /** A layer over vectors of size {@code dim}, FLOAT. */
    public SelfAttention(int dim) {
        this(dim, DataType.FLOAT);
    }

    /** A layer over vectors of size {@code dim} with parameters of the given data type. */
    public SelfAttention(int dim, DataType dataType) {
        this.dim = dim;
        this.inProj = new Linear(dim, 3 * dim, dataType);
        this.outProj = new Linear(dim, dim, dataType);
        this.attention = new Attention(Attention.Scoring.SCALED_DOT, dim, dim, 0, dataType);
    }

    /** The mask {@code [batch, T]} the following {@link #forward(INDArray)} calls use; null = no padding. */
    public void useMask(INDArray mask) {
        this.nextMask = mask;
    }

    @Override
    public INDArray forward(INDArray x) {
        return forward(x, nextMask);
    }

    /** y {@code [batch, T, d]} for x {@code [batch, T, d]}; mask {@code [batch, T]} or null. */
    public INDArray forward(INDArray x, INDArray mask) {
        if (x.rank() != 3 || x.size(2) != dim) {
            throw new IllegalArgumentException(this + " expects input [batch, T, " + dim + "] but got "
                    + Arrays.toString(x.shape()));
        }
        long batch = x.size(0);
        int time = (int) x.size(1);
        shape = x.shape();
        INDArray qkv = inProj.forward(x.reshape(batch * time, dim)).reshape(batch, time, 3 * dim);
        INDArray q = part(qkv, 0).dup('c');
        INDArray k = part(qkv, 1).dup('c');
        INDArray v = part(qkv, 2).dup('c');
        outputs = new ArrayList<>(time);
        INDArray context = Nd4j.create(x.dataType(), batch, time, dim);
        for (int t = 0; t < time; t++) {   // position t asks all positions
            Attention.Output o = attention.attend(at(q, t), k, v, mask);
            outputs.add(o);
            context.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1), NDArrayIndex.all())
                    .assign(o.context().reshape(batch, 1, dim));
        }
        return outProj.forward(context.reshape(batch * time, dim)).reshape(batch, time, dim);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (outputs == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, shape);
        long batch = shape[0];
        int time = (int) shape[1];
        INDArray gradContext = outProj.backward(gradOutput.reshape(batch * time, dim)).reshape(batch, time, dim);
        INDArray gradQkv = Nd4j.zeros(gradOutput.dataType(), batch, time, 3 * dim);
        INDArray gradQ = part(gradQkv, 0);
        INDArray gradK = part(gradQkv, 1);
        INDArray gradV = part(gradQkv, 2);
        for (int t = 0; t < time; t++) {
            Attention.Gradients g = attention.backward(outputs.get(t), at(gradContext, t));
            gradQ.get(NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1), NDArrayIndex.all())
                    .assign(g.query().reshape(batch, 1, dim));
            gradK.addi(g.keys());     // every query read every key and value
            gradV.addi(g.values());
        }
        return inProj.backward(gradQkv.reshape(batch * time, 3 * dim)).reshape(batch, time, dim);
    }

    /** The attention weights of the last forward, {@code [batch, T (queries), T (keys)]}. */
    public INDArray weights() {
        if (outputs == null) {
            throw new IllegalStateException(this + ": no weights yet; call forward first");
        }
        INDArray[] rows = new INDArray[outputs.size()];
        for (int t = 0; t < rows.length; t++) {
            INDArray w = outputs.get(t).weights();
            rows[t] = w.reshape(w.size(0), 1, w.size(1));
        }
        return Nd4j.concat(1, rows);
    }

    /** Block k (0 = Q, 1 = K, 2 = V) of the last axis: a view. */
    private INDArray part(INDArray qkv, int k) {
        return qkv.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval((long) k * dim, (long) (k + 1) * dim));
    }

    /** Step t of {@code [batch, T, d]} as {@code [batch, d]}, copied (an interval, not a point: safe for batch 1). */
    static INDArray at(INDArray a, int t) {
        INDArrayIndex[] i = {NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1), NDArrayIndex.all()};
        return a.get(i).dup().reshape(a.size(0), a.size(2));
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** PyTorch's names: {@code in_proj_weight}, {@code in_proj_bias}, {@code out_proj.weight}, {@code out_proj.bias}. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("in_proj_weight", inProj.weight());
        named.put("in_proj_bias", inProj.bias());
        named.put("out_proj.weight", outProj.weight());
        named.put("out_proj.bias", outProj.bias());
        return named;
    }

    @Override
    public String toString() {
        return "SelfAttention(d = " + dim + ")";
    }
}
