package org.nnlab.kernel.io;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code System.in} for cells. If the notebook accepts input (an interactive frontend), reading asks the
 * user with an input box, line by line. If it does not (nbconvert, most test clients), reading fails at
 * once with a clear message instead of waiting forever.
 */
public final class CellInput extends InputStream {

    /** Thrown when a cell reads System.in but the frontend cannot answer. */
    public static final class NoInputAvailable extends IllegalStateException {
        NoInputAvailable() {
            super("This cell reads from System.in, but this notebook frontend does not accept keyboard input "
                    + "(for example when run by nbconvert). Put the value in the code instead.");
        }
    }

    private final Supplier<String> askUser;
    private volatile boolean allowed;
    private byte[] line = new byte[0];
    private int position;

    /** @param askUser asks the frontend for one line of input and returns it with its newline */
    public CellInput(Supplier<String> askUser) {
        this.askUser = askUser;
    }

    /** Set for each execute request from its {@code allow_stdin} field. */
    public void setAllowed(boolean allowed) {
        this.allowed = allowed;
        this.line = new byte[0];
        this.position = 0;
    }

    @Override
    public synchronized int read() {
        if (position >= line.length) {
            fill();
        }
        return line[position++] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] into, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= line.length) {
            fill();
        }
        int n = Math.min(len, line.length - position);
        System.arraycopy(line, position, into, off, n);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return line.length - position;
    }

    private void fill() {
        if (!allowed) {
            throw new NoInputAvailable();
        }
        line = askUser.get().getBytes(StandardCharsets.UTF_8);
        position = 0;
    }
}
