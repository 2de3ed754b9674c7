package org.nnlab.tensor;

import java.lang.management.ManagementFactory;

/**
 * σ and tanh over a range of a {@code float[]}, in place, as fast as this JVM allows. The fused recurrent
 * path ({@code org.nnlab.rnn.FusedRecurrence}) computes a million of them per training step of an LSTM.
 *
 * <p>The plain loop, {@code a[i] = 1 / (1 + exp(-a[i]))}, costs 5 to 10 ns per value: the JVM computes
 * {@code Math.exp} one value at a time. The JDK's vector API ({@code jdk.incubator.vector}, in every JDK
 * from 17 on, switched on with {@code --add-modules jdk.incubator.vector}) computes 8 or 16 values per
 * instruction with the processor's vector registers, about 0.3 ns per value, with the same result to
 * about one unit in the last place of a float. It is used when the module is present and the JVM runs its
 * optimising compiler (C2); otherwise, or with {@code -Dnnlab.vector=false}, the plain loop. Both are
 * tested against each other.
 */
public final class VectorMath {

    /** The two implementations: the plain loop below, or {@link VectorKernels}. */
    interface Kernels {
        void sigmoid(float[] a, int from, int to);

        void tanh(float[] a, int from, int to);
    }

    /** The plain loop: one value at a time (what the vector version must equal). */
    static final Kernels SCALAR = new Kernels() {
        @Override
        public void sigmoid(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) (1 / (1 + Math.exp(-a[i])));   // σ(x) = 1 / (1 + e^-x)
            }
        }

        @Override
        public void tanh(float[] a, int from, int to) {
            for (int i = from; i < to; i++) {
                a[i] = (float) Math.tanh(a[i]);
            }
        }
    };

    private static final Kernels KERNELS = choose();

    private VectorMath() {
    }

    /** a[i] = σ(a[i]) for i in [from, to). */
    public static void sigmoid(float[] a, int from, int to) {
        KERNELS.sigmoid(a, from, to);
    }

    /** a[i] = tanh(a[i]) for i in [from, to). */
    public static void tanh(float[] a, int from, int to) {
        KERNELS.tanh(a, from, to);
    }

    /** Which implementation runs, for the environment banner: for example "vector API, 16 floats". */
    public static String implementation() {
        return KERNELS == SCALAR ? "plain loops (" + whyScalar() + ")" : KERNELS.toString();
    }

    private static Kernels choose() {
        if (whyScalar() != null) {
            return SCALAR;
        }
        try {
            return new VectorKernels();
        } catch (LinkageError e) { // the module is there but its classes cannot be used: stay correct
            return SCALAR;
        }
    }

    /** Null when the vector API can be used, else the reason (shown in the banner). */
    private static String whyScalar() {
        if (!Boolean.parseBoolean(System.getProperty("nnlab.vector", "true"))) {
            return "-Dnnlab.vector=false";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "no --add-modules jdk.incubator.vector";
        }
        if (c1Only()) { // the vector API is fast only once C2 compiles it; under C1 it is slower than a loop
            return "C1-only JIT";
        }
        return null;
    }

    /** -XX:TieredStopAtLevel=1 (C1 only, a quick start) or -Xint (no JIT at all). */
    private static boolean c1Only() {
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.equals("-Xint")
                    || option.startsWith("-XX:TieredStopAtLevel=") && !option.endsWith("=4")) {
                return true;
            }
        }
        return false;
    }
}
