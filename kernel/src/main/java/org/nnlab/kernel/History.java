package org.nnlab.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The inputs (and plain-text outputs) of this session's cells, for history requests. */
final class History {

    static final int SESSION = 1;

    private static final class Cell {
        final int line;
        final String input;
        volatile String output = "";

        Cell(int line, String input) {
            this.line = line;
            this.input = input;
        }
    }

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(int line, String input) {
        cells.add(new Cell(line, input));
    }

    synchronized void setOutput(int line, String output) {
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (cells.get(i).line == line) {
                cells.get(i).output = output;
                return;
            }
        }
    }

    synchronized List<HistoryEntry> tail(int n, boolean withOutput) {
        int from = Math.max(0, cells.size() - Math.max(0, n));
        return entries(cells.subList(from, cells.size()), withOutput);
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive) of a session (0 or 1: this one). */
    synchronized List<HistoryEntry> range(int session, int start, int stop, boolean withOutput) {
        List<Cell> selected = new ArrayList<>();
        if (session == 0 || session == SESSION) {
            for (Cell cell : cells) {
                if (cell.line >= start && (stop <= 0 || cell.line < stop)) {
                    selected.add(cell);
                }
            }
        }
        return entries(selected, withOutput);
    }

    /** The last {@code n} inputs matching a glob pattern ({@code *} and {@code ?}), optionally unique. */
    synchronized List<HistoryEntry> search(String glob, int n, boolean unique, boolean withOutput) {
        Pattern pattern = Pattern.compile(globToRegex(glob), Pattern.DOTALL);
        Map<String, Cell> matches = new LinkedHashMap<>();
        List<Cell> all = new ArrayList<>();
        for (Cell cell : cells) {
            if (pattern.matcher(cell.input).matches()) {
                if (unique) {
                    matches.remove(cell.input); // keep the latest occurrence, in order
                    matches.put(cell.input, cell);
                } else {
                    all.add(cell);
                }
            }
        }
        List<Cell> found = unique ? new ArrayList<>(matches.values()) : all;
        if (n > 0 && found.size() > n) {
            found = found.subList(found.size() - n, found.size());
        }
        return entries(found, withOutput);
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    private static List<HistoryEntry> entries(List<Cell> cells, boolean withOutput) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (Cell cell : cells) {
            entries.add(new HistoryEntry(SESSION, cell.line, cell.input, withOutput ? cell.output : null));
        }
        return entries;
    }
}
