package org.nnlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.data.AgreementExample;
import org.nnlab.data.Vocab;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.rnn.LanguageModel;

/**
 * Subject-verb number agreement as a test of a language model (Linzen et al. 2016): after reading
 * "the boy near the cars", does the model give "greets" a higher probability than "greet"?
 * <pre>
 *   correct  ⇔  P(correct verb | prefix) &gt; P(wrong verb | prefix)  ⇔  z[correct] &gt; z[wrong]
 * </pre>
 * (softmax keeps the order of the scores z, so the scores can be compared directly). Accuracy is the share
 * of items the model gets right, reported by the number of attractors (nouns of the other number between
 * subject and verb): 0.5 is chance, a model that copies the number of the last noun gets 0 with attractors.
 *
 * <p>Also the training data for such a model ({@link #trainingPairs}) and, to look inside, how strongly each
 * hidden unit encodes the subject's number ({@link #numberCorrelations}); ablating the strongest units
 * ({@link LanguageModel#trace(INDArray, int...)}) shows whether the model needs them.
 */
public final class AgreementAccuracy {

    private AgreementAccuracy() {
    }

    /**
     * Language-model training pairs from the grammatical sentences of {@code items}: x = the words of a
     * sentence but the last, y = the words but the first (the next word at every position), as FLOAT
     * {@code [n, T]} with T the longest sentence minus one; shorter rows are padded at the end with
     * {@link Vocab#PAD_INDEX} in x and -1 (ignored by the loss) in y.
     */
    public static INDArray[] trainingPairs(List<AgreementExample> items, Vocab vocab) {
        int time = 0;
        for (AgreementExample item : items) {
            time = Math.max(time, item.sentence().size() - 1);
        }
        float[][] x = new float[items.size()][time];
        float[][] y = new float[items.size()][time];
        for (int i = 0; i < items.size(); i++) {
            int[] ids = vocab.encode(items.get(i).sentence());
            java.util.Arrays.fill(y[i], SequenceCrossEntropyLoss.IGNORE);
            for (int t = 0; t + 1 < ids.length; t++) {
                x[i][t] = ids[t];
                y[i][t] = ids[t + 1];
            }
        }
        return new INDArray[] {Nd4j.createFromArray(x), Nd4j.createFromArray(y)};
    }

    /** The share of items whose correct verb scores higher than the wrong one; units in {@code ablated} switched off. */
    public static double accuracy(LanguageModel lm, Vocab vocab, List<AgreementExample> items, int... ablated) {
        boolean[] right = judge(lm, vocab, items, ablated);
        int n = 0;
        for (boolean r : right) {
            n += r ? 1 : 0;
        }
        return (double) n / items.size();
    }

    /** Accuracy per number of attractors (sorted by the count), units in {@code ablated} switched off. */
    public static Map<Integer, Double> byAttractors(LanguageModel lm, Vocab vocab, List<AgreementExample> items,
                                                    int... ablated) {
        boolean[] right = judge(lm, vocab, items, ablated);
        Map<Integer, int[]> counts = new TreeMap<>(); // attractors -> {right, all}
        for (int i = 0; i < items.size(); i++) {
            int[] c = counts.computeIfAbsent(items.get(i).attractors(), k -> new int[2]);
            c[0] += right[i] ? 1 : 0;
            c[1]++;
        }
        Map<Integer, Double> accuracy = new TreeMap<>();
        counts.forEach((k, c) -> accuracy.put(k, (double) c[0] / c[1]));
        return accuracy;
    }

    /**
     * For every hidden unit, the correlation (Pearson's r) of its activation h after the last word of the
     * prefix with the subject's number (1 plural, 0 singular), over {@code items}: a unit with |r| near 1
     * carries the number to the verb.
     */
    public static double[] numberCorrelations(LanguageModel lm, Vocab vocab, List<AgreementExample> items) {
        int units = lm.hiddenSize();
        double[][] h = new double[items.size()][];
        double[] plural = new double[items.size()];
        Map<Integer, List<Integer>> byLength = byLength(items);
        for (List<Integer> group : byLength.values()) {
            LanguageModel.Trace trace = lm.trace(prefixes(vocab, items, group));
            int last = (int) trace.hidden().size(1) - 1;
            for (int g = 0; g < group.size(); g++) {
                int i = group.get(g);
                h[i] = trace.hidden().get(NDArrayIndex.point(g), NDArrayIndex.point(last), NDArrayIndex.all()).toDoubleVector();
                plural[i] = items.get(i).pluralSubject() ? 1 : 0;
            }
        }
        double[] r = new double[units];
        for (int u = 0; u < units; u++) {
            double[] a = new double[items.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = h[i][u];
            }
            r[u] = pearson(a, plural);
        }
        return r;
    }

    /** Pearson's correlation of two equally long series; 0 when one of them is constant. */
    public static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Whether the model prefers the correct verb, per item; prefixes of equal length share one batch. */
    private static boolean[] judge(LanguageModel lm, Vocab vocab, List<AgreementExample> items, int... ablated) {
        boolean[] right = new boolean[items.size()];
        for (List<Integer> group : byLength(items).values()) {
            LanguageModel.Trace trace = lm.trace(prefixes(vocab, items, group), ablated);
            int last = (int) trace.scores().size(1) - 1;
            for (int g = 0; g < group.size(); g++) {
                AgreementExample item = items.get(group.get(g));
                double[] z = trace.scores(g, last); // scores for the word after the prefix
                right[group.get(g)] = z[vocab.index(item.correctVerb())] > z[vocab.index(item.wrongVerb())];
            }
        }
        return right;
    }

    private static Map<Integer, List<Integer>> byLength(List<AgreementExample> items) {
        Map<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            groups.computeIfAbsent(items.get(i).prefix().size(), k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /** The prefixes of the items in {@code group} (all of one length) as ids {@code [group, length]}. */
    private static INDArray prefixes(Vocab vocab, List<AgreementExample> items, List<Integer> group) {
        int[][] ids = new int[group.size()][];
        for (int g = 0; g < group.size(); g++) {
            ids[g] = vocab.encode(items.get(group.get(g)).prefix());
        }
        return Nd4j.createFromArray(ids);
    }
}
