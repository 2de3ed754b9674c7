package org.nnlab.kernel.exec;

/**
 * Thrown inside a cell when the user interrupts it. An {@link Error}, not an exception, so that an
 * ordinary {@code catch (Exception e)} in a cell or library does not swallow it.
 */
public final class CellInterrupted extends Error {
    public static final String MESSAGE = "The cell was interrupted. Variables defined before it are kept.";

    public CellInterrupted() {
        this(null);
    }

    /** @param why the kernel's reason for stopping the cell (memory), or null for the user's interrupt */
    public CellInterrupted(String why) {
        super(why == null ? MESSAGE : why, null, false, false);
    }
}
