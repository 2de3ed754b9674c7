package org.nnlab.kernel.exec;

/**
 * The flag that stops a running cell.
 *
 * <p>Code compiled from cells, the nnlab library and jars added with {@code %classpath} is loaded through
 * {@link CellClassLoader}, which inserts a call to {@link #check()} at the start of every method and
 * before every backward jump (every loop iteration). When the user presses "interrupt", the kernel raises
 * the flag, and the next check throws {@link CellInterrupted}. This works on every JDK, including those
 * where {@code Thread.stop} is gone (JDK 20 and later).
 *
 * <p>The same instrumentation redirects {@code System.exit} and {@code Runtime.exit/halt} here, so that
 * a cell cannot kill the kernel.
 */
public final class StopSignal {

    private static volatile boolean raised;

    private StopSignal() {
    }

    /** Called by instrumented code: throws if the running cell was interrupted. */
    public static void check() {
        if (raised) {
            throw new CellInterrupted();
        }
    }

    static void raise() {
        raised = true;
    }

    static void clear() {
        raised = false;
    }

    static boolean isRaised() {
        return raised;
    }

    /** Replaces {@code System.exit(status)} in instrumented code. */
    public static void exit(int status) {
        throw new ExitRefused(status);
    }

    /** Replaces {@code Runtime.getRuntime().exit(status)} in instrumented code. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new ExitRefused(status);
    }

    /** Replaces {@code Runtime.getRuntime().halt(status)} in instrumented code. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new ExitRefused(status);
    }
}
