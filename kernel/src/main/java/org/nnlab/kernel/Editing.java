package org.nnlab.kernel;

import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.nnlab.kernel.magic.Magics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Help while typing: completion (Tab), inspection (Shift+Tab) and whether a console input is complete.
 * JShell analyses one snippet at a time, so each request first finds the snippet around the cursor.
 */
final class Editing {

    private static final Pattern MAGIC_PREFIX = Pattern.compile("(?m)^\\s*(%%?)(\\w*)$");
    private static final Pattern IDENTIFIER_BEFORE = Pattern.compile("[\\w.$]*$");

    private final CompletableFuture<JavaEvaluator> evaluator;

    Editing(CompletableFuture<JavaEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    private SourceCodeAnalysis analysis() {
        return evaluator.join().analysis();
    }

    ReplacementOptions complete(String code, int cursor) {
        String before = code.substring(0, Math.min(cursor, code.length()));
        Matcher magic = MAGIC_PREFIX.matcher(before);
        int lineStart = before.lastIndexOf('\n') + 1;
        if (magic.region(lineStart, before.length()).find()) {
            String prefix = magic.group(2);
            List<String> names = magic.group(1).equals("%%") ? Magics.CELL_NAMES : Magics.NAMES;
            List<String> matches = new ArrayList<>();
            for (String name : names) {
                if (name.startsWith(prefix)) {
                    matches.add(magic.group(1) + name);
                }
            }
            return new ReplacementOptions(matches, magic.start(1), cursor);
        }
        Snippet s = snippetAt(code, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis().completionSuggestions(s.text, cursor - s.start, anchor);
        Set<String> matches = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
            String c = suggestion.continuation();
            matches.add(c.endsWith("(") ? c.substring(0, c.length() - 1) : c.endsWith("()") ? c.substring(0, c.length() - 2) : c);
        }
        return new ReplacementOptions(new ArrayList<>(matches), s.start + anchor[0], cursor);
    }

    DisplayData inspect(String code, int cursor) {
        Snippet s = snippetAt(code, cursor);
        int at = cursor - s.start;
        List<SourceCodeAnalysis.Documentation> docs = analysis().documentation(s.text, at, true);
        if (docs.isEmpty()) {
            // the cursor is on or after a name (e.g. "Math.max|"): ask as if the call had begun
            String upTo = s.text.substring(0, at);
            docs = analysis().documentation(upTo + "(", at + 1, true);
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            text.append(doc.signature()).append('\n');
            if (doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append('\n').append(doc.javadoc().strip()).append("\n\n");
            }
        }
        if (text.length() == 0) {
            Matcher name = IDENTIFIER_BEFORE.matcher(s.text.substring(0, at));
            if (name.find() && !name.group().isEmpty()) {
                String type = analysis().analyzeType(name.group(), name.group().length());
                if (type != null && !type.isBlank()) {
                    text.append(name.group()).append(" : ").append(type).append('\n');
                }
            }
        }
        return text.length() == 0 ? null : new DisplayData(text.toString().strip());
    }

    String isComplete(String code) {
        if (code.lines().allMatch(line -> line.isBlank() || Magics.isMagicLine(line))) {
            return "complete";
        }
        switch (evaluator.join().completeness(code)) {
            case "complete":
                return "complete";
            case "incomplete":
                return "    ";
            default:
                return "invalid";
        }
    }

    /** The snippet of a cell that contains the cursor, and where it starts. */
    private Snippet snippetAt(String code, int cursor) {
        int start = 0;
        String remaining = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis().analyzeCompletion(remaining);
            if (!info.completeness().isComplete() || info.remaining().isBlank()) {
                return new Snippet(code.substring(start), start);
            }
            int end = code.length() - info.remaining().length();
            if (cursor <= end) {
                return new Snippet(code.substring(start, end), start);
            }
            start = end;
            remaining = info.remaining();
        }
    }

    private static final class Snippet {
        final String text;
        final int start;

        Snippet(String text, int start) {
            this.text = text;
            this.start = start;
        }
    }
}
