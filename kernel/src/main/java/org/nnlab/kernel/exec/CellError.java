package org.nnlab.kernel.exec;

import java.util.List;

/**
 * A failed cell, ready to show: the error's name (an exception class, or {@code CompileError}), its message,
 * and the lines of a short traceback in the student's terms (cell lines, not kernel internals).
 */
public final class CellError extends Exception {
    private final String name;
    private final List<String> traceback;

    public CellError(String name, String message, List<String> traceback) {
        super(message, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** The {@code ename} field of a Jupyter error. */
    public String name() {
        return name;
    }

    /** The {@code traceback} field of a Jupyter error. */
    public List<String> traceback() {
        return traceback;
    }
}
