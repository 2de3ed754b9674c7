package org.nnlab.embeddings;

/**
 * The skip-gram negative-sampling loss of one (center, context) pair, with its gradients, in double
 * (Mikolov et al. 2013). With v = v_c the input vector of the center word, u_o the output vector of the
 * context word that really occurred and u_1 ... u_K the output vectors of K sampled "negative" words:
 * <pre>
 *   L = -log σ(u_o·v) - Σ_k log σ(-u_k·v)
 * </pre>
 * The first term pushes the true pair's score up, the others push the sampled pairs' scores down: K
 * logistic regressions instead of a softmax over the whole vocabulary. With σ'(x) = σ(x)(1 - σ(x)) and
 * d/dx log σ(x) = 1 - σ(x):
 * <pre>
 *   dL/du_o = (σ(u_o·v) - 1) v
 *   dL/du_k =  σ(u_k·v) v
 *   dL/dv   = (σ(u_o·v) - 1) u_o + Σ_k σ(u_k·v) u_k
 * </pre>
 * {@link SkipGram} applies exactly these formulas in float inside its training loop; this class is the
 * readable reference that the gradient check and the PyTorch fixture test.
 */
public final class NegativeSampling {

    private NegativeSampling() {
    }

    /** The gradients of L with respect to v, u_o and each u_k (same shapes as the vectors). */
    public record Gradients(double[] center, double[] context, double[][] negatives) {
    }

    /** L = -log σ(u_o·v) - Σ_k log σ(-u_k·v). */
    public static double loss(double[] center, double[] context, double[][] negatives) {
        check(center, context, negatives);
        double loss = -logSigmoid(dot(context, center));
        for (double[] u : negatives) {
            loss -= logSigmoid(-dot(u, center));
        }
        return loss;
    }

    /** dL/dv, dL/du_o and dL/du_k, from the formulas above. */
    public static Gradients gradients(double[] center, double[] context, double[][] negatives) {
        check(center, context, negatives);
        int d = center.length;
        double[] dCenter = new double[d];
        double[] dContext = new double[d];
        double[][] dNegatives = new double[negatives.length][d];
        double g = sigmoid(dot(context, center)) - 1;       // dL/d(u_o·v)
        for (int i = 0; i < d; i++) {
            dContext[i] = g * center[i];
            dCenter[i] += g * context[i];
        }
        for (int k = 0; k < negatives.length; k++) {
            double gk = sigmoid(dot(negatives[k], center)); // dL/d(u_k·v)
            for (int i = 0; i < d; i++) {
                dNegatives[k][i] = gk * center[i];
                dCenter[i] += gk * negatives[k][i];
            }
        }
        return new Gradients(dCenter, dContext, dNegatives);
    }

    /** σ(x) = 1 / (1 + e^-x), without overflow for large |x|. */
    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** log σ(x) = -log(1 + e^-x), computed without overflow (-x for very negative x). */
    public static double logSigmoid(double x) {
        return -(Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void check(double[] center, double[] context, double[][] negatives) {
        if (context.length != center.length) {
            throw new IllegalArgumentException("NegativeSampling: the context vector has size " + context.length
                    + " but the center vector " + center.length + "; both must have the size of the word vectors");
        }
        for (int k = 0; k < negatives.length; k++) {
            if (negatives[k].length != center.length) {
                throw new IllegalArgumentException("NegativeSampling: negative " + k + " has size "
                        + negatives[k].length + " but the center vector " + center.length);
            }
        }
    }
}
