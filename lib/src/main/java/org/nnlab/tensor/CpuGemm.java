package org.nnlab.tensor;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code C = op(A) · op(B) + beta · C} for FLOAT matrices on the CPU, straight into OpenBLAS's
 * {@code cblas_sgemm} (the library ND4J's CPU backend multiplies with), where op(M) is M or Mᵀ.
 *
 * <p>It computes what {@link MatMul} computes. For the small products of a recurrent step (a batch of 32
 * times a [256, 1024] weight) ND4J's operation around the same BLAS call cost about 40 µs of 300
 * (measured), and the fused recurrent path makes two such products per time step, on blocks of rows of
 * bigger arrays ({@link #rows}) that would each need an ND4J view. The matrices must be row-major without
 * gaps ({@link NativeFloats#copyable}), as the fused path's own buffers and the weights are.
 */
public final class CpuGemm {

    /** Rows {@code [first, first + count)} of a row-major matrix, without making an ND4J view of them. */
    public record Rows(INDArray matrix, long first, long count) {
    }

    private CpuGemm() {
    }

    /** All rows of {@code m}. */
    public static Rows all(INDArray m) {
        return new Rows(m, 0, m.size(0));
    }

    /** Rows {@code [first, first + count)} of {@code m}. */
    public static Rows rows(INDArray m, long first, long count) {
        return new Rows(m, first, count);
    }

    /** True when {@link #into} can multiply these: FLOAT matrices on the CPU, row-major without gaps. */
    public static boolean applies(INDArray a, INDArray b, INDArray c) {
        return a.rank() == 2 && b.rank() == 2 && c.rank() == 2 && NativeFloats.copyable(a) && NativeFloats.copyable(b)
                && NativeFloats.copyable(c);
    }

    /** C = op(A) · op(B) + beta · C on whole matrices; returns c. */
    public static INDArray into(INDArray a, boolean transposeA, INDArray b, boolean transposeB, float beta, INDArray c) {
        return into(a, transposeA, b, transposeB, 1, beta, c);
    }

    /** C = alpha · op(A) · op(B) + beta · C on whole matrices; returns c. */
    public static INDArray into(INDArray a, boolean transposeA, INDArray b, boolean transposeB, float alpha, float beta,
                                INDArray c) {
        into(all(a), transposeA, all(b), transposeB, alpha, beta, all(c));
        return c;
    }

    /** C = op(A) · op(B) + beta · C on blocks of rows. */
    public static void into(Rows a, boolean transposeA, Rows b, boolean transposeB, float beta, Rows c) {
        into(a, transposeA, b, transposeB, 1, beta, c);
    }

    /** C = alpha · op(A) · op(B) + beta · C on blocks of rows. */
    public static void into(Rows a, boolean transposeA, Rows b, boolean transposeB, float alpha, float beta, Rows c) {
        int m = (int) (transposeA ? cols(a) : a.count());
        int k = (int) (transposeA ? a.count() : cols(a));
        int n = (int) (transposeB ? b.count() : cols(b));
        int kB = (int) (transposeB ? cols(b) : b.count());
        if (k != kB || c.count() != m || cols(c) != n) {
            throw new IllegalArgumentException("CpuGemm: op(A) " + shape(a) + (transposeA ? "ᵀ" : "") + " · op(B) "
                    + shape(b) + (transposeB ? "ᵀ" : "") + " does not fit C " + shape(c));
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, pointer(a), (int) cols(a), pointer(b), (int) cols(b), beta, pointer(c), n);
    }

    private static long cols(Rows r) {
        return r.matrix().size(1);
    }

    private static String shape(Rows r) {
        return "[" + r.count() + ", " + cols(r) + "]";
    }

    private static FloatPointer pointer(Rows r) {
        INDArray a = r.matrix();
        if (a.rank() != 2 || !NativeFloats.copyable(a) || r.first() < 0 || r.first() + r.count() > a.size(0)) {
            throw new IllegalArgumentException("CpuGemm multiplies FLOAT matrices on the CPU in row-major order"
                    + " without gaps, but got " + a.dataType() + " " + Arrays.toString(a.shape()) + " rows "
                    + r.first() + " + " + r.count());
        }
        return new FloatPointer(a.data().pointer()).position(a.offset() + r.first() * a.size(1));
    }
}
