package org.nnlab.kernel.exec;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Evaluates the Java code of a cell with JShell, in this JVM.
 *
 * <p>A cell may hold many snippets (statements, declarations of variables, methods and classes, and a
 * final expression). They run one by one; the first compile or runtime error stops the cell. The value of
 * a final expression is returned as a live object, for the renderers.
 */
public final class JavaEvaluator {

    /** The result of a cell: its last expression's value, if it ended with an expression. */
    public static final class Result {
        public static final Result NONE = new Result(false, null);
        private final boolean present;
        private final Object value;

        Result(boolean present, Object value) {
            this.present = present;
            this.value = value;
        }

        public boolean isPresent() {
            return present;
        }

        public Object value() {
            return value;
        }
    }

    private final JShell shell;
    private final InProcessExecution execution;
    private final CellRunner runner;
    /** Snippet id to (cell label, first line of the snippet in its cell), for tracebacks. */
    private final Map<String, int[]> snippetPlaces = new ConcurrentHashMap<>();
    private final StringBuilder classpath = new StringBuilder();

    public JavaEvaluator(String appClasspath, List<String> courseClasspath, PrintStream out, PrintStream err,
                         InputStream in) {
        CellClassLoader loader = new CellClassLoader(JavaEvaluator.class.getClassLoader(), appClasspath);
        this.execution = new InProcessExecution(loader);
        this.shell = JShell.builder()
                .executionEngine(execution.provider(), Map.of())
                .out(out).err(err).in(in)
                .compilerOptions("-Xlint:none", "-proc:none")
                .build();
        shell.addToClasspath(appClasspath); // for the compiler; these classes load from the kernel's loader
        this.runner = new CellRunner(execution::userThread, loader);
        MemoryGuard.start(runner);
        classpath.append(appClasspath);
        for (String entry : courseClasspath) {
            addToClasspath(entry);
        }
    }

    public CellRunner runner() {
        return runner;
    }

    public SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Adds a jar or class folder for the compiler and for class loading. */
    public void addToClasspath(String path) {
        shell.addToClasspath(path);
        classpath.append(File.pathSeparator).append(path);
    }

    public String classpath() {
        return classpath.toString();
    }

    /**
     * Evaluates code on the calling thread, which must be the cell thread ({@link #runner()}) or the
     * start-up thread. {@code cell} (the execution count) and {@code firstLine} place it in tracebacks.
     */
    public Result evalHere(String code, int cell, int firstLine) throws CellError {
        Result result = Result.NONE;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        List<Snippet> pending = new ArrayList<>();
        while (!remaining.isBlank()) {
            if (runner.stopRequested()) {
                throw interrupted();
            }
            int offset = code.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source;
            if (info.completeness().isComplete()) {
                source = info.source();
                remaining = info.remaining();
            } else {
                source = remaining; // let the compiler say what is wrong with it
                remaining = "";
            }
            int line = firstLine + countLines(code, offset) - 1; // the line where this snippet's source starts
            result = evalSnippet(source, cell, line, pending);
        }
        reportUnresolved(pending);
        return result;
    }

