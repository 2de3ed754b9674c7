package org.nnlab.kernel.exec;

import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Java exception thrown by a cell into a short traceback a student can read: the exception and
 * its message, then the frames of user and library code only (the kernel, JShell and reflection frames
 * below the cell are cut), with JShell's generated class names replaced by cell line numbers.
 */
final class Traces {

    private static final int MAX_FRAMES = 12;

    private Traces() {
    }

    /**
     * @param where maps a JShell snippet id (the file name of its frames, like {@code #12}) and a line in
     *              that snippet to a place in a cell, like {@code "cell [3], line 2"}, or null if unknown
     */
    static List<String> format(Throwable error, BiLookup where) {
        // JShell reports an exception as an EvalException whose frames it has already translated to
        // snippet ids and lines; its class name is the original exception's.
        List<String> lines = new ArrayList<>();
        Throwable current = error;
        String prefix = "";
        int depth = 0;
        while (current != null && depth++ < 5) {
            lines.add(prefix + headline(current));
            StackTraceElement[] frames = current.getStackTrace();
            int shown = 0;
            String previous = null;
            int repeats = 0;
            for (StackTraceElement frame : frames) {
                if (isKernelSide(frame)) {
                    break;
                }
                String line = "    at " + describe(frame, where);
                if (line.equals(previous)) {
                    repeats++; // deep recursion: say how often instead of printing it all
                    continue;
                }
                if (repeats > 0) {
                    lines.add("    ... the line above repeats " + repeats + " more times");
                    repeats = 0;
                }
                if (shown++ == MAX_FRAMES) {
                    lines.add("    ...");
                    break;
                }
                lines.add(line);
                previous = line;
            }
            if (repeats > 0) {
                lines.add("    ... the line above repeats " + repeats + " more times");
            }
            current = current.getCause() == current ? null : current.getCause();
            prefix = "Caused by: ";
        }
        return lines;
    }

    static String headline(Throwable t) {
        String name = t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName();
        String message = t.getMessage();
        return message == null ? name : name + ": " + message;
    }

    /** Frames from here down belong to the kernel, not to the student's code. */
    private static boolean isKernelSide(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")
                || c.startsWith("jdk.jshell.") || c.startsWith("org.nnlab.kernel.");
    }

    private static String describe(StackTraceElement frame, BiLookup where) {
        String file = frame.getFileName();
        if (file != null && file.startsWith("#")) {
            String place = where.apply(file.substring(1), frame.getLineNumber());
            String method = frame.getMethodName();
            boolean topLevel = method.isEmpty() || method.startsWith("do_it$") || method.equals("<clinit>");
            String inCell = place == null ? "a cell" : place;
            return topLevel ? inCell : method + " (" + inCell + ")";
        }
        String className = frame.getClassName();
        return className + "." + frame.getMethodName()
                + (frame.getFileName() == null ? "" : " (" + frame.getFileName()
                + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "") + ")");
    }

    /** (snippet id, line in snippet) to a description of the place in a cell. */
    interface BiLookup {
        String apply(String snippetId, int line);
    }

}
