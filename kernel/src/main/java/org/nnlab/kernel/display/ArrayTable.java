package org.nnlab.kernel.display;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * An ND4J array as an HTML table (vectors and matrices; higher ranks show their first matrix) with its
 * shape and data type, truncated to the first and last rows and columns when large.
 */
final class ArrayTable {

    static final int EDGE = 5; // rows or columns shown at each end of a long axis

    private ArrayTable() {
    }

    static String caption(INDArray array) {
        return "INDArray " + Arrays.toString(array.shape()) + " " + array.dataType();
    }

    static String text(INDArray array) {
        if (array.length() <= 1000) {
            return caption(array) + "\n" + array;
        }
        return caption(array) + " (too large to print: showing a summary)\n" + array;
    }

    static String html(INDArray array) {
        StringBuilder html = new StringBuilder();
        html.append("<table class=\"nnlab-array\" style=\"font-family: monospace; border-collapse: collapse\">");
        html.append("<caption style=\"caption-side: top; text-align: left; white-space: nowrap\">")
                .append(escape(caption(array))).append("</caption>");
        if (array.isEmpty()) {
            return html.append("</table>").toString();
        }
        INDArray matrix = asMatrix(array);
        long rows = matrix.rows();
        long cols = matrix.columns();
        for (long r : indices(rows)) {
            html.append("<tr>");
            for (long c : indices(cols)) {
                String cell = (r < 0 || c < 0) ? "\u2026" : format(matrix.getDouble(r, c), array);
                html.append("<td style=\"text-align: right; padding: 2px 8px\">").append(cell).append("</td>");
            }
            html.append("</tr>");
        }
        if (array.rank() > 2) {
            html.append("<tr><td colspan=\"99\">(first matrix of ").append(array.rank())
                    .append("-dimensional array)</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static INDArray asMatrix(INDArray array) {
        if (array.rank() == 0) {
            return array.reshape(1, 1);
        }
        if (array.rank() == 1) {
            return array.reshape(1, array.length());
        }
        INDArray m = array;
        while (m.rank() > 2) {
            m = m.slice(0);
        }
        return m;
    }

    /** Indices to show along an axis of length n: all, or the first and last EDGE with -1 for "…". */
    private static long[] indices(long n) {
        if (n <= 2 * EDGE + 1) {
            long[] all = new long[(int) n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        long[] some = new long[2 * EDGE + 1];
        for (int i = 0; i < EDGE; i++) {
            some[i] = i;
            some[EDGE + 1 + i] = n - EDGE + i;
        }
        some[EDGE] = -1;
        return some;
    }

    private static String format(double v, INDArray array) {
        if (!array.dataType().isFPType()) {
            return Long.toString((long) v);
        }
        return String.format("%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
