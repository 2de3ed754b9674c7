package org.nnlab.kernel;

import java.io.PrintStream;

/**
 * The kernel's own log: the process's real stderr (Jupyter's server log), never a notebook cell.
 * Captured at start-up, before System.err is redirected to the notebook.
 */
public final class KernelLog {
    private static final PrintStream ERR = System.err;

    private KernelLog() {
    }

    private static final boolean TRACE_STARTUP = System.getenv("NNLAB_TRACE_STARTUP") != null;

    public static void warn(String message) {
        ERR.println("[nnlab kernel] " + message);
    }

    /** With NNLAB_TRACE_STARTUP set: logs a start-up step with the milliseconds since the JVM started. */
    static void startupStep(String step) {
        if (TRACE_STARTUP) {
            long ms = System.currentTimeMillis() - ProcessHandle.current().info().startInstant()
                    .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis());
            ERR.println("[nnlab kernel] " + ms + " ms: " + step);
        }
    }

    /** Makes sure the real stderr is captured before anything replaces System.err. */
    static PrintStream processStderr() {
        return ERR;
    }
}
