package org.nnlab.tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One matrix product of a layer, {@code C = alpha · op(A) · op(B) + beta · C}, written into a given C
 * (op(M) is M or its transpose Mᵀ; beta = 0 overwrites C, beta = 1 adds to it).
 *
 * <p>It computes exactly what {@code Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta)} computes.
 * The difference is speed for small matrices: each ND4J call builds a native operation and its argument
 * list (an {@link OpContext}) and frees them afterwards, which takes longer than multiplying, say, a
 * [200, 16] by a [16, 16] matrix. A MatMul builds them once, for one place in a layer that multiplies
 * at every step, and only swaps the arrays. FLOAT matrices on the CPU skip even that and go straight to
 * OpenBLAS ({@link CpuGemm}): for a [64, 784] by [784, 256] product ND4J's operation around the same BLAS
 * call added about a third (measured).
 */
public final class MatMul {

    private final Mmul op = new Mmul();
    private final OpContext context = Nd4j.getExecutioner().buildContext();
    private final boolean transposeA;
    private final boolean transposeB;
    private final float alpha;
    private final float beta;

    /** {@code C = alpha · op(A) · op(B) + beta · C} with the transposes and factors given here. */
    public MatMul(boolean transposeA, boolean transposeB, double alpha, double beta) {
        context.setIArguments(transposeA ? 1 : 0, transposeB ? 1 : 0, 0); // the third: do not transpose C
        context.setTArguments(alpha, beta);
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.alpha = (float) alpha;
        this.beta = (float) beta;
    }

    /** Computes the product into {@code c} and returns c. */
    public INDArray into(INDArray a, INDArray b, INDArray c) {
        if (CpuGemm.applies(a, b, c)) { // FLOAT on the CPU: straight into OpenBLAS, without ND4J's op around it
            return CpuGemm.into(a, transposeA, b, transposeB, alpha, beta, c);
        }
        context.setInputArrays(a, b);
        context.setOutputArrays(c);
        Nd4j.getExecutioner().exec(op, context);
        context.purge(); // forget the arrays: the native context would otherwise keep each call's (a leak)
        return c;
    }
}
