package org.nnlab.kernel.io;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One of the kernel's output streams (stdout or stderr) as seen by cells, background threads and loggers.
 *
 * <p>Bytes are collected and sent to the notebook as text in batches: at most one message every
 * {@value #BATCH_MS} ms while output keeps coming (a loop printing 10,000 lines must not send 10,000
 * messages), and all of it when the cell ends or before a figure is shown, so the order stays right.
 * A multi-byte UTF-8 character split across two writes is never cut in half.
 */
public final class CellOutput extends OutputStream {

    static final long BATCH_MS = 50;

    private final Consumer<String> sink;
    private byte[] buffer = new byte[8192];
    private int count;
    private long lastSent;

    /** @param sink sends a piece of text to the notebook (or wherever output goes now) */
    public CellOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void write(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buffer, count, len);
        count += len;
        if (count > 64 * 1024) {
            sendNow();
        }
    }

    private void ensure(int more) {
        if (count + more > buffer.length) {
            byte[] bigger = new byte[Math.max(buffer.length * 2, count + more)];
            System.arraycopy(buffer, 0, bigger, 0, count);
            buffer = bigger;
        }
    }

    /** A soft flush (println calls this): sends if the last batch went out long enough ago. */
    @Override
    public synchronized void flush() {
        if (System.currentTimeMillis() - lastSent >= BATCH_MS) {
            sendNow();
        }
    }

    /** Sends everything collected so far. */
    public synchronized void sendNow() {
        int end = completeUtf8Prefix();
        if (end == 0) {
            return;
        }
        String text = new String(buffer, 0, end, StandardCharsets.UTF_8);
        System.arraycopy(buffer, end, buffer, 0, count - end);
        count -= end;
        lastSent = System.currentTimeMillis();
        sink.accept(text);
    }

    /** True if some output waits to be sent. */
    public synchronized boolean hasPending() {
        return count > 0;
    }

    /** Length of the buffer without a trailing, incomplete UTF-8 sequence. */
    private int completeUtf8Prefix() {
        int i = count - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (buffer[i] & 0xC0) == 0x80) {
            continuation++;
            i--;
        }
        if (i < 0) {
            return count;
        }
        int lead = buffer[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return needed > continuation ? i : count;
    }
}
