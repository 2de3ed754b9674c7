package org.nnlab.autograd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A picture of a computation graph: every {@link Value} as a box with its label, data and grad, and
 * every operation as a small round node between its inputs and its result, inputs on the left and the
 * result on the right.
 *
 * <p>The picture is taken when the graph is made ({@code value.graph()}): run {@code backward()}
 * first to see the grads. It is plain SVG (no scripts, no external fonts), laid out here without
 * external tools: the result is in the last column, and every other node as far right as it can be
 * (just before the first operation that uses it); within a column nodes are ordered by the mean height
 * of their inputs. That keeps most edges short.
 *
 * <p>In a notebook the graph shows itself through {@link #mimeBundle()}; elsewhere use
 * {@link #toSvg()} or {@link #toString()} (a text listing).
 */
public final class Graph {

    /** Graphs larger than this are refused: the drawing is meant for lecture-sized examples. */
    public static final int MAX_VALUES = 2000;

    // layout, in SVG pixels
    private static final int CHAR_WIDTH = 7;        // width of one character of 12px monospace text
    private static final int BOX_HEIGHT = 26;
    private static final int OP_RADIUS = 15;
    private static final int ROW_GAP = 16;
    private static final int COLUMN_GAP = 36;
    private static final int MARGIN = 10;

    private final Value root;
    private final String svg;
    private final String summary;

    Graph(Value root) {
        this.root = root;
        List<Value> order = root.topologicalOrder();
        if (order.size() > MAX_VALUES) {
            throw new IllegalArgumentException("the graph of " + Value.describe(root) + " has " + order.size()
                    + " values; drawing is meant for small graphs (at most " + MAX_VALUES + ")");
        }
        this.svg = draw(order);
        this.summary = list(order);
    }

    /** The value whose graph this is. */
    public Value root() {
        return root;
    }

    /** The drawing as a self-contained SVG document. */
    public String toSvg() {
        return svg;
    }

    /** The drawing for a notebook: {@code image/svg+xml} and a {@code text/plain} listing. */
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("image/svg+xml", svg);
        bundle.put("text/plain", summary);
        return bundle;
    }

    /** A text listing: one line per value, inputs first, with its operation, data and grad. */
    @Override
    public String toString() {
        return summary;
    }

    /** A number with 4 significant digits: 2.000, -0.7071, 1.000e-05. */
    public static String format(double x) {
        if (x == 0) {
            return "0.000";   // also for -0.0
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    // ---- text ----

    private static String list(List<Value> order) {
        Map<Value, String> names = names(order);
        int operations = 0;
        StringBuilder lines = new StringBuilder();
        for (Value v : order) {
            lines.append('\n').append(names.get(v)).append(" = ");
            if (!v.op().isEmpty()) {
                operations++;
                List<String> in = new ArrayList<>();
                for (Value child : v.children()) {
                    in.add(names.get(child));
                }
                lines.append(v.children().size() == 2
                        ? in.get(0) + " " + v.op() + " " + in.get(1)
                        : v.op().startsWith("^") ? in.get(0) + v.op() : v.op() + "(" + in.get(0) + ")");
                lines.append(" = ");
            }
            lines.append(format(v.data())).append("   grad ").append(format(v.grad()));
        }
        Value root = order.get(order.size() - 1);
        return "computation graph of " + names.get(root) + ": " + order.size() + " values, " + operations
                + " operations" + lines;
    }

    /** Labels where given, otherwise "#1", "#2", ... in topological order, so the listing can refer to every node. */
    private static Map<Value, String> names(List<Value> order) {
        Map<Value, String> names = new IdentityHashMap<>();
        int n = 0;
        for (Value v : order) {
            n++;
            names.put(v, v.label().isEmpty() ? "#" + n : v.label());
        }
        return names;
    }

    // ---- drawing ----

    /** Where one value box sits. */
    private static final class Box {
        final Value value;
        final int column;
        final String[] cells;   // label (if any), data, grad
        final int width;
        double y;               // centre
        double x;               // left edge

        Box(Value value, int column) {
            this.value = value;
            this.column = column;
            String data = "data " + format(value.data());
            String grad = "grad " + format(value.grad());
            this.cells = value.label().isEmpty()
                    ? new String[] {data, grad}
                    : new String[] {value.label(), data, grad};
            int chars = 0;
            for (String cell : cells) {
                chars += cell.length();
            }
            this.width = chars * CHAR_WIDTH + cells.length * 12;
        }
    }

    private static String draw(List<Value> order) {
        // 1. columns: inputs in column 0, an operation's result two columns right of its furthest input
        //    (the operation node goes in the column between)
        Map<Value, Box> boxes = new IdentityHashMap<>();
        Map<Value, List<Value>> users = new IdentityHashMap<>();
        int columns = 1;
        for (Value v : order) {   // children come before parents, so their columns are known
            int column = 0;
            for (Value child : v.children()) {
                column = Math.max(column, boxes.get(child).column + 2);
                users.computeIfAbsent(child, k -> new ArrayList<>()).add(v);
            }
            boxes.put(v, new Box(v, column));
            columns = Math.max(columns, column + 1);
        }
        //    then every node but the result moves right, to just before the first operation that uses
        //    it (visiting users before what they use), so that a bias added late in the computation
        //    does not send a long edge across the picture
        for (int i = order.size() - 2; i >= 0; i--) {
            Value v = order.get(i);
            int firstUse = Integer.MAX_VALUE;
            for (Value user : users.getOrDefault(v, List.of())) {
                firstUse = Math.min(firstUse, boxes.get(user).column - 2);
            }
            if (firstUse != Integer.MAX_VALUE) {
                boxes.put(v, new Box(v, firstUse));
            }
        }
        List<List<Box>> byColumn = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            byColumn.add(new ArrayList<>());
        }
        for (Value v : order) {
            Box box = boxes.get(v);
            byColumn.get(box.column).add(box);
        }

        // 2. rows, by the barycentre heuristic: sweeping left to right, a column is sorted by the mean
        //    height of each node's inputs (leaves keep their order, below the rest); then sweeping right
        //    to left, by the mean height of each node's users. Each column is centred vertically.
        double rowHeight = Math.max(BOX_HEIGHT, 2 * OP_RADIUS) + ROW_GAP;
        int rows = 0;
        for (List<Box> column : byColumn) {
            rows = Math.max(rows, column.size());
        }
        double height = rows * rowHeight;
        for (List<Box> column : byColumn) {
            column.sort(Comparator.comparingDouble(b -> meanY(b.value.children(), boxes)));
            spread(column, height, rowHeight);
        }
        for (int c = columns - 2; c >= 0; c--) {
            byColumn.get(c).sort(Comparator.comparingDouble(b -> meanY(users.get(b.value), boxes)));
            spread(byColumn.get(c), height, rowHeight);
        }

        // 3. x positions: even columns hold boxes (as wide as their widest box), odd ones operations
        double[] columnX = new double[columns];
        double[] columnWidth = new double[columns];
        double x = MARGIN;
        for (int c = 0; c < columns; c++) {
            columnX[c] = x;
            int width = 0;
            for (Box box : byColumn.get(c)) {
                width = Math.max(width, box.width);
            }
            if (c % 2 == 1) {   // an operation column: as wide as the widest operation drawn in it
                for (Box result : byColumn.get(c + 1)) {
                    width = Math.max(width, opWidth(result.value));
                }
            }
            columnWidth[c] = width;
            x += width + COLUMN_GAP;
        }
        for (Box box : boxes.values()) {
            box.x = columnX[box.column];
        }
        double svgWidth = x - COLUMN_GAP + MARGIN;
        double svgHeight = height + 2 * MARGIN;

        // 4. the SVG: edges first, so nodes are drawn over them
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                        + " font-family=\"monospace\" font-size=\"12\">\n",
                svgWidth, svgHeight, svgWidth, svgHeight));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        svg.append(String.format(Locale.ROOT,
                "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", svgWidth, svgHeight));
        StringBuilder nodes = new StringBuilder();
        for (Value v : order) {
            Box box = boxes.get(v);
            if (!v.op().isEmpty()) {
                // the operation: a rounded node centred in the column just left of its result
                double half = opWidth(v) / 2.0;
                double cx = columnX[box.column - 1] + columnWidth[box.column - 1] / 2;
                double cy = box.y;
                for (Value child : v.children()) {
                    Box in = boxes.get(child);
                    edge(svg, in.x + in.width, in.y, cx - half, cy);
                }
                edge(svg, cx + half, cy, box.x, box.y);
                nodes.append(String.format(Locale.ROOT,
                        "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%d\" rx=\"%d\" fill=\"#ffe9b3\" stroke=\"#a07000\"/>"
                                + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"central\">%s</text></g>\n",
                        cx - half, cy - OP_RADIUS, 2 * half, 2 * OP_RADIUS, OP_RADIUS, cx, cy, escape(v.op())));
            }
            valueBox(nodes, box);
        }
        svg.append(nodes).append("</svg>\n");
        return svg.toString();
    }

    /** The mean height of these nodes; for none, a height below all others. */
    private static double meanY(List<Value> nodes, Map<Value, Box> boxes) {
        if (nodes == null || nodes.isEmpty()) {
            return Double.MAX_VALUE;   // the sort is stable: such nodes keep their order, at the bottom
        }
        double sum = 0;
        for (Value node : nodes) {
            sum += boxes.get(node).y;
        }
        return sum / nodes.size();
    }

    /** Places the nodes of a column one row apart, in their order, centred in a picture this high. */
    private static void spread(List<Box> column, double height, double rowHeight) {
        double top = (height - column.size() * rowHeight) / 2;
        for (int i = 0; i < column.size(); i++) {
            column.get(i).y = MARGIN + top + (i + 0.5) * rowHeight;
        }
    }

    /** An operation node is a circle for a short name ("+") and a rounded box for a long one ("sigmoid"). */
    private static int opWidth(Value result) {
        return Math.max(2 * OP_RADIUS, result.op().length() * CHAR_WIDTH + 12);
    }

    private static void edge(StringBuilder svg, double x1, double y1, double x2, double y2) {
        double bend = (x2 - x1) / 2;   // a horizontal S-curve from (x1, y1) to (x2, y2)
        svg.append(String.format(Locale.ROOT,
                "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" stroke=\"#555\""
                        + " marker-end=\"url(#arrow)\"/>\n",
                x1, y1, x1 + bend, y1, x2 - bend, y2, x2, y2));
    }

    /** A record-style box: | label | data ... | grad ... |, the label cell in bold. */
    private static void valueBox(StringBuilder svg, Box box) {
        double top = box.y - BOX_HEIGHT / 2.0;
        svg.append(String.format(Locale.ROOT,
                "<g><rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"#e8f0fe\" stroke=\"#3a5a9a\"/>",
                box.x, top, box.width, BOX_HEIGHT));
        double x = box.x;
        for (int i = 0; i < box.cells.length; i++) {
            String cell = box.cells[i];
            double w = cell.length() * CHAR_WIDTH + 12;
            if (i > 0) {
                svg.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#3a5a9a\"/>",
                        x, top, x, top + BOX_HEIGHT));
            }
            boolean label = i == 0 && box.cells.length == 3;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" dominant-baseline=\"central\"%s>%s</text>",
                    x + w / 2, box.y, label ? " font-weight=\"bold\"" : "", escape(cell)));
            x += w;
        }
        svg.append("</g>\n");
    }

    /** Text made safe for XML. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&apos;"); break;
                default:
                    // characters XML 1.0 does not allow are dropped
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
