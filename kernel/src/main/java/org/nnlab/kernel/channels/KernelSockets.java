package org.nnlab.kernel.channels;

import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The five ZeroMQ sockets of the Jupyter protocol (shell, control, stdin, iopub, heartbeat) and the
 * handlers that answer requests on shell and control.
 */
public final class KernelSockets {

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final HeartbeatChannel heartbeat;
    private final RequestLoop shell;
    private final RequestLoop control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    private final Map<MessageType<?>, ShellHandler<?>> handlers = new ConcurrentHashMap<>();
    private volatile Consumer<Object> drained = socket -> { };
    private volatile boolean closed;

    public KernelSockets(KernelConnectionProperties props) throws GeneralSecurityException {
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        this.heartbeat = new HeartbeatChannel(context, hmac);
        this.shell = new RequestLoop(context, hmac, false, this);
        this.control = new RequestLoop(context, hmac, true, this);
        this.stdin = new Stdin(context, hmac);
        this.iopub = new IOPub(context, hmac);
    }

    public <T> void setHandler(MessageType<T> type, ShellHandler<T> handler) {
        handlers.put(type, handler);
    }

    ShellHandler<?> handler(MessageType<?> type) {
        return handlers.get(type);
    }

    /** Called when the shell socket has no request waiting (used to end "abort queued cells" mode). */
    public void onShellQueueDrained(Consumer<Object> action) {
        this.drained = action;
    }

    void queueDrained(RequestLoop loop) {
        if (loop == shell) {
            drained.accept(loop);
        }
    }

    public IOPubChannel iopub() {
        return iopub;
    }

    public StdinChannel stdin() {
        return stdin;
    }

    /** Binds all sockets and announces the kernel as "starting". */
    public void connect() {
        for (JupyterSocket socket : List.of(heartbeat, iopub, stdin, control, shell)) {
            socket.bind(props);
        }
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (JupyterSocket socket : List.of(shell, control, stdin, heartbeat, iopub)) {
            try {
                socket.close();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        context.close();
    }

    /** jjava's IOPub socket, with exact dates in the headers (see {@link Timestamps}). */
    private static final class IOPub extends IOPubChannel {
        IOPub(ZMQ.Context context, HMACGenerator hmac) {
            super(context, hmac);
        }

        @Override
        public synchronized void sendMessage(Message<?> message) {
            super.sendMessage(Timestamps.stamped(message));
        }
    }

    /** jjava's stdin socket (input requests), with exact dates in the headers (see {@link Timestamps}). */
    private static final class Stdin extends StdinChannel {
        Stdin(ZMQ.Context context, HMACGenerator hmac) {
            super(context, hmac);
        }

        @Override
        public synchronized void sendMessage(Message<?> message) {
            super.sendMessage(Timestamps.stamped(message));
        }
    }

    public void waitUntilClosed() {
        shell.waitUntilClose();
        control.waitUntilClose();
        heartbeat.waitUntilClose();
    }
}
