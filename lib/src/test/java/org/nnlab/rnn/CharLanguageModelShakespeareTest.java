package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.Nnlab;
import org.nnlab.data.CharVocab;
import org.nnlab.data.Datasets;
import org.nnlab.data.Download;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.testing.TestData;
import org.nnlab.train.Trainer;

/**
 * A character-level LSTM language model on tiny Shakespeare, trained briefly: its validation loss per
 * character beats the unigram model by a wide margin, its samples look like the play (a speaker name on a
 * line of its own), and one of its hidden units tracks an interpretable feature of the text, found by
 * correlating every unit with a few features.
 */
class CharLanguageModelShakespeareTest {

    static final int LENGTH = 64;        // characters per training chunk (truncated BPTT at the chunk border)
    static final int HIDDEN = 128;
    static final int TRAIN_CHARS = 200_000;

    @Test
    void learnsShakespeareBeyondTheUnigramModel(@TempDir Path cache) {
        String text = Datasets.tinyShakespeare(new Download(TestData.folder(), cache));
        CharVocab vocab = CharVocab.of(text);
        int split = (int) (text.length() * 0.9);          // the last 10 % for validation, as char-rnn
        int[] train = vocab.encode(text.substring(0, TRAIN_CHARS));
        int[] validation = vocab.encode(text.substring(split, split + 20_000));
        INDArray[] trainXy = CharVocab.chunks(train, LENGTH);
        INDArray[] valXy = CharVocab.chunks(validation, LENGTH);

        // the unigram baseline: every character drawn from the training frequencies, on the same text
        double[] p = vocab.frequencies(vocab.encode(text.substring(0, split)));
        double unigram = 0;
        for (int id : validation) {
            unigram -= Math.log(Math.max(p[id], 1e-9));
        }
        unigram /= validation.length;

        Nnlab.seed(11);
        LanguageModel lm = new LanguageModel(vocab.size(), 32, HIDDEN);
        long start = System.nanoTime();
        new Trainer(lm, new SequenceCrossEntropyLoss(), new Adam(lm, 0.01)).epochs(1).batchSize(32).seed(1)
                .clipGradNorm(5).fit(trainXy[0], trainXy[1]);
        double seconds = (System.nanoTime() - start) / 1e9;
        lm.eval();
        double loss = lm.loss(valXy[0], valXy[1], 64);
        System.out.printf(Locale.ROOT, "char LM %s, %d chunks of %d trained in %.1f s%n", lm, trainXy[0].size(0),
                LENGTH, seconds);
        System.out.printf(Locale.ROOT, "validation loss %.3f nats/char, perplexity %.2f; unigram %.3f (perplexity %.2f)%n",
                loss, LanguageModel.perplexity(loss), unigram, LanguageModel.perplexity(unigram));
        assertTrue(loss < unigram - 0.6, "validation loss " + loss + " should be well below the unigram " + unigram);

        // a sample with a seed: a speaker name alone on its line, "NAME:" then a newline
        long t0 = System.nanoTime();
        String sample = lm.sample(vocab, "\n", 600, 0.6, 7);
        System.out.printf(Locale.ROOT, "sample at temperature 0.6 (%.1f s):%n%s%n----%n", (System.nanoTime() - t0) / 1e9, sample);
        Matcher name = Pattern.compile("(?m)^[A-Z][A-Za-z ]*:\n").matcher(sample);
        assertTrue(name.find(), "no line of the form NAME: in the sample");

        // units that track a feature, found by code: the correlation of every unit's h_t (and c_t) with features
        String passage = text.substring(split + 20_000, split + 22_000);
        t0 = System.nanoTime();
        LanguageModel.Trace trace = lm.trace(vocab.encode(passage));
        System.out.printf(Locale.ROOT, "trace of %d characters in %.1f s%n", passage.length(), (System.nanoTime() - t0) / 1e9);
        double best = 0;
        for (String feature : new String[] {"newline", "position in line", "upper case"}) {
            double[] f = feature(passage, feature);
            UnitCorrelation u = UnitCorrelation.best(trace, f);
            System.out.printf(Locale.ROOT, "feature %-16s best unit %s%n", feature, u);
            best = Math.max(best, Math.abs(u.correlation()));
        }
        assertTrue(best >= 0.7, "no unit tracks a feature: best |r| = " + best);
    }

    /** A feature of each character of the text (the character just read). */
    static double[] feature(String text, String name) {
        double[] f = new double[text.length()];
        int column = 0;
        for (int i = 0; i < f.length; i++) {
            char c = text.charAt(i);
            column = c == '\n' ? 0 : column + 1;
            f[i] = switch (name) {
                case "newline" -> c == '\n' ? 1 : 0;
                case "position in line" -> column;
                case "upper case" -> Character.isUpperCase(c) ? 1 : 0;
                default -> throw new IllegalArgumentException(name);
            };
        }
        return f;
    }

    /** The unit (of h or c) whose activation correlates best (in absolute value) with a feature. */
    record UnitCorrelation(String state, int unit, double correlation) {

        static UnitCorrelation best(LanguageModel.Trace trace, double[] feature) {
            UnitCorrelation best = new UnitCorrelation("h", 0, 0);
            int units = (int) trace.hidden().size(2);
            for (int u = 0; u < units; u++) {
                double rh = pearson(trace.hiddenUnit(0, u), feature);
                double rc = pearson(trace.cellUnit(0, u), feature);
                if (Math.abs(rh) > Math.abs(best.correlation)) {
                    best = new UnitCorrelation("h", u, rh);
                }
                if (Math.abs(rc) > Math.abs(best.correlation)) {
                    best = new UnitCorrelation("c", u, rc);
                }
            }
            return best;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s[%d], r = %.3f", state, unit, correlation);
        }
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }
}