    private Result evalSnippet(String source, int cell, int line, List<Snippet> pending) throws CellError {
        execution.reset();
        List<SnippetEvent> events = shell.eval(source);
        Result result = Result.NONE;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a knock-on update of an earlier snippet
            }
            Snippet snippet = event.snippet();
            snippetPlaces.put(snippet.id(), new int[]{cell, line});
            if (event.status() == Snippet.Status.REJECTED) {
                throw compileError(snippet, source, line);
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                pending.add(snippet);
            }
            if (isExpression(snippet) && execution.hasValue() && !isOutputStream(execution.lastValue())) {
                result = new Result(true, execution.lastValue());
                if (snippet instanceof VarSnippet) {
                    shell.drop(snippet); // $1, $2, ...: do not keep every result alive forever
                }
            } else {
                result = Result.NONE;
            }
        }
        return result;
    }

    /**
     * {@code System.out.printf(...)}, {@code format} and {@code append} return the stream itself: a cell
     * ending with one printed its text, and should not also show {@code java.io.PrintStream@1b2c3d}.
     */
    private static boolean isOutputStream(Object value) {
        return value != null && (value == System.out || value == System.err);
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** Declarations that still wait for something this cell did not define: say so, like jshell does. */
    private void reportUnresolved(List<Snippet> pending) throws CellError {
        List<String> problems = new ArrayList<>();
        for (Snippet snippet : pending) {
            if (!(snippet instanceof PersistentSnippet)) {
                continue;
            }
            Snippet.Status status = shell.status(snippet);
            if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> missing = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet)
                        .collect(Collectors.toList());
                if (!missing.isEmpty()) {
                    problems.add(((PersistentSnippet) snippet).name() + " uses " + String.join(", ", missing)
                            + ", which is not defined yet: define it (in this or a later cell) before calling "
                            + ((PersistentSnippet) snippet).name());
                }
            }
        }
        if (!problems.isEmpty()) {
            System.err.println(String.join("\n", problems));
        }
    }

    private CellError compileError(Snippet snippet, String source, int firstLine) {
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        List<String> lines = new ArrayList<>();
        String first = "the code does not compile";
        for (Diag diag : diags) {
            List<String> message = readable(diag.getMessage(null));
            if (lines.isEmpty()) {
                first = String.join("; ", message);
            }
            int pos = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
            int lineInSnippet = countLines(source, pos);
            int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = source.indexOf('\n', pos);
            String codeLine = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            lines.add("Compile error at line " + (firstLine + lineInSnippet - 1) + ": " + message.get(0));
            for (String more : message.subList(1, message.size())) {
                lines.add("  " + more);
            }
            lines.add("    " + codeLine);
            lines.add("    " + " ".repeat(Math.max(0, pos - lineStart)) + "^");
        }
        if (diags.isEmpty()) {
            lines.add("Compile error: the code does not compile (" + snippet.kind() + ")");
        }
        return new CellError("CompileError", first, lines);
    }

    /** javac's message as lines, without the "location: class" line that names JShell's wrapper class. */
    private static List<String> readable(String message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\n")) {
            String t = line.strip();
            boolean wrapperLocation = t.startsWith("location: class")
                    && (t.equals("location: class") || t.contains("$JShell"));
            if (t.isEmpty() || wrapperLocation) {
                continue;
            }
            lines.add(t);
        }
        if (lines.isEmpty()) {
            lines.add(message.strip());
        }
        return lines;
    }

    private CellError runtimeError(JShellException exception) {
        Throwable thrown = execution.lastThrown();
        if (thrown instanceof CellInterrupted || runner.stopRequested()) {
            // whatever the cell threw once it was asked to stop (InterruptedException, ThreadDeath, ...)
            return interrupted();
        }
        if (exception instanceof UnresolvedReferenceException) {
            UnresolvedReferenceException unresolved = (UnresolvedReferenceException) exception;
            String name = unresolved.getSnippet().toString();
            List<String> missing = shell.unresolvedDependencies(unresolved.getSnippet()).collect(Collectors.toList());
            String message = "this uses " + String.join(", ", missing) + ", which is not defined yet";
            return new CellError("UnresolvedReference", message, List.of(message, "    in " + name));
        }
        ExitRefused refused = exitRefused(thrown);
        if (refused != null) {
            // also when wrapped (reflection's InvocationTargetException): the kernel refused an exit, nothing else
            return new CellError(ExitRefused.class.getName(), refused.getMessage(),
                    List.of(ExitRefused.class.getName() + ": " + refused.getMessage()));
        }
        if (isExerciseFeedback(thrown)) {
            // a notebook exercise's check: its message is the feedback, a stack trace would only distract
            return new CellError(thrown.getClass().getName(), thrown.getMessage(),
                    List.of(thrown.getClass().getSimpleName() + ": " + thrown.getMessage()));
        }
        String className = exception instanceof EvalException
                ? ((EvalException) exception).getExceptionClassName() : exception.getClass().getName();
        if (className.equals(OutOfMemoryError.class.getName())) {
            String message = String.format(java.util.Locale.ROOT, "the kernel's Java heap (at most %d MB) is full "
                    + "(%s). Variables defined before this cell are kept. Set large objects you no longer need to "
                    + "null, use smaller data, or restart the kernel (Kernel > Restart).",
                    Runtime.getRuntime().maxMemory() >> 20, exception.getMessage());
            return new CellError(className, message, List.of("OutOfMemoryError: " + message));
        }
        String message = exception.getMessage();
        return new CellError(className, message == null ? "" : message, Traces.format(exception, this::placeOf));
    }

    /** The refused exit that caused this, if any (a cause's cause counts too). */
    private static ExitRefused exitRefused(Throwable thrown) {
        for (Throwable t = thrown; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ExitRefused) {
                return (ExitRefused) t;
            }
        }
        return null;
    }

    /** True for the nnlab library's exercise feedback (org.nnlab.check.ExerciseFailure and subclasses). */
    private static boolean isExerciseFeedback(Throwable thrown) {
        for (Class<?> c = thrown == null ? null : thrown.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.nnlab.check.ExerciseFailure")) {
                return true;
            }
        }
        return false;
    }

    public static CellError interrupted() {
        String why = StopSignal.reason();
        if (why != null) {
            return new CellError("MemoryLimit", why, List.of("MemoryLimit: " + why));
        }
        return new CellError("Interrupted", CellInterrupted.MESSAGE, List.of("Interrupted: " + CellInterrupted.MESSAGE));
    }

    private String placeOf(String snippetId, int lineInSnippet) {
        int[] place = snippetPlaces.get(snippetId);
        if (place == null) {
            return null;
        }
        String cell = place[0] > 0 ? "cell [" + place[0] + "]" : "the cell";
        return cell + ", line " + (place[1] + Math.max(1, lineInSnippet) - 1);
    }

    /**
     * Evaluates code and then drops every snippet it made, so no cell can see it: warms the compiler of a
     * standby kernel (see {@code Standby}). The code must not import anything.
     */
    public Result evalAndForget(String code) throws CellError {
        java.util.Set<String> before = shell.snippets().map(Snippet::id).collect(Collectors.toSet());
        try {
            return evalHere(code, 0, 1);
        } finally {
            shell.snippets().filter(s -> !before.contains(s.id())).forEach(s -> {
                if (shell.status(s).isActive()) {
                    shell.drop(s);
                }
                snippetPlaces.remove(s.id());
            });
        }
    }

    public void close() {
        shell.close();
    }

    private static int countLines(String text, int end) {
        int lines = 1;
        for (int i = 0; i < end && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** True if the code is a complete unit (for is_complete_request). */
    public String completeness(String code) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            Completeness c = info.completeness();
            switch (c) {
                case EMPTY:
                    return "complete";
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    if (info.remaining().isBlank()) {
                        return "complete";
                    }
                    remaining = info.remaining();
                    break;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                default:
                    return "invalid";
            }
        }
    }
}
