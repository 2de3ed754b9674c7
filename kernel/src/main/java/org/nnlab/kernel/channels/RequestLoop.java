package org.nnlab.kernel.channels;

import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.nnlab.kernel.KernelLog;
import org.zeromq.ZMQ;

/**
 * A shell or control socket and the thread that answers its requests, one at a time.
 *
 * <p>Unlike jjava's loop, it waits on the socket instead of sleeping 50 ms between polls, and a message
 * with a wrong HMAC signature (or one that cannot be parsed) is dropped with a log line instead of ending
 * the thread, so a stray or forged message cannot take the kernel down. Replies carry exact dates.
 */
final class RequestLoop extends ShellChannel {

    private final KernelSockets sockets;
    private final boolean control;
    private volatile boolean running;
    private Thread thread;

    RequestLoop(ZMQ.Context context, HMACGenerator hmac, boolean control, KernelSockets sockets) {
        super(context, hmac, control, null);
        this.sockets = sockets;
        this.control = control;
    }

    @Override
    public void bind(KernelConnectionProperties props) {
        String address = props.getTransport() + "://" + props.getIp() + ":"
                + (control ? props.getControlPort() : props.getShellPort());
        bind(address);
        running = true;
        thread = new Thread(this::serve, control ? "nnlab-control" : "nnlab-shell");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        while (running) {
            try {
                if (poller.poll(100) <= 0) {
                    sockets.queueDrained(this);
                    continue;
                }
            } catch (RuntimeException closed) {
                break;
            }
            Message<?> message;
            try {
                message = readMessage();
            } catch (SecurityException badSignature) {
                KernelLog.warn("Dropped a message with an invalid signature on the "
                        + (control ? "control" : "shell") + " channel");
                continue;
            } catch (RuntimeException unreadable) {
                KernelLog.warn("Dropped a message that could not be read: " + unreadable);
                continue;
            }
            if (message == null) {
                break;
            }
            handle(message, poller);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(Message<?> message, ZMQ.Poller poller) {
        ShellHandler handler = sockets.handler(message.getHeader().getType());
        if (handler == null) {
            KernelLog.warn("No handler for " + message.getHeader().getType().getName());
            return;
        }
        ShellReplyEnvironment env = new Reply(this, sockets.stdin(), sockets.iopub(), message);
        try {
            handler.handle(env, message);
        } catch (Exception e) {
            KernelLog.warn("Failed to handle " + message.getHeader().getType().getName() + ": " + e);
        } finally {
            // Before the reply goes out: is anything else already waiting? A client that waits for replies
            // cannot have sent its next request yet, so only truly queued requests count as queued.
            try {
                if (poller.poll(0) <= 0) {
                    sockets.queueDrained(this);
                }
            } catch (RuntimeException closedAtShutdown) {
                // the reply below still goes out if it can
            }
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) {
            sockets.close();
        }
    }

    /** Replies go out with exact dates in their headers (see {@link Timestamps}). */
    @Override
    public synchronized void sendMessage(Message<?> message) {
        super.sendMessage(Timestamps.stamped(message));
    }

    @Override
    public void close() {
        running = false;
        super.close();
    }

    @Override
    public void waitUntilClose() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
