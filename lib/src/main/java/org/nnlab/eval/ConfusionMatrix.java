package org.nnlab.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of (true class, predicted class) pairs: {@code count(t, p)} is the number of examples of class
 * {@code t} that were predicted as {@code p}. Rows are true classes, columns predicted classes, so the
 * diagonal holds the correct predictions.
 *
 * <p>Per class c, with TP = count(c, c), FP = column sum minus TP, FN = row sum minus TP:
 * precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2 P R / (P + R). A ratio with a zero
 * denominator (a class never predicted, or never present) counts as 0, as in scikit-learn.
 *
 * <p>Micro averages pool TP, FP and FN over all classes (for single-label data micro P = micro R =
 * micro F1 = accuracy); macro averages take the plain mean of the per-class values, so rare classes
 * weigh as much as frequent ones.
 *
 * <p>In a notebook the matrix renders as HTML tables (counts, then per-class scores) via
 * {@link #mimeBundle()}.
 */
public final class ConfusionMatrix {

    private final int[][] counts;
    private final List<String> classNames;
    private final int total;

    private ConfusionMatrix(int[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = classNames;
        int sum = 0;
        for (int[] row : counts) {
            for (int c : row) {
                sum += c;
            }
        }
        this.total = sum;
    }

    /** The matrix of predictions against labels for classes {@code 0 .. numClasses-1}, named "0", "1", ... */
    public static ConfusionMatrix of(int[] predicted, int[] labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class, got " + numClasses);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            names.add(Integer.toString(c));
        }
        return of(predicted, labels, names);
    }

    /** The matrix of predictions against labels, class {@code i} named {@code classNames.get(i)}. */
    public static ConfusionMatrix of(int[] predicted, int[] labels, List<String> classNames) {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class name");
        }
        Metrics.check(predicted, labels);
        int k = classNames.size();
        Metrics.checkRange(labels, k, "label of example");
        Metrics.checkRange(predicted, k, "prediction for example");
        int[][] counts = new int[k][k];
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts, List.copyOf(classNames));
    }

    /** A matrix from counts already made: {@code counts[t][p]}, square, non-negative, not all zero. */
    public static ConfusionMatrix fromCounts(int[][] counts, List<String> classNames) {
        int k = classNames.size();
        if (k == 0 || counts.length != k) {
            throw new IllegalArgumentException("counts has " + counts.length + " rows but there are " + k
                    + " class names; a confusion matrix is square, one row and column per class");
        }
        int[][] copy = new int[k][];
        long sum = 0;
        for (int t = 0; t < k; t++) {
            if (counts[t].length != k) {
                throw new IllegalArgumentException("row " + t + " of counts has " + counts[t].length
                        + " columns, expected " + k);
            }
            for (int c : counts[t]) {
                if (c < 0) {
                    throw new IllegalArgumentException("counts must not be negative, row " + t + " has " + c);
                }
                sum += c;
            }
            copy[t] = counts[t].clone();
        }
        if (sum == 0) {
            throw new IllegalArgumentException("no examples to evaluate: all counts are zero");
        }
        return new ConfusionMatrix(copy, List.copyOf(classNames));
    }

    public int numClasses() {
        return counts.length;
    }

    public List<String> classNames() {
        return Collections.unmodifiableList(classNames);
    }

    /** Number of examples of true class {@code trueClass} predicted as {@code predictedClass}. */
    public int count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    /** A copy of all counts, {@code [true][predicted]}. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** Number of examples. */
    public int total() {
        return total;
    }

    /** Number of examples whose true class is {@code c} (the row sum). */
    public int support(int c) {
        int s = 0;
        for (int p = 0; p < counts.length; p++) {
            s += counts[c][p];
        }
        return s;
    }

    /** Number of examples predicted as {@code c} (the column sum). */
    public int predictedCount(int c) {
        int s = 0;
        for (int[] row : counts) {
            s += row[c];
        }
        return s;
    }

    public int truePositives(int c) {
        return counts[c][c];
    }

    public int falsePositives(int c) {
        return predictedCount(c) - counts[c][c];
    }

    public int falseNegatives(int c) {
        return support(c) - counts[c][c];
    }

    /** The share of correct predictions: the diagonal over the total. */
    public double accuracy() {
        int correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return (double) correct / total;
    }

    /** TP / (TP + FP): of the examples predicted as {@code c}, the share that really are {@code c}. */
    public double precision(int c) {
        return ratio(truePositives(c), predictedCount(c));
    }

    /** TP / (TP + FN): of the examples of class {@code c}, the share found. */
    public double recall(int c) {
        return ratio(truePositives(c), support(c));
    }

    /** The harmonic mean of precision and recall of class {@code c}. */
    public double f1(int c) {
        return f1(precision(c), recall(c));
    }

    /** Precision from TP and FP pooled over all classes. */
    public double microPrecision() {
        int tp = 0;
        int fp = 0;
        for (int c = 0; c < counts.length; c++) {
            tp += truePositives(c);
            fp += falsePositives(c);
        }
        return ratio(tp, tp + fp);
    }

    /** Recall from TP and FN pooled over all classes. */
    public double microRecall() {
        int tp = 0;
        int fn = 0;
        for (int c = 0; c < counts.length; c++) {
            tp += truePositives(c);
            fn += falseNegatives(c);
        }
        return ratio(tp, tp + fn);
    }

    /** F1 of the micro precision and recall. */
    public double microF1() {
        return f1(microPrecision(), microRecall());
    }

    /** The mean of the per-class precisions. */
    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return s / counts.length;
    }

    /** The mean of the per-class recalls. */
    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return s / counts.length;
    }

    /** The mean of the per-class F1 scores (not the F1 of the macro precision and recall). */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }

    /** numerator / denominator, or 0 when nothing is below the line (never NaN); shared with SpanScores. */
    static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    /** The harmonic mean 2pr / (p + r), or 0 when both are 0; shared with SpanScores. */
    static double f1(double p, double r) {
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    // ---------------------------------------------------------------- display

    /** The display of this matrix: {@code text/html} (two tables) and {@code text/plain}. */
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", toHtml());
        bundle.put("text/plain", toString());
        return bundle;
    }

    /** The counts table (rows true, columns predicted) and the per-class score table, as HTML. */
    public String toHtml() {
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"nnlab-eval\">\n");
        h.append("<table>\n<caption>Confusion matrix (rows: true class, columns: predicted class), ")
                .append(total).append(" examples</caption>\n<tr><th>true \\ predicted</th>");
        for (String name : classNames) {
            h.append("<th>").append(escape(name)).append("</th>");
        }
        h.append("<th>total</th></tr>\n");
        for (int t = 0; t < counts.length; t++) {
            h.append("<tr><th>").append(escape(classNames.get(t))).append("</th>");
            for (int p = 0; p < counts.length; p++) {
                String cell = t == p ? "<td style=\"font-weight:bold\">" : "<td>";
                h.append(cell).append(counts[t][p]).append("</td>");
            }
            h.append("<td>").append(support(t)).append("</td></tr>\n");
        }
        h.append("</table>\n");
        h.append("<table>\n<caption>Accuracy ").append(fmt(accuracy()))
                .append("</caption>\n<tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (int c = 0; c < counts.length; c++) {
            row(h, escape(classNames.get(c)), precision(c), recall(c), f1(c), Integer.toString(support(c)));
        }
        row(h, "micro average", microPrecision(), microRecall(), microF1(), Integer.toString(total));
        row(h, "macro average", macroPrecision(), macroRecall(), macroF1(), Integer.toString(total));
        h.append("</table>\n</div>");
        return h.toString();
    }

    private static void row(StringBuilder h, String name, double p, double r, double f, String support) {
        h.append("<tr><th>").append(name).append("</th><td>").append(fmt(p)).append("</td><td>")
                .append(fmt(r)).append("</td><td>").append(fmt(f)).append("</td><td>").append(support)
                .append("</td></tr>\n");
    }

    /** Both tables as aligned plain text. */
    @Override
    public String toString() {
        int w = 8;
        for (String name : classNames) {
            w = Math.max(w, name.length() + 1);
        }
        w = Math.max(w, Integer.toString(total).length() + 1);
        StringBuilder s = new StringBuilder();
        s.append("Confusion matrix (rows: true, columns: predicted), ").append(total).append(" examples\n");
        s.append(pad("", w));
        for (String name : classNames) {
            s.append(pad(name, w));
        }
        s.append('\n');
        for (int t = 0; t < counts.length; t++) {
            s.append(pad(classNames.get(t), w));
            for (int p = 0; p < counts.length; p++) {
                s.append(pad(Integer.toString(counts[t][p]), w));
            }
            s.append('\n');
        }
        int n = Math.max(w, 14);
        s.append("accuracy ").append(fmt(accuracy())).append('\n');
        s.append(pad("class", n)).append(pad("precision", 10)).append(pad("recall", 10)).append(pad("F1", 10))
                .append(pad("support", 10)).append('\n');
        for (int c = 0; c < counts.length; c++) {
            text(s, n, classNames.get(c), precision(c), recall(c), f1(c), support(c));
        }
        text(s, n, "micro average", microPrecision(), microRecall(), microF1(), total);
        text(s, n, "macro average", macroPrecision(), macroRecall(), macroF1(), total);
        return s.toString();
    }

    private static void text(StringBuilder s, int n, String name, double p, double r, double f, int support) {
        s.append(pad(name, n)).append(pad(fmt(p), 10)).append(pad(fmt(r), 10)).append(pad(fmt(f), 10))
                .append(pad(Integer.toString(support), 10)).append('\n');
    }

    private static String pad(String text, int width) {
        StringBuilder s = new StringBuilder(text);
        while (s.length() < width) {
            s.append(' ');
        }
        return s.toString();
    }

    static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
