package org.nnlab.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.request.CommInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;
import org.nnlab.kernel.channels.KernelSockets;
import org.nnlab.kernel.display.Notebook;
import org.nnlab.kernel.display.ChartAudit;
import org.nnlab.kernel.display.Renderers;
import org.nnlab.kernel.exec.CellError;
import org.nnlab.kernel.exec.CellInterrupted;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.nnlab.kernel.io.CellInput;
import org.nnlab.kernel.io.KernelIO;
import org.nnlab.kernel.magic.MagicException;
import org.nnlab.kernel.magic.Magics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The nnlab Jupyter kernel: answers the Jupyter protocol's requests and runs cells with
 * {@link JavaEvaluator}. Built on jjava-jupyter's {@link BaseKernel}, with its protocol gaps fixed here:
 * {@code status} in every reply, history replies, {@code silent}, {@code store_history},
 * {@code stop_on_error}, cursor positions in code points, and output of threads that outlive their cell.
 */
public final class NnlabKernel extends BaseKernel {

    private final KernelIO kernelIO;
    private final CellInput input;
    private final Renderers renderers;
    private final CompletableFuture<JavaEvaluator> evaluator;
    private final Editing editing;
    private final History history = new History();
    private final Path workingDir = Path.of("").toAbsolutePath();
    private volatile ShellReplyEnvironment currentRequest;
    /** After a failed cell with stop_on_error, the cells already queued are not run. */
    private volatile boolean abortQueued;

    NnlabKernel(KernelIO kernelIO, CompletableFuture<JavaEvaluator> evaluator) {
        super("nnlab", Version.NNLAB, language(), List.of(
                        new HelpLink("nnlab", "https://github.com/nnlab/nnlab"),
                        new HelpLink("Java API", "https://docs.oracle.com/en/java/javase/"
                                + Runtime.version().feature() + "/docs/api/"),
                        new HelpLink("ND4J", "https://deeplearning4j.konduit.ai/nd4j/how-to-guides/basics")),
                null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null, null, false,
                new StringStyler.Builder().build());
        this.kernelIO = kernelIO;
        this.evaluator = evaluator;
        this.renderers = new Renderers(renderer);
        this.input = new CellInput(() -> {
            ShellReplyEnvironment env = currentRequest;
            if (env == null) {
                throw new IllegalStateException("no cell is running");
            }
            kernelIO.flush();
            return env.readFromStdIn();
        });
        this.editing = new Editing(evaluator);
        Notebook.attach(renderers, kernelIO);
    }

