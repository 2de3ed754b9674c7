package org.nnlab.kernel.exec;

/**
 * Thrown inside a cell when the user interrupts it. An {@link Error}, not an exception, so that an
 * ordinary {@code catch (Exception e)} in a cell or library does not swallow it.
 */
public final class CellInterrupted extends Error {
    public CellInterrupted() {
        super("The cell was interrupted. Variables defined before it are kept.", null, false, false);
    }
}
