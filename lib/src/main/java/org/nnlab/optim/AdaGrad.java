package org.nnlab.optim;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.tensor.NativeFloats;

/**
 * AdaGrad (Duchi et al. 2011), as {@code torch.optim.Adagrad} (no learning-rate decay, accumulator
 * starting at 0):
 * <pre>
 * s = s + g^2                          (sum of all squared gradients so far, per entry)
 * w = w - lr * g / (sqrt(s) + eps)
 * </pre>
 * Each weight gets its own step size: large for rarely-updated weights (rare words' embeddings),
 * small for often-updated ones. Since s only grows, steps shrink over time and learning can stall.
 *
 * <p>A parameter with a row-sparse gradient ({@link Parameter#rowSparseGradient(boolean)}, a word
 * embedding) is updated in the rows that got gradient only, which gives the same result: AdaGrad leaves a
 * row with zero gradient as it is (unlike Adam, whose momentum keeps moving it). Not with weight decay
 * or L1, which make every row's gradient nonzero.
 */
public class AdaGrad extends Optimizer {

    private final double eps;
    private final INDArray[] sumOfSquares;

    /** AdaGrad with eps 1e-10 (PyTorch's default; PyTorch's default learning rate is 0.01). */
    public AdaGrad(List<Parameter> parameters, double learningRate) {
        this(parameters, learningRate, 1e-10);
    }

    /** AdaGrad on a module's parameters. */
    public AdaGrad(Module module, double learningRate) {
        this(module.parameters(), learningRate);
    }

    /** AdaGrad with a given eps (added to the root, keeps the division finite). */
    public AdaGrad(List<Parameter> parameters, double learningRate, double eps) {
        super(parameters, learningRate);
        checkNonNegative("eps", eps);
        this.eps = eps;
        this.sumOfSquares = new INDArray[parameters.size()];
    }

    @Override
    protected void update(int i, INDArray w, INDArray g) {
        if (sumOfSquares[i] == null) {
            sumOfSquares[i] = zerosLike(w);
        }
        INDArray s = sumOfSquares[i];
        int[] rows = parameters().get(i).gradientRows();
        if (rows != null && g == parameters().get(i).grad()) {
            updateRows(rows, w, g, s);
            return;
        }
        INDArray step = workArray(i, w);                             // in place: no new arrays per step
        s.addi(step.assign(g).muli(g));                              // s = s + g^2
        Transforms.sqrt(step.assign(s), false).addi(eps).rdivi(g);   // step = g / (sqrt(s) + eps)
        axpy(-learningRate(), step, w);                              // w = w - lr * g / (sqrt(s) + eps)
    }

    /**
     * The same update on the given rows only, for a row-sparse gradient (a word embedding): in a row where
     * g = 0, s stays and the step g / (sqrt(s) + eps) is 0, so skipping it changes nothing. Gathers the
     * rows of w, g and s, updates them as above, and writes them back.
     */
    private void updateRows(int[] rows, INDArray w, INDArray g, INDArray s) {
        if (rows.length == 0) {
            return;
        }
        if (NativeFloats.copyable(w) && NativeFloats.copyable(g) && NativeFloats.copyable(s)) {
            updateRowsInJava(rows, w, g, s);
            return;
        }
        INDArray gr = Nd4j.pullRows(g, 1, rows);
        INDArray sr = Nd4j.pullRows(s, 1, rows);
        INDArray wr = Nd4j.pullRows(w, 1, rows);
        sr.addi(gr.mul(gr));                                         // s = s + g^2
        INDArray step = Transforms.sqrt(sr, true).addi(eps).rdivi(gr);  // g / (sqrt(s) + eps)
        axpy(-learningRate(), step, wr);                             // w = w - lr * g / (sqrt(s) + eps)
        INDArray index = Nd4j.createFromArray(rows);
        scatterRows(s, index, sr);
        scatterRows(w, index, wr);
    }

    /** The same on FLOAT rows copied to Java arrays: one pass, no ND4J op (each costs microseconds). */
    private void updateRowsInJava(int[] rows, INDArray w, INDArray g, INDArray s) {
        int n = rows.length * (int) w.size(1);
        float[] gr = NativeFloats.readRows(g, rows, new float[n]);
        float[] sr = NativeFloats.readRows(s, rows, new float[n]);
        float[] wr = NativeFloats.readRows(w, rows, new float[n]);
        float lr = (float) learningRate();
        float e = (float) eps;
        for (int i = 0; i < n; i++) {
            sr[i] += gr[i] * gr[i];                                  // s = s + g^2
            wr[i] -= lr * (gr[i] / ((float) Math.sqrt(sr[i]) + e)); // w = w - lr * g / (sqrt(s) + eps)
        }
        NativeFloats.writeRows(sr, s, rows);
        NativeFloats.writeRows(wr, w, rows);
    }

    /** target[index[j]] = rows[j] for every j, in place. */
    private static void scatterRows(INDArray target, INDArray index, INDArray rows) {
        Nd4j.exec(DynamicCustomOp.builder("scatter_upd").addInputs(target, index, rows).addOutputs(target).build());
    }
}
