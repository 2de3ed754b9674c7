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
    /** Why the cell was stopped, if not by the user (the memory guard says why); kept until the next cell. */
    private static volatile String reason;

    private StopSignal() {
    }

    /** Called by instrumented code: throws if the running cell was interrupted. */
    public static void check() {
        if (raised) {
            throw new CellInterrupted(reason);
        }
    }

    static void raise(String why) {
        reason = why;
        raised = true;
    }

    /** Before a cell: no stop, no reason. */
    static void clear() {
        raised = false;
        reason = null;
    }

    /** After a cell: no stop, but the reason stays for the error message. */
    static void lower() {
        raised = false;
    }

    /** Why the last cell was stopped by the kernel itself, or null if the user stopped it (or nobody did). */
    public static String reason() {
        return reason;
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
