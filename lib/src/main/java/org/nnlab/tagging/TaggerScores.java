package org.nnlab.tagging;

import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

import org.nnlab.data.TaggedSentence;
import org.nnlab.eval.SpanScores;

/**
 * The figures of a POS tagger on a set of sentences: token accuracy on all words and on the words never
 * seen in training (where spelling has to do the work), and the NAME spans of notebook 10 (maximal runs of
 * PROPN, {@link NameSpans}) with their span F1.
 */
public record TaggerScores(double accuracy, double unseenAccuracy, long unseenWords, long words, SpanScores names) {

    /**
     * Scores of predicted UPOS tags ({@code predicted[s][t]} an index into {@code tags}) against the gold
     * UPOS of {@code sentences}; {@code seen} says whether a word occurs in the training sentences.
     */
    public static TaggerScores ofUpos(List<TaggedSentence> sentences, int[][] predicted, List<String> tags,
            java.util.function.Predicate<String> seen) {
        long right = 0;
        long all = 0;
        long unseenRight = 0;
        long unseen = 0;
        for (int s = 0; s < sentences.size(); s++) {
            List<String> w = sentences.get(s).words();
            List<String> g = sentences.get(s).upos();
            for (int t = 0; t < w.size(); t++) {
                boolean ok = tags.get(predicted[s][t]).equals(g.get(t));
                all++;
                right += ok ? 1 : 0;
                if (!seen.test(w.get(t))) {
                    unseen++;
                    unseenRight += ok ? 1 : 0;
                }
            }
        }
        IntFunction<List<String>> upos = s -> java.util.Arrays.stream(predicted[s]).mapToObj(tags::get).toList();
        SpanScores names = SpanScores.ofTags(sentences.stream().map(NameSpans::of).toList(),
                java.util.stream.IntStream.range(0, sentences.size()).mapToObj(s -> NameSpans.fromUpos(upos.apply(s))).toList());
        return new TaggerScores((double) right / all, (double) unseenRight / unseen, unseen, all, names);
    }

    /** Span scores of predicted NAME tags (indices into {@link NameSpans#TAGS}) against the gold NAME spans. */
    public static SpanScores ofNames(List<TaggedSentence> sentences, int[][] predicted) {
        return SpanScores.ofTags(sentences.stream().map(NameSpans::of).toList(),
                java.util.Arrays.stream(predicted).map(p -> java.util.Arrays.stream(p).mapToObj(NameSpans.TAGS::get).toList()).toList());
    }

    /**
     * The {@code top} most frequent errors on the words never seen in training, as "gold -> predicted count",
     * most frequent first: which tags the spelling fails to tell apart.
     */
    public static String unseenErrors(List<TaggedSentence> sentences, int[][] predicted, List<String> tags,
            java.util.function.Predicate<String> seen, int top) {
        java.util.Map<String, Integer> errors = new java.util.HashMap<>();
        for (int s = 0; s < sentences.size(); s++) {
            List<String> w = sentences.get(s).words();
            List<String> g = sentences.get(s).upos();
            for (int t = 0; t < w.size(); t++) {
                String p = tags.get(predicted[s][t]);
                if (!seen.test(w.get(t)) && !p.equals(g.get(t))) {
                    errors.merge(g.get(t) + " -> " + p, 1, Integer::sum);
                }
            }
        }
        return errors.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
                .limit(top).map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Accuracy on the words never seen in training per gold tag, the most frequent tags first, as
     * "PROPN 87.9 % of 744": which kinds of new words the spelling and the context tag well.
     */
    public static String unseenByTag(List<TaggedSentence> sentences, int[][] predicted, List<String> tags,
            java.util.function.Predicate<String> seen, int top) {
        java.util.Map<String, int[]> byTag = new java.util.HashMap<>();   // gold tag -> {right, all}
        for (int s = 0; s < sentences.size(); s++) {
            List<String> w = sentences.get(s).words();
            List<String> g = sentences.get(s).upos();
            for (int t = 0; t < w.size(); t++) {
                if (!seen.test(w.get(t))) {
                    int[] c = byTag.computeIfAbsent(g.get(t), k -> new int[2]);
                    c[0] += tags.get(predicted[s][t]).equals(g.get(t)) ? 1 : 0;
                    c[1]++;
                }
            }
        }
        return byTag.entrySet().stream()
                .sorted((a, b) -> a.getValue()[1] != b.getValue()[1] ? b.getValue()[1] - a.getValue()[1] : a.getKey().compareTo(b.getKey()))
                .limit(top).map(e -> String.format(Locale.ROOT, "%s %.1f %% of %d", e.getKey(),
                        100.0 * e.getValue()[0] / e.getValue()[1], e.getValue()[1]))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "UPOS %.2f %%, unseen words %.2f %% (%d of %d words), NAME span F1 %.3f",
                100 * accuracy, 100 * unseenAccuracy, unseenWords, words, names.f1());
    }
}
