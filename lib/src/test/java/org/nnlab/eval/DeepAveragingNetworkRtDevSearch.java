package org.nnlab.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.data.Folds;
import org.nnlab.data.PaddedBatch;
import org.nnlab.data.Vocab;
import org.nnlab.nn.DeepAveragingNetwork;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.AdaGrad;
import org.nnlab.testing.RtTexts;
import org.nnlab.train.History;
import org.nnlab.train.Metric;
import org.nnlab.train.Trainer;

/**
 * The search behind {@link DeepAveragingNetworkRtTest}'s settings, on dev slices only: not part of the test
 * suite, it runs when asked, with one setting per run, for example
 * <pre>
 * NNLAB_DATA=/work/shared/data ./mvnw -q -o -pl lib test -Dtest=DeepAveragingNetworkRtDevSearch \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dnnlab.danDev="dim=300 hidden=300,300,300 lr=0.005 batch=15"
 * </pre>
 * (settings not given take the defaults in {@code search}; several settings separated by ";" run one after
 * the other).
 * For each of the first {@code folds} outer folds of the test's split (same seed), the round's training part
 * is split again, stratified: 90 % to train on, 10 % dev. The DAN trains for {@code epochs} epochs and its
 * dev accuracy is measured after each one; the run prints the dev accuracy per epoch, averaged over those
 * folds, and appends the setting and its best epoch to {@code nnlab.danDevLog} (default
 * /tmp/dan-dev-search.log). The outer test folds are never touched.
 */
@EnabledIfSystemProperty(named = "nnlab.danDev", matches = ".*")
class DeepAveragingNetworkRtDevSearch {

    @Test
    void devAccuracyPerEpoch() throws IOException {
        for (String setting : System.getProperty("nnlab.danDev").split(";")) { // several settings: a;b;c
            if (!setting.isBlank()) {
                search(setting.trim());
            }
        }
    }

    private static void search(String setting) throws IOException {
        Map<String, String> s = parse(setting);
        int dim = Integer.parseInt(s.getOrDefault("dim", "100"));
        String[] h = s.getOrDefault("hidden", "100").split(",");
        int[] hidden = new int[h.length];
        for (int i = 0; i < h.length; i++) {
            hidden[i] = Integer.parseInt(h[i]);
        }
        double lr = Double.parseDouble(s.getOrDefault("lr", "0.05"));
        int batch = Integer.parseInt(s.getOrDefault("batch", "50"));
        double init = Double.parseDouble(s.getOrDefault("init", "0.01"));
        double wordDrop = Double.parseDouble(s.getOrDefault("wdrop", "0.3"));
        double drop = Double.parseDouble(s.getOrDefault("drop", "0"));
        double decay = Double.parseDouble(s.getOrDefault("l2", "0"));
        double eps = Double.parseDouble(s.getOrDefault("eps", "1e-10"));
        int minCount = Integer.parseInt(s.getOrDefault("min", "1"));
        int epochs = Integer.parseInt(s.getOrDefault("epochs", "15"));
        int outer = Integer.parseInt(s.getOrDefault("folds", "3"));
        int maxLength = DeepAveragingNetworkRtTest.MAX_LENGTH;

        RtTexts rt = RtTexts.load();
        Folds folds = Folds.stratified(rt.labels(), DeepAveragingNetworkRtTest.FOLDS, DeepAveragingNetworkRtTest.FOLD_SEED);
        double[][] dev = new double[outer][epochs];
        double tribuoDev = 0;
        long start = System.nanoTime();
        for (int f = 0; f < outer; f++) {
            int[] trainPart = folds.train(f); // the outer test fold folds.test(f) is not used
            int[] partLabels = Folds.pick(rt.labels(), trainPart);
            Folds inner = Folds.stratified(partLabels, 10, 1000 + f);
            int[] fit = pickIndices(trainPart, inner.train(0));
            int[] held = pickIndices(trainPart, inner.test(0));
            List<List<String>> fitTokens = Folds.pick(rt.tokens(), fit);
            Vocab vocab = Vocab.build(fitTokens, minCount);
            INDArray x = PaddedBatch.of(vocab.encodeAll(fitTokens), maxLength).idsArray().castTo(DataType.FLOAT);
            INDArray y = Nd4j.createFromArray(Folds.pick(rt.labels(), fit)).castTo(DataType.FLOAT);
            INDArray dx = PaddedBatch.of(vocab.encodeAll(Folds.pick(rt.tokens(), held)), maxLength).idsArray()
                    .castTo(DataType.FLOAT);
            INDArray dy = Nd4j.createFromArray(Folds.pick(rt.labels(), held)).castTo(DataType.FLOAT);
            if (s.containsKey("tribuo")) { // the baseline on the same dev slice, for reference
                double acc = TribuoBaseline.train(fitTokens, Folds.pick(rt.labels(), fit), DeepAveragingNetworkRtTest.NAMES)
                        .evaluate(Folds.pick(rt.tokens(), held), Folds.pick(rt.labels(), held)).accuracy();
                tribuoDev += acc / outer;
                System.out.printf(Locale.ROOT, "fold %d: Tribuo dev %.4f%n", f, acc);
            }
            long seed = f + 1;
            Nnlab.seed(seed);
            DeepAveragingNetwork dan = new DeepAveragingNetwork(vocab.size(), dim, hidden, 2, drop, DataType.FLOAT)
                    .wordDropout(wordDrop).scaleEmbedding(init);
            AdaGrad optimizer = new AdaGrad(dan.parameters(), lr, eps);
            if (decay > 0) {
                optimizer.weightDecay(decay);
            }
            History history = new Trainer(dan, new CrossEntropyLoss(), optimizer).epochs(epochs).batchSize(batch)
                    .seed(seed).metric(Metric.accuracy()).validation(dx, dy).fit(x, y);
            for (int e = 0; e < epochs; e++) {
                dev[f][e] = history.get(e).validationMetric();
            }
            System.out.printf(Locale.ROOT, "fold %d: %d train, %d dev, %.0f s%n", f, fit.length, held.length,
                    (System.nanoTime() - start) / 1e9);
        }
        StringBuilder curve = new StringBuilder();
        int best = 0;
        double bestMean = -1;
        for (int e = 0; e < epochs; e++) {
            double mean = 0;
            for (int f = 0; f < outer; f++) {
                mean += dev[f][e] / outer;
            }
            curve.append(String.format(Locale.ROOT, " %d:%.2f", e + 1, 100 * mean));
            if (mean > bestMean) {
                bestMean = mean;
                best = e + 1;
            }
        }
        String line = String.format(Locale.ROOT, "%s | folds %d | best epoch %d: dev %.2f %% | %.0f s | curve%s%s",
                setting, outer, best, 100 * bestMean, (System.nanoTime() - start) / 1e9, curve,
                s.containsKey("tribuo") ? String.format(Locale.ROOT, " | Tribuo dev %.2f %%%n", 100 * tribuoDev) : "\n");
        System.out.print(line);
        Files.writeString(Path.of(System.getProperty("nnlab.danDevLog", "/tmp/dan-dev-search.log")), line,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static int[] pickIndices(int[] all, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = all[positions[i]];
        }
        return out;
    }

    private static Map<String, String> parse(String settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String kv : settings.trim().split("\\s+")) {
            if (!kv.isEmpty()) {
                String[] p = kv.split("=", 2);
                map.put(p[0], p[1]);
            }
        }
        return map;
    }
}
