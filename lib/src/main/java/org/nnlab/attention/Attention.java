package org.nnlab.attention;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * Attention: one query looks at a set of keys, scores each, and returns the average of the values weighted
 * by the softmax of the scores.
 * <pre>
 *   e_j = score(q, k_j)                                   one score per key j = 1 .. T
 *   α_j = exp(e_j) / Σ_{j'} exp(e_j')                      the weights: ≥ 0, sum to 1 (padded j: α_j = 0)
 *   c   = Σ_j α_j v_j                                      the context vector
 *
 *   additive (Bahdanau):        score(q, k) = vᵀ tanh(W_q q + W_k k)
 *   scaled dot product:         score(q, k) = q · k / sqrt(d)        (d = the size of q and k; no parameters)
 * </pre>
 * Shapes, batch-first: query {@code [batch, queryDim]}, keys {@code [batch, T, keyDim]}, values
 * {@code [batch, T, valueDim]} (often the keys themselves), mask {@code [batch, T]} with 1 at real keys and 0
 * at padding; context {@code [batch, valueDim]}, weights {@code [batch, T]}.
 *
 * <p><b>Masks.</b> A padded key gets weight exactly 0: the softmax is taken over the real keys only,
 * {@code α_j = m_j exp(e_j) / Σ m_j' exp(e_j')}, so padding changes neither the context nor any gradient.
 *
 * <p><b>Backward</b>, from dL/dc:
 * <pre>
 *   dL/dv_j = α_j dL/dc         dL/dα_j = dL/dc · v_j         dL/de_j = α_j (dL/dα_j - Σ_j' α_j' dL/dα_j')
 *   additive: s_j = tanh(W_q q + W_k k_j);  dL/ds_j = dL/de_j v ⊙ (1 - s_j²), then back through W_q and W_k
 *   dot:      dL/dq = Σ_j dL/de_j k_j / sqrt(d),   dL/dk_j = dL/de_j q / sqrt(d)
 * </pre>
 * A decoder calls attention once per output step with the same keys, so, like a recurrent cell's
 * {@code step}, {@link #attend} returns an {@link Output} that remembers what the backward of THAT call needs,
 * and {@link #backward(Output, INDArray)} takes it back. Parameters (additive only), as {@code Linear} layers
 * without bias: {@code query.weight [attention, queryDim]}, {@code key.weight [attention, keyDim]},
 * {@code v.weight [1, attention]}.
 */
public class Attention extends Module {

    /** How a query scores a key. */
    public enum Scoring {
        /** vᵀ tanh(W_q q + W_k k): Bahdanau et al. 2015; query and keys may have different sizes. */
        ADDITIVE,
        /** q · k / sqrt(d): Vaswani et al. 2017; query and keys must have the same size d. */
        SCALED_DOT
    }

    private final Scoring scoring;
    private final int queryDim;
    private final int keyDim;
    private final Linear query; // W_q (additive only)
    private final Linear key;   // W_k (additive only)
    private final Linear v;     // v as a [1, attention] weight (additive only)

    /** Scaled dot-product attention for queries and keys of size {@code dim} (no parameters). */
    public static Attention scaledDot(int dim) {
        return new Attention(Scoring.SCALED_DOT, dim, dim, 0, DataType.FLOAT);
    }

    /** Additive attention from queries of size queryDim and keys of size keyDim through {@code attention} units (FLOAT). */
    public static Attention additive(int queryDim, int keyDim, int attention) {
        return new Attention(Scoring.ADDITIVE, queryDim, keyDim, attention, DataType.FLOAT);
    }

    /** Attention of either kind; {@code attention} (the size of W_q q) is ignored for the dot product. */
    public Attention(Scoring scoring, int queryDim, int keyDim, int attention, DataType dataType) {
        if (scoring == Scoring.SCALED_DOT && queryDim != keyDim) {
            throw new IllegalArgumentException("scaled dot-product attention needs queries and keys of the same size,"
                    + " but got queryDim " + queryDim + " and keyDim " + keyDim + "; use additive attention, which maps"
                    + " both to the same size first");
        }
        this.scoring = scoring;
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        if (scoring == Scoring.ADDITIVE) {
            if (attention < 1) {
                throw new IllegalArgumentException("additive attention needs at least 1 attention unit but got " + attention);
            }
            this.query = new Linear(queryDim, attention, false, dataType);
            this.key = new Linear(keyDim, attention, false, dataType);
            this.v = new Linear(attention, 1, false, dataType);
        } else {
            this.query = null;
            this.key = null;
            this.v = null;
        }
    }

    public Scoring scoring() {
        return scoring;
    }

    /** What one call of {@link #attend} computed and remembers for its backward. */
    public static final class Output {
        private final INDArray context; // c [batch, valueDim]
        private final INDArray weights; // α [batch, T]
        final INDArray query;
        final INDArray keys;
        final INDArray values;
        final INDArray s;        // additive: tanh(W_q q + W_k k_j) [batch, T, attention]; dot: null

        Output(INDArray context, INDArray weights, INDArray query, INDArray keys, INDArray values, INDArray s) {
            this.context = context;
            this.weights = weights;
            this.query = query;
            this.keys = keys;
            this.values = values;
            this.s = s;
        }

        /** The context vector c = Σ_j α_j v_j, {@code [batch, valueDim]}. */
        public INDArray context() {
            return context;
        }

        /** The attention weights α, {@code [batch, T]}: each row sums to 1, 0 at padding. */
        public INDArray weights() {
            return weights;
        }
    }

    /** dL/d(query), dL/d(keys), dL/d(values) of one call. */
    public record Gradients(INDArray query, INDArray keys, INDArray values) {
    }

    /** The context and weights of one query over the keys; {@code mask} may be null (every key real). */
    public Output attend(INDArray q, INDArray keys, INDArray values, INDArray mask) {
        check(q, keys, values, mask);
        long batch = keys.size(0);
        long time = keys.size(1);
        INDArray scores;
        INDArray s = null;
        if (scoring == Scoring.ADDITIVE) {
            long units = query.out();
            INDArray qPart = query.forward(q);                                                // W_q q  [batch, a]
            INDArray kPart = key.forward(keys.reshape(batch * time, keyDim)).reshape(batch, time, units); // W_k k_j
            // W_q q + W_k k_j for every j: W_q q added along the time axis (dimensions 0 and 2 match)
            Nd4j.getExecutioner().exec(new BroadcastAddOp(kPart, qPart, kPart, 0, 2));
            s = Transforms.tanh(kPart, false);
            scores = s.reshape(batch * time, units).mmul(v.weight().value().transpose()).reshape(batch, time); // vᵀ s_j
        } else {
            // q · k_j for every j: per sequence the keys [T, d] times q [d, 1], all sequences in one batched product
            scores = Nd4j.matmul(keys, q.reshape(batch, keyDim, 1)).reshape(batch, time).divi(Math.sqrt(keyDim));
        }
        INDArray weights = softmax(scores, mask);
        // c = Σ_j α_j v_j: per sequence the weights [1, T] times the values [T, valueDim]
        long dv = values.size(2);
        INDArray context = Nd4j.matmul(weights.reshape(batch, 1, time), values).reshape(batch, dv);
        return new Output(context, weights, q, keys, values, s);
    }

    /** α = softmax over the real keys of each row (a padded key gets exactly 0). */
    static INDArray softmax(INDArray scores, INDArray mask) {
        INDArray shifted = scores.subColumnVector(scores.max(1).reshape(scores.size(0), 1)); // e - max: no overflow
        INDArray exp = Transforms.exp(shifted, false);
        if (mask != null) {
            exp.muli(mask.castTo(scores.dataType()));
        }
        return exp.diviColumnVector(exp.sum(1).reshape(scores.size(0), 1));
    }

    /** Backward of one call: adds the parameters' gradients and returns dL/d(query, keys, values). */
    public Gradients backward(Output out, INDArray gradContext) {
        checkGradShape(gradContext, out.context);
        long batch = out.keys.size(0);
        long time = out.keys.size(1);
        long dv = out.values.size(2);
        INDArray alpha = out.weights;
        // dL/dv_j = α_j dL/dc: per sequence the column α [T, 1] times the row dL/dc [1, valueDim]
        INDArray gradValues = Nd4j.matmul(alpha.reshape(batch, time, 1), gradContext.reshape(batch, 1, dv));
        // dL/dα_j = dL/dc · v_j: per sequence the values [T, valueDim] times dL/dc [valueDim, 1]
        INDArray gradAlpha = Nd4j.matmul(out.values, gradContext.reshape(batch, dv, 1)).reshape(batch, time);
        // softmax backward: dL/de_j = α_j (dL/dα_j - Σ α dL/dα); 0 where α = 0 (padding)
        INDArray gradScores = alpha.mul(gradAlpha.subColumnVector(alpha.mul(gradAlpha).sum(1).reshape(batch, 1)));
        INDArray gradQuery;
        INDArray gradKeys;
        if (scoring == Scoring.ADDITIVE) {
            long units = query.out();
            INDArray sFlat = out.s.reshape(batch * time, units);
            INDArray eFlat = gradScores.reshape(batch * time, 1);
            v.weight().grad().addi(eFlat.transpose().mmul(sFlat));             // dL/dv = Σ dL/de_j s_j
            // dL/d(W_q q + W_k k_j) = dL/de_j v ⊙ (1 - s_j²)
            INDArray gradPre = eFlat.mmul(v.weight().value()).muli(sFlat.mul(sFlat).rsubi(1));
            INDArray gradPre3 = gradPre.reshape(batch, time, units);
            query.weight().grad().addi(gradPre3.sum(1).transpose().mmul(out.query)); // W_q q is shared by all j
            gradQuery = gradPre3.sum(1).mmul(query.weight().value());
            INDArray keysFlat = out.keys.reshape(batch * time, keyDim);
            key.weight().grad().addi(gradPre.transpose().mmul(keysFlat));
            gradKeys = gradPre.mmul(key.weight().value()).reshape(batch, time, keyDim);
        } else {
            double scale = 1 / Math.sqrt(keyDim);
            // dL/dq = Σ_j dL/de_j k_j / sqrt(d)        dL/dk_j = dL/de_j q / sqrt(d)
            gradQuery = Nd4j.matmul(gradScores.reshape(batch, 1, time), out.keys).reshape(batch, keyDim).muli(scale);
            gradKeys = Nd4j.matmul(gradScores.reshape(batch, time, 1), out.query.reshape(batch, 1, keyDim)).muli(scale);
        }
        return new Gradients(gradQuery, gradKeys, gradValues);
    }

    /** Attention needs a query and keys: use {@link #attend}. */
    @Override
    public INDArray forward(INDArray input) {
        throw new UnsupportedOperationException(this + " needs a query, keys and values: call attend(query, keys,"
                + " values, mask), which returns the context and the weights");
    }

    /** Use {@link #backward(Output, INDArray)} with the Output of the call to go back through. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        throw new UnsupportedOperationException(this + ": call backward(output, gradContext) with the Output that"
                + " attend returned");
    }

    /** Additive: {@code query.weight}, {@code key.weight}, {@code v.weight}; dot product: none. */
    @Override
    public List<Parameter> parameters() {
        return query == null ? List.of() : List.of(query.weight(), key.weight(), v.weight());
    }

    @Override
    public java.util.Map<String, Parameter> namedParameters() {
        java.util.Map<String, Parameter> named = new java.util.LinkedHashMap<>();
        if (query != null) {
            named.put("query.weight", query.weight());
            named.put("key.weight", key.weight());
            named.put("v.weight", v.weight());
        }
        return named;
    }

    /** {@code Attention(additive, 8 -> 16 units)} or {@code Attention(scaled dot, d = 8)}. */
    @Override
    public String toString() {
        return scoring == Scoring.ADDITIVE
                ? "Attention(additive, query " + queryDim + ", keys " + keyDim + ", " + query.out() + " units)"
                : "Attention(scaled dot, d = " + keyDim + ")";
    }

    private void check(INDArray q, INDArray keys, INDArray values, INDArray mask) {
        if (keys.rank() != 3 || keys.size(2) != keyDim) {
            throw new IllegalArgumentException(this + " expects keys [batch, T, " + keyDim + "] but got "
                    + Arrays.toString(keys.shape()));
        }
        if (q.rank() != 2 || q.size(0) != keys.size(0) || q.size(1) != queryDim) {
            throw new IllegalArgumentException(this + " expects ONE query per sequence, [batch, queryDim] = ["
                    + keys.size(0) + ", " + queryDim + "], but got " + Arrays.toString(q.shape())
                    + (q.rank() == 3 ? "; for many queries call attend once per query (SelfAttention does)" : ""));
        }
        if (values.rank() != 3 || values.size(0) != keys.size(0) || values.size(1) != keys.size(1)) {
            throw new IllegalArgumentException(this + " expects one value per key, [batch, T, valueDim] with batch, T = "
                    + keys.size(0) + ", " + keys.size(1) + ", but got " + Arrays.toString(values.shape()));
        }
        if (mask != null) {
            if (mask.rank() != 2 || mask.size(0) != keys.size(0) || mask.size(1) != keys.size(1)) {
                throw new IllegalArgumentException(this + " expects a mask [batch, T] = [" + keys.size(0) + ", "
                        + keys.size(1) + "] but got " + Arrays.toString(mask.shape()));
            }
            if (mask.castTo(DataType.DOUBLE).sum(1).minNumber().doubleValue() < 1) {
                throw new IllegalArgumentException(this + ": every sequence needs at least one real key (mask 1),"
                        + " but a row of the mask is all padding");
            }
        }
        if (scoring == Scoring.ADDITIVE && q.dataType() != query.weight().value().dataType()) {
            throw new IllegalArgumentException(this + " has " + query.weight().value().dataType() + " parameters but got a "
                    + q.dataType() + " query; convert one of them");
        }
    }
}
