package org.nnlab.kernel.io;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where output goes: the notebook cell that runs now, or else the one that ran last.
 *
 * <p>{@code System.out} and {@code System.err} are replaced once, at start-up, by streams that publish to
 * the IOPub channel with the current cell as parent. So output of background threads, of
 * {@code java.util.logging} and of SLF4J reaches the notebook too, also after their cell has finished
 * (it then appears under the cell that ran last, as in IPython).
 */
public final class KernelIO {

    private final JupyterSocket iopub;
    private volatile MessageContext parent;
    private final CellOutput stdout;
    private final CellOutput stderr;
    public final PrintStream out;
    public final PrintStream err;

    public KernelIO(JupyterSocket iopub) {
        this.iopub = iopub;
        this.stdout = new CellOutput(text -> publish(new PublishStream(PublishStream.StreamType.OUT, text)));
        this.stderr = new CellOutput(text -> publish(new PublishStream(PublishStream.StreamType.ERR, text)));
        this.out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        Thread flusher = new Thread(this::flushPeriodically, "nnlab-output");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Output from now on belongs to this request (an execute_request). */
    public void setParent(MessageContext request) {
        flush();
        this.parent = request;
    }

    /** Sends all pending stream output now (before a figure, a result or the end of a cell). */
    public void flush() {
        out.flush();
        err.flush();
        stdout.sendNow();
        stderr.sendNow();
    }

    /** Publishes a message on IOPub as a child of the current request; dropped if there is none yet. */
    public <T extends ContentType<T>> void publish(T content) {
        MessageContext context = parent;
        if (context != null) {
            iopub.sendMessage(new Message<>(context, content.getType(), content));
        }
    }

    private void flushPeriodically() {
        while (true) {
            try {
                Thread.sleep(CellOutput.BATCH_MS);
                if (stdout.hasPending() || stderr.hasPending()) {
                    stdout.sendNow();
                    stderr.sendNow();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a closed socket at shutdown: nothing left to send to
            }
        }
    }
}
