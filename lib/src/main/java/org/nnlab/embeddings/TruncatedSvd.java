package org.nnlab.embeddings;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The k largest singular values of a matrix A [n, m] and their left singular vectors, A ≈ U_k Σ_k V_kᵀ,
 * by randomized SVD (Halko, Martinsson and Tropp 2011). A full SVD of a 2000 x 2000 matrix takes ND4J's
 * LAPACK about a minute on two cores (and ND4J's LAPACK calls are missing from the system OpenBLAS the
 * kernel uses); we need only the top k = 50 or so directions:
 * <ol>
 *   <li>Y = A Ω with Ω [m, k + 10] random normal: the columns of Y mostly span the top directions of A;</li>
 *   <li>a few power iterations Y = A (Aᵀ Q), each after making the columns orthonormal (Q), sharpen
 *       that (the top directions grow with σ², the others fall behind);</li>
 *   <li>B = Qᵀ A is small [k + 10, m]: its exact SVD B = Z Σ Wᵀ gives A ≈ Q B = (Q Z) Σ Wᵀ, so U = Q Z.</li>
 * </ol>
 * The matrix products are ND4J's (BLAS); the orthonormalisation (Gram-Schmidt) and the small eigenproblem
 * (Jacobi rotations) are plain Java.
 */
public final class TruncatedSvd {

    private static final int OVERSAMPLING = 10;
    private static final int POWER_ITERATIONS = 4;

    private final INDArray u;
    private final INDArray singularValues;

    private TruncatedSvd(INDArray u, INDArray singularValues) {
        this.u = u;
        this.singularValues = singularValues;
    }

    /** The top-k SVD of {@code a} (DOUBLE), random draws from {@code seed}. */
    public static TruncatedSvd of(INDArray a, int k, long seed) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("TruncatedSvd expects a matrix but got shape " + java.util.Arrays.toString(a.shape()));
        }
        int n = (int) a.size(0), m = (int) a.size(1);
        if (k < 1 || k > Math.min(n, m)) {
            throw new IllegalArgumentException("TruncatedSvd: k must be in 1.." + Math.min(n, m) + " for a matrix ["
                    + n + ", " + m + "] but got " + k);
        }
        INDArray matrix = a.castTo(DataType.DOUBLE);
        int l = Math.min(k + OVERSAMPLING, Math.min(n, m));
        java.util.Random random = new java.util.Random(seed);
        double[][] omega = new double[m][l];
        for (double[] row : omega) {
            for (int j = 0; j < l; j++) {
                row[j] = random.nextGaussian();
            }
        }
        INDArray q = orthonormalColumns(matrix.mmul(Nd4j.createFromArray(omega)));
        for (int i = 0; i < POWER_ITERATIONS; i++) {
            INDArray z = orthonormalColumns(matrix.transpose().mmul(q));
            q = orthonormalColumns(matrix.mmul(z));
        }
        INDArray b = q.transpose().mmul(matrix);              // [l, m]
        // B = Z Σ Wᵀ, so B Bᵀ = Z Σ² Zᵀ: the eigenvectors of the small [l, l] matrix B Bᵀ are Z, and the
        // square roots of its eigenvalues are σ (Jacobi rotations below: no LAPACK needed)
        double[][] bbt = b.mmul(b.transpose()).toDoubleMatrix();
        double[][] z = new double[l][l];
        double[] eigenvalues = symmetricEigen(bbt, z);
        Integer[] order = new Integer[l];
        for (int i = 0; i < l; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(eigenvalues[y], eigenvalues[x]));
        double[][] zK = new double[l][k];
        double[] sK = new double[k];
        for (int j = 0; j < k; j++) {
            sK[j] = Math.sqrt(Math.max(0, eigenvalues[order[j]]));
            for (int i = 0; i < l; i++) {
                zK[i][j] = z[i][order[j]];
            }
        }
        INDArray uK = q.mmul(Nd4j.createFromArray(zK));       // U_k = Q Z_k, [n, k]
        return new TruncatedSvd(uK, Nd4j.createFromArray(sK));
    }

    /**
     * Eigenvalues of a symmetric matrix {@code a} (destroyed) by cyclic Jacobi rotations; the eigenvectors go
     * into the columns of {@code vectors}. Each rotation zeroes one off-diagonal entry; sweeps repeat until all
     * are negligible.
     */
    static double[] symmetricEigen(double[][] a, double[][] vectors) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(vectors[i], 0);
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                scale += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-30 * Math.max(scale, 1e-300)) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int r = p + 1; r < n; r++) {
                    if (a[p][r] == 0) {
                        continue;
                    }
                    // the rotation angle θ that zeroes a[p][r]: t = tan θ from cot 2θ = (a_rr - a_pp) / 2 a_pr
                    double theta = (a[r][r] - a[p][p]) / (2 * a[p][r]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1), s = t * c;
                    for (int i = 0; i < n; i++) { // A ← A J (columns p and r)
                        double aip = a[i][p], air = a[i][r];
                        a[i][p] = c * aip - s * air;
                        a[i][r] = s * aip + c * air;
                    }
                    for (int i = 0; i < n; i++) { // A ← Jᵀ A (rows p and r)
                        double api = a[p][i], ari = a[r][i];
                        a[p][i] = c * api - s * ari;
                        a[r][i] = s * api + c * ari;
                    }
                    for (int i = 0; i < n; i++) { // V ← V J
                        double vip = vectors[i][p], vir = vectors[i][r];
                        vectors[i][p] = c * vip - s * vir;
                        vectors[i][r] = s * vip + c * vir;
                    }
                }
            }
        }
        double[] eigenvalues = new double[n];
        for (int i = 0; i < n; i++) {
            eigenvalues[i] = a[i][i];
        }
        return eigenvalues;
    }

    /** U_k [n, k]: column i is the left singular vector of the i-th largest singular value. */
    public INDArray u() {
        return u;
    }

    /** σ_1 ≥ ... ≥ σ_k. */
    public INDArray singularValues() {
        return singularValues;
    }

    /** Modified Gram-Schmidt: each column minus its parts along the earlier ones, then scaled to length 1. */
    private static INDArray orthonormalColumns(INDArray y) {
        double[][] a = y.toDoubleMatrix();
        int n = a.length, l = a[0].length;
        for (int j = 0; j < l; j++) {
            for (int i = 0; i < j; i++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += a[r][i] * a[r][j];
                }
                for (int r = 0; r < n; r++) {
                    a[r][j] -= dot * a[r][i];
                }
            }
            double norm = 0;
            for (int r = 0; r < n; r++) {
                norm += a[r][j] * a[r][j];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < n; r++) {
                a[r][j] = norm < 1e-12 ? 0 : a[r][j] / norm;
            }
        }
        return Nd4j.createFromArray(a);
    }
}