    private static LanguageInfo language() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jsh")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    CellInput input() {
        return input;
    }

    /** Registers this kernel's handlers for every request it answers. */
    void serve(KernelSockets sockets) {
        sockets.setHandler(MessageType.EXECUTE_REQUEST, this::execute);
        sockets.setHandler(MessageType.INSPECT_REQUEST, this::handleInspectRequest);
        sockets.setHandler(MessageType.COMPLETE_REQUEST, this::handleCompleteRequest);
        sockets.setHandler(MessageType.IS_COMPLETE_REQUEST, this::handleIsCodeCompeteRequest);
        sockets.setHandler(MessageType.HISTORY_REQUEST, this::history);
        sockets.setHandler(MessageType.KERNEL_INFO_REQUEST, this::kernelInfo);
        sockets.setHandler(MessageType.SHUTDOWN_REQUEST, this::shutdown);
        sockets.setHandler(MessageType.INTERRUPT_REQUEST, this::interrupt);
        commManager.setIOPubChannel(sockets.iopub());
        sockets.setHandler(MessageType.COMM_OPEN_COMMAND, commManager::handleCommOpenCommand);
        sockets.setHandler(MessageType.COMM_MSG_COMMAND, commManager::handleCommMsgCommand);
        sockets.setHandler(MessageType.COMM_CLOSE_COMMAND, commManager::handleCommCloseCommand);
        sockets.setHandler(MessageType.COMM_INFO_REQUEST, this::commInfo);
        sockets.onShellQueueDrained(socket -> abortQueued = false);
    }

    // ---------------------------------------------------------------- execute

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        ExecuteRequest request = message.getContent();
        boolean silent = request.isSilent();
        boolean store = request.shouldStoreHistory() && !silent;
        int count = store ? executionCount.getAndIncrement() : Math.max(1, executionCount.get() - 1);

        env.setBusyDeferIdle();
        if (abortQueued) {
            env.defer().reply(abortedReply(message, count));
            return;
        }
        if (!silent) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        if (store) {
            history.add(count, request.getCode());
        }
        if (HELP.matcher(request.getCode()).matches()) {
            env.defer().reply(executeOk(message, count, Map.of(), help(request.getCode())));
            return;
        }
        kernelIO.setParent(message);
        ChartAudit.cell(count);
        input.setAllowed(request.isStdinEnabled());
        currentRequest = env;
        try {
            // run and render on the cell thread: rendering calls the user's toString() or mimeBundle(),
            // which an interrupt must be able to stop like any other cell code
            DisplayData shown = evaluator().runner().run(() -> {
                JavaEvaluator.Result result = runCell(request.getCode(), count);
                return result.isPresent() && !silent ? renderers.render(result.value()) : null;
            });
            kernelIO.flush();
            if (shown != null) {
                env.publish(new PublishExecuteResult(count, shown));
                if (store) {
                    Object text = shown.getData(MIMEType.TEXT_PLAIN);
                    history.setOutput(count, text == null ? "" : text.toString());
                }
            }
            env.defer().reply(executeOk(message, count, userExpressions(request.getUserExpr()), List.of()));
        } catch (Throwable failure) {
            kernelIO.flush();
            CellError error = asCellError(failure);
            if (!silent) {
                env.publish(new PublishError(error.name(), error.getMessage(), error.traceback()));
            }
            ErrorReply reply = new ErrorReply(error.name(), error.getMessage(), error.traceback());
            reply.setExecutionCount(count);
            env.defer().replyError(MessageType.EXECUTE_REPLY.error(), reply);
            if (request.shouldStopOnError()) {
                abortQueued = true;
            }
        } finally {
            currentRequest = null;
            input.setAllowed(false);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> executeOk(Message<ExecuteRequest> request, int count, Map<String, Object> expressions,
                                        List<Object> payload) {
        return new Message(request, MessageType.EXECUTE_REPLY, new Replies.ExecuteOk(count, expressions, payload));
    }

    /** {@code name?} alone in a cell: the documentation of name, shown in the pager (as in IPython). */
    private static final Pattern HELP = Pattern.compile("\\s*[\\w.$]+\\?\\s*");

    private List<Object> help(String code) {
        String name = code.strip();
        name = name.substring(0, name.length() - 1);
        DisplayData doc = editing.inspect(name, name.length());
        String text = doc == null ? "No documentation found for " + name
                : String.valueOf(doc.getData(MIMEType.TEXT_PLAIN));
        return List.of(Map.of("source", "page", "data", Map.of("text/plain", text), "start", 0));
    }

    /** The protocol's "aborted" execute_reply, which jjava has no class for. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Message<?> abortedReply(Message<ExecuteRequest> request, int count) {
        return new Message(request, MessageType.EXECUTE_REPLY, new Replies.Aborted(count));
    }

    /** Runs a cell's code with its magic lines, on the cell thread. */
    private JavaEvaluator.Result runCell(String code, int count) throws Exception {
        JavaEvaluator java = evaluator();
        if (code.stripLeading().startsWith("%%")) {
            String stripped = code.stripLeading();
            int newline = stripped.indexOf('\n');
            String header = (newline < 0 ? stripped : stripped.substring(0, newline)).substring(2);
            String body = newline < 0 ? "" : stripped.substring(newline + 1);
            final JavaEvaluator.Result[] last = {JavaEvaluator.Result.NONE};
            magics(count, last).runCell(header, body);
            return last[0];
        }
        JavaEvaluator.Result result = JavaEvaluator.Result.NONE;
        StringBuilder pending = new StringBuilder();
        int pendingFirstLine = 1;
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean magic = Magics.isMagicLine(line)
                    && (pending.toString().isBlank() || "complete".equals(java.completeness(pending.toString())));
            if (magic) {
                if (!pending.toString().isBlank()) {
                    java.evalHere(pending.toString(), count, pendingFirstLine);
                }
                pending.setLength(0);
                pendingFirstLine = i + 2;
                final JavaEvaluator.Result[] last = {JavaEvaluator.Result.NONE};
                magics(count, last).runLine(line.strip().substring(1), workingDir);
                result = last[0];
            } else {
                pending.append(line).append('\n');
            }
        }
        if (!pending.toString().isBlank()) {
            result = java.evalHere(pending.toString(), count, pendingFirstLine);
        }
        return result;
    }

    private Magics magics(int count, JavaEvaluator.Result[] last) throws Exception {
        JavaEvaluator java = evaluator();
        return new Magics(new Magics.Host() {
            @Override
            public void addToClasspath(String path) {
                java.addToClasspath(path);
            }

            @Override
            public String classpath() {
                return java.classpath();
            }

            @Override
            public void run(String code) throws Exception {
                last[0] = runCell(code, count);
            }
        }, text -> System.out.print(text));
    }

    /** Evaluates the request's user_expressions; each becomes {status, data, metadata} or an error. */
    private Map<String, Object> userExpressions(Map<String, String> expressions) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (expressions == null) {
            return values;
        }
        expressions.forEach((name, expr) -> {
            Map<String, Object> value = new LinkedHashMap<>();
            try {
                JavaEvaluator java = evaluator();
                DisplayData shown = java.runner().run(() -> {
                    JavaEvaluator.Result r = java.evalHere(expr, 0, 1);
                    return renderers.render(r.isPresent() ? r.value() : null);
                });
                Map<String, Object> data = new LinkedHashMap<>();
                for (MIMEType type : List.of(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML, MIMEType.IMAGE_PNG)) {
                    if (shown.hasDataForType(type)) {
                        data.put(type.toString(), shown.getData(type));
                    }
                }
                value.put("status", "ok");
                value.put("data", data);
                value.put("metadata", Map.of());
            } catch (Throwable t) {
                CellError e = asCellError(t);
                value.put("status", "error");
                value.put("ename", e.name());
                value.put("evalue", e.getMessage());
                value.put("traceback", e.traceback());
            }
            values.put(name, value);
        });
        return values;
    }

    private static CellError asCellError(Throwable failure) {
        if (failure instanceof CellError) {
            return (CellError) failure;
        }
        if (failure instanceof CellInterrupted) {
            return JavaEvaluator.interrupted(); // stopped outside a snippet, e.g. while rendering a result
        }
        if (failure instanceof MagicException) {
            return new CellError("MagicError", failure.getMessage(), List.of("MagicError: " + failure.getMessage()));
        }
        String name = failure.getClass().getName();
        String message = String.valueOf(failure.getMessage());
        return new CellError(name, message, List.of(name + ": " + message));
    }

    JavaEvaluator evaluator() throws Exception {
        try {
            return evaluator.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("The Java evaluator failed to start: " + e.getCause(), e.getCause());
        }
    }

    // ---------------------------------------------------------------- other requests

    private void kernelInfo(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.KernelInfo(Header.PROTOCOL_VERISON, name, version, getLanguageInfo(), getBanner(),
                getHelpLinks()));
    }

    private void commInfo(ShellReplyEnvironment env, Message<CommInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.CommInfo(commManager, message.getContent().getTargetName()));
    }

    private void history(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        boolean output = request.includeOutput();
        List<org.dflib.jjava.jupyter.kernel.history.HistoryEntry> entries;
        switch (request.getAccessType()) {
            case TAIL:
                entries = history.tail(((HistoryRequest.Tail) request).getMaxReturnLength(), output);
                break;
            case RANGE:
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                entries = history.range(range.getSessionIndex(), range.getStart(), range.getStop(), output);
                break;
            case SEARCH:
            default:
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                entries = history.search(search.getPattern(), search.getMaxReturnLength(), search.filterUnique(),
                        output);
                break;
        }
        env.reply(new Replies.History(entries));
    }

    private void interrupt(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().runner().interrupt();
        }
        env.reply(new Replies.Interrupt());
    }

    private void shutdown(ShellReplyEnvironment env, Message<ShutdownRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new Replies.Shutdown(message.getContent().isRestart()));
        env.resolveDeferrals();
        env.markForShutdown();
    }

    // ---------------------------------------------------------------- editing help
    //
    // The protocol counts cursor positions in Unicode code points; Java strings index UTF-16 chars, and an
    // emoji such as 😀 is one code point but two chars. Positions are converted here, at the protocol's edge:
    // Editing works in Java indices only.

    @Override
    public Object evalRaw(String source) {
        throw new UnsupportedOperationException("cells are run by execute requests");
    }

    @Override
    public DisplayData inspect(String code, int cursorPos, boolean extraDetail) {
        return editing.inspect(code, javaIndex(code, cursorPos));
    }

    @Override
    public ReplacementOptions complete(String code, int cursorPos) {
        ReplacementOptions found = editing.complete(code, javaIndex(code, cursorPos));
        return new ReplacementOptions(found.getReplacements(), codePoints(code, found.getSourceStart()),
                codePoints(code, found.getSourceEnd()));
    }

    @Override
    public String isComplete(String code) {
        return editing.isComplete(code); // the whole code, no positions
    }

    /** The Java string index of a protocol cursor position (counted in code points). */
    static int javaIndex(String code, int codePoints) {
        int clamped = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, clamped);
    }

    /** The protocol cursor position (in code points) of a Java string index. */
    static int codePoints(String code, int javaIndex) {
        return code.codePointCount(0, Math.max(0, Math.min(javaIndex, code.length())));
    }
}
