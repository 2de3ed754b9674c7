package org.nnlab.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Span-level precision, recall and F1, the measure of named-entity recognition (as CoNLL's
 * {@code conlleval}). A predicted span counts as correct only if a gold span of the same sentence has
 * exactly the same bounds and type; there is no credit for a partial overlap.
 *
 * <p>Counting over all sentences: TP = predicted spans that match a gold span, FP = predicted spans that
 * match none, FN = gold spans that no prediction matches. A span with the right bounds but the wrong type,
 * or the right type but wrong bounds, is therefore both a false positive (the wrong span was predicted)
 * and a false negative (the right one was missed).
 * <pre>
 *   precision = TP / (TP + FP)     recall = TP / (TP + FN)     F1 = 2 P R / (P + R)
 * </pre>
 * The totals are micro averages: spans of all types are pooled, so frequent types weigh more. The same
 * numbers per type are available too. A ratio with a zero denominator counts as 0 (no NaN): precision is
 * 0 when nothing was predicted, recall is 0 when there is nothing to find, as in {@link ConfusionMatrix}.
 *
 * <p>In a notebook the scores render as an HTML table via {@link #mimeBundle()}.
 */
public final class SpanScores {

    /** Per type: {TP, FP, FN}, types in alphabetical order. */
    private final Map<String, int[]> counts;
    private final int sentences;

    private SpanScores(Map<String, int[]> counts, int sentences) {
        this.counts = counts;
        this.sentences = sentences;
    }

    /**
     * Scores predicted BIO tags against gold BIO tags, one list of tags per sentence; spans are read by
     * {@link BioTags#spans}, ill-formed sequences as {@code conlleval} reads them.
     */
    public static SpanScores ofTags(List<? extends List<String>> goldTags, List<? extends List<String>> predictedTags) {
        checkSentences(goldTags.size(), predictedTags.size());
        List<List<Span>> gold = new ArrayList<>();
        List<List<Span>> predicted = new ArrayList<>();
        for (int s = 0; s < goldTags.size(); s++) {
            if (goldTags.get(s).size() != predictedTags.get(s).size()) {
                throw new IllegalArgumentException("sentence " + s + " has " + goldTags.get(s).size()
                        + " gold tags but " + predictedTags.get(s).size() + " predicted tags; each token needs one of each");
            }
            gold.add(BioTags.spans(goldTags.get(s)));
            predicted.add(BioTags.spans(predictedTags.get(s)));
        }
        return ofSpans(gold, predicted);
    }

    /** Scores predicted spans against gold spans, one collection of spans per sentence. */
    public static SpanScores ofSpans(List<? extends Collection<Span>> gold, List<? extends Collection<Span>> predicted) {
        checkSentences(gold.size(), predicted.size());
        Map<String, int[]> counts = new TreeMap<>();
        for (int s = 0; s < gold.size(); s++) {
            Set<Span> goldSet = new HashSet<>(gold.get(s));
            Set<Span> predictedSet = new HashSet<>(predicted.get(s));
            for (Span p : predictedSet) {
                counts.computeIfAbsent(p.type(), t -> new int[3])[goldSet.contains(p) ? 0 : 1]++;
            }
            for (Span g : goldSet) {
                if (!predictedSet.contains(g)) {
                    counts.computeIfAbsent(g.type(), t -> new int[3])[2]++;
                }
            }
        }
        return new SpanScores(counts, gold.size());
    }

    private static void checkSentences(int gold, int predicted) {
        if (gold != predicted) {
            throw new IllegalArgumentException("there are " + gold + " gold sentences but " + predicted
                    + " predicted ones; each sentence needs both");
        }
    }

    /** The span types seen in gold or predictions, alphabetically. */
    public List<String> types() {
        return List.copyOf(counts.keySet());
    }

    /** Number of sentences scored. */
    public int sentences() {
        return sentences;
    }

    public int truePositives() {
        return total(0);
    }

    public int falsePositives() {
        return total(1);
    }

    public int falseNegatives() {
        return total(2);
    }

    /** Number of gold spans: TP + FN. */
    public int goldSpans() {
        return truePositives() + falseNegatives();
    }

    /** Number of predicted spans: TP + FP. */
    public int predictedSpans() {
        return truePositives() + falsePositives();
    }

    /** Micro precision: of all predicted spans, the share that is exactly right. */
    public double precision() {
        return ConfusionMatrix.ratio(truePositives(), predictedSpans());
    }

    /** Micro recall: of all gold spans, the share found exactly. */
    public double recall() {
        return ConfusionMatrix.ratio(truePositives(), goldSpans());
    }

    /** Micro F1: the harmonic mean of {@link #precision()} and {@link #recall()}. */
    public double f1() {
        return ConfusionMatrix.f1(precision(), recall());
    }

    public int truePositives(String type) {
        return count(type, 0);
    }

    public int falsePositives(String type) {
        return count(type, 1);
    }

    public int falseNegatives(String type) {
        return count(type, 2);
    }

    /** Precision of the spans of one type. */
    public double precision(String type) {
        return ConfusionMatrix.ratio(truePositives(type), truePositives(type) + falsePositives(type));
    }

    /** Recall of the spans of one type. */
    public double recall(String type) {
        return ConfusionMatrix.ratio(truePositives(type), truePositives(type) + falseNegatives(type));
    }

    /** F1 of the spans of one type. */
    public double f1(String type) {
        return ConfusionMatrix.f1(precision(type), recall(type));
    }

    private int total(int column) {
        int sum = 0;
        for (int[] c : counts.values()) {
            sum += c[column];
        }
        return sum;
    }

    private int count(String type, int column) {
        int[] c = counts.get(type);
        return c == null ? 0 : c[column];
    }

    // ---------------------------------------------------------------- display

    /** The display of the scores: {@code text/html} (a table) and {@code text/plain}. */
    public Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", toHtml());
        bundle.put("text/plain", toString());
        return bundle;
    }

    /** One row per type and a micro-average row: precision, recall, F1, TP, FP, FN, as HTML. */
    public String toHtml() {
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"nnlab-eval\">\n<table>\n<caption>Span scores (exact bounds and type), ")
                .append(sentences).append(" sentences</caption>\n")
                .append("<tr><th>type</th><th>precision</th><th>recall</th><th>F1</th>")
                .append("<th>TP</th><th>FP</th><th>FN</th></tr>\n");
        for (String type : counts.keySet()) {
            htmlRow(h, ConfusionMatrix.escape(type), precision(type), recall(type), f1(type),
                    truePositives(type), falsePositives(type), falseNegatives(type));
        }
        htmlRow(h, "micro average", precision(), recall(), f1(), truePositives(), falsePositives(), falseNegatives());
        h.append("</table>\n</div>");
        return h.toString();
    }

    private static void htmlRow(StringBuilder h, String name, double p, double r, double f, int tp, int fp, int fn) {
        h.append("<tr><th>").append(name).append("</th><td>").append(ConfusionMatrix.fmt(p))
                .append("</td><td>").append(ConfusionMatrix.fmt(r)).append("</td><td>")
                .append(ConfusionMatrix.fmt(f)).append("</td><td>").append(tp).append("</td><td>")
                .append(fp).append("</td><td>").append(fn).append("</td></tr>\n");
    }

    /** The same table as aligned plain text. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("Span scores (exact bounds and type), ").append(sentences).append(" sentences\n");
        s.append(String.format("%-14s%10s%10s%10s%6s%6s%6s\n", "type", "precision", "recall", "F1", "TP", "FP", "FN"));
        for (String type : counts.keySet()) {
            textRow(s, type, precision(type), recall(type), f1(type),
                    truePositives(type), falsePositives(type), falseNegatives(type));
        }
        textRow(s, "micro average", precision(), recall(), f1(), truePositives(), falsePositives(), falseNegatives());
        return s.toString();
    }

    private static void textRow(StringBuilder s, String name, double p, double r, double f, int tp, int fp, int fn) {
        s.append(String.format("%-14s%10s%10s%10s%6d%6d%6d\n", name, ConfusionMatrix.fmt(p),
                ConfusionMatrix.fmt(r), ConfusionMatrix.fmt(f), tp, fp, fn));
    }
}
