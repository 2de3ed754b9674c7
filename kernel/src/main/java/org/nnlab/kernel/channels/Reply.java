package org.nnlab.kernel.channels;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.MessageContext;

/** jjava's reply environment for one request, made constructible from our own socket loop. */
final class Reply extends ShellReplyEnvironment {
    Reply(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext request) {
        super(shell, stdin, iopub, request);
    }
}
