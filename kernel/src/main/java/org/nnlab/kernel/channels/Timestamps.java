package org.nnlab.kernel.channels;

import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code date} of the messages the kernel sends, as the Jupyter protocol asks: ISO 8601 with
 * microseconds and the UTC offset, e.g. {@code 2026-12-06T18:34:05.123456Z}.
 *
 * <p>jjava's {@code KernelTimestamp.now()} writes minutes only ({@code 2026-12-06T18:34+0000}), which
 * jupyter_client cannot read as a date, so nbclient, JupyterLab and nbconvert got cell times wrong. Every
 * socket that sends messages passes them through {@link #stamped} just before they go out.
 */
final class Timestamps {

    private static final DateTimeFormatter ISO_MICROSECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /** The message with the current time, to the microsecond, as its header's date. */
    static <T> Message<T> stamped(Message<T> message) {
        Header<T> h = message.getHeader();
        // a KernelTimestamp made from a string is sent as that string, unchanged
        KernelTimestamp now = new KernelTimestamp(ISO_MICROSECONDS.format(Instant.now()));
        Header<T> header = new Header<>(h.getId(), h.getUsername(), h.getSessionId(), now, h.getType(),
                h.getVersion());
        return new Message<>(message.getIdentities(), header, message.getParentHeader(), message.getMetadata(),
                message.getContent(), message.getBlobs());
    }
}
