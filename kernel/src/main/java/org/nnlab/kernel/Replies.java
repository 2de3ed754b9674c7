package org.nnlab.kernel;

import com.google.gson.annotations.SerializedName;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replies that jjava-jupyter 1.0-a6 sends without the {@code status} field the Jupyter protocol requires
 * (kernel_info, history, interrupt, shutdown, comm_info), history entries it serializes as objects instead of
 * tuples, and the "aborted" execute reply it lacks.
 */
final class Replies {

    private Replies() {
    }

    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfo(String protocol, String name, String version, LanguageInfo language, String banner,
                   List<HelpLink> links) {
            super(protocol, name, version, language, banner, links);
        }
    }

    /** History entries as the protocol's tuples: [session, line, input] or [session, line, [input, output]]. */
    static final class History implements ContentType<History> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final List<List<Object>> history = new ArrayList<>();

        History(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        @Override
        public MessageType<History> getType() {
            return cast(MessageType.HISTORY_REPLY);
        }
    }

    static final class Interrupt implements ContentType<Interrupt> {
        @SuppressWarnings("unused")
        private final String status = "ok";

        @Override
        public MessageType<Interrupt> getType() {
            return cast(MessageType.INTERRUPT_REPLY);
        }
    }

    static final class Shutdown implements ContentType<Shutdown> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final boolean restart;

        Shutdown(boolean restart) {
            this.restart = restart;
        }

        @Override
        public MessageType<Shutdown> getType() {
            return cast(MessageType.SHUTDOWN_REPLY);
        }
    }

    /** The open comms, {comm_id: {target_name}}, optionally only those of one target. */
    static final class CommInfo implements ContentType<CommInfo> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SuppressWarnings("unused")
        private final Map<String, Map<String, String>> comms = new LinkedHashMap<>();

        CommInfo(Iterable<Comm> open, String targetName) {
            for (Comm comm : open) {
                if (targetName == null || targetName.equals(comm.getTargetName())) {
                    comms.put(comm.getID(), Map.of("target_name", comm.getTargetName()));
                }
            }
        }

        @Override
        public MessageType<CommInfo> getType() {
            return cast(MessageType.COMM_INFO_REPLY);
        }
    }

    /** A successful execute_reply, with user expressions as the protocol has them (jjava omits their status). */
    static final class ExecuteOk implements ContentType<ExecuteOk> {
        @SuppressWarnings("unused")
        private final String status = "ok";
        @SerializedName("execution_count")
        private final int executionCount;
        @SerializedName("user_expressions")
        private final Map<String, Object> userExpressions;
        @SuppressWarnings("unused")
        private final List<Object> payload;

        ExecuteOk(int executionCount, Map<String, Object> userExpressions, List<Object> payload) {
            this.executionCount = executionCount;
            this.userExpressions = userExpressions;
            this.payload = payload;
        }

        @Override
        public MessageType<ExecuteOk> getType() {
            return cast(MessageType.EXECUTE_REPLY);
        }
    }

    /** The reply to a cell that was not run because an earlier cell failed (stop_on_error). */
    static final class Aborted implements ContentType<Aborted> {
        @SuppressWarnings("unused")
        private final String status = "aborted";
        @SerializedName("execution_count")
        private final int executionCount;

        Aborted(int executionCount) {
            this.executionCount = executionCount;
        }

        @Override
        public MessageType<Aborted> getType() {
            return cast(MessageType.EXECUTE_REPLY);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> MessageType<T> cast(MessageType<?> type) {
        return (MessageType<T>) type;
    }
}
