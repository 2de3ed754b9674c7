package org.nnlab.kernel.exec;

/** Thrown in place of {@code System.exit}: exiting would kill the kernel and every variable in it. */
public final class ExitRefused extends RuntimeException {
    public ExitRefused(int status) {
        super("System.exit(" + status + ") was called; the kernel keeps running and keeps your variables. "
                + "To start afresh, use Kernel > Restart.", null, false, false);
    }
}
