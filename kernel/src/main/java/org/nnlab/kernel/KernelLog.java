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

    public static void warn(String message) {
        ERR.println("[nnlab kernel] " + message);
    }

    /** Makes sure the real stderr is captured before anything replaces System.err. */
    static PrintStream processStderr() {
        return ERR;
    }
}
