package org.nnlab.tensor;

/**
 * Makes ND4J's CPU backend use {@link KeepAliveOpExecutioner} and {@link KeepAliveNDArrayFactory}, which keep
 * an op's arrays alive while its native code runs. ND4J reads both classes from system properties when it
 * starts; this sets them by name, without loading any ND4J class (loading one can start ND4J, and then
 * the backend could no longer be chosen).
 */
public final class KeepAlive {

    static final String EXECUTIONER = "org.nnlab.tensor.KeepAliveOpExecutioner";
    static final String FACTORY = "org.nnlab.tensor.KeepAliveNDArrayFactory";

    private KeepAlive() {
    }

    /** Sets both properties; false for one that could not be set (CUDA backend, or another class chosen). */
    public static boolean install() {
        boolean executioner = installProperty("opexec", EXECUTIONER);
        boolean factory = installProperty("ndarrayfactory.class", FACTORY);
        return executioner && factory;
    }

    /** Sets ND4J's property {@code key} to {@code className} unless ND4J will run on CUDA or another class was chosen. */
    static boolean installProperty(String key, String className) {
        BackendChoice.Decision decision = BackendChoice.decision();
        boolean cuda = decision != null ? decision.backend() == BackendChoice.Kind.CUDA
                : BackendChoice.onClassPath(BackendChoice.CUDA_BACKEND);
        if (cuda) {
            return false;  // these are CPU classes; the CUDA backend has its own
        }
        String chosen = System.getProperty(key);
        if (chosen == null) {
            System.setProperty(key, className);
            return true;
        }
        return chosen.equals(className);
    }
}
