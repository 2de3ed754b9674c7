package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.testing.OnFixedIds;

/** The character-aware tagger: gradients, padding, word dropout, shapes. */
class CharTaggerTest {

    static final int[] COUNTS = {0, 0, 5, 1, 2, 1, 3};   // 7 words: padding, <unk>, then counts in training

    /** Sentence 1: words 3 5 (spelled "ab", "c"); sentence 2: words 2 6 1 ("bca", "a", "dd"). */
    static INDArray batch() {
        return CharTagger.batch(List.of(new int[] {3, 5}, new int[] {2, 6, 1}),
                List.of(new int[][] {{2, 3}, {4}}, new int[][] {{3, 4, 2}, {2}, {5, 5}}));
    }

    static INDArray tags() {
        return Nd4j.createFromArray(new double[][] {{0, 2, -1}, {1, 1, 0}});
    }

    static CharTagger small(String encoder, int layers, boolean crf, double dropout, double wordDropout) {
        CharTagger.Options o = new CharTagger.Options();
        o.wordDim = 2;
        o.charEncoder = encoder;
        o.charDim = 2;
        o.charHidden = 2;
        o.hidden = 2;
        o.layers = layers;
        o.crf = crf;
        o.dropout = dropout;
        o.wordDropout = wordDropout;
        return new CharTagger(COUNTS, 6, 3, o);
    }

    @Test
    void inputLayout() {
        INDArray x = batch();
        assertArrayEquals(new long[] {2, 3, 4}, x.shape());   // [batch, time, 1 + longest word]
        assertArrayEquals(new float[] {2, 3, 4, 2}, x.get(NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0, 0}, x.get(NDArrayIndex.point(0), NDArrayIndex.point(2), NDArrayIndex.all()).toFloatVector());
    }

    @Test
    void gradCheckInDoubleWithCharBiLstm() {
        gradCheck("bilstm", 1, false);
    }

    @Test
    void gradCheckInDoubleWithCharCnnTwoLayersAndCrf() {
        gradCheck("cnn", 2, true);
    }

    /**
     * Training mode with dropout 0 and word dropout 0, so every forward is the same function. Passes when each
     * entry's relative error is below 1e-6, or below 1e-3 where backward and numerical differ by less than
     * 1e-10 in absolute terms: central differences with h = 1e-5 on a loss of about 1 have a rounding noise of
     * about 1e-16 / 1e-5 = 1e-11, which is the whole difference for gradients as small as 1e-8.
     */
    private static void gradCheck(String encoder, int layers, boolean crf) {
        Nnlab.seed(8);
        CharTagger tagger = small(encoder, layers, crf, 0, 0);
        tagger.to(DataType.DOUBLE);
        GradCheck.Report report = GradCheck.check(new OnFixedIds(tagger, batch().castTo(DataType.DOUBLE)),
                tagger.loss(), Nd4j.zeros(DataType.DOUBLE, 2, 1), tags());
        for (GradCheck.Entry e : report.entries()) {
            assertTrue(e.passed(1e-6) || (e.passed(1e-3) && Math.abs(e.backward() - e.numerical()) < 1e-10), report.toString());
        }
        String names = report.toString();
        assertTrue(names.contains("chars.embedding.weight") && names.contains("lstm.weight_hh_l0_reverse"), names);
        assertEquals(crf, names.contains("crf.transitions"), names);
    }

    @Test
    void gradCheckInDoubleWithTheCapitalisationFeature() {
        Nnlab.seed(8);
        CharTagger.Options o = markersCapsCrf(0);
        o.charMarkers = false;
        int[] letterCase = {0, 0, CharTagger.UPPER, CharTagger.LOWER, CharTagger.LOWER, 0};
        CharTagger tagger = new CharTagger(COUNTS, 6, 3, o, letterCase);
        tagger.to(DataType.DOUBLE);
        GradCheck.Report report = GradCheck.check(new OnFixedIds(tagger, batch().castTo(DataType.DOUBLE)),
                tagger.loss(), Nd4j.zeros(DataType.DOUBLE, 2, 1), tags());
        for (GradCheck.Entry e : report.entries()) {
            assertTrue(e.passed(1e-6) || (e.passed(1e-3) && Math.abs(e.backward() - e.numerical()) < 1e-10), report.toString());
        }
        assertTrue(report.toString().contains("caps.weight"), report.toString());
        // with character 2 a capital, 3 and 4 small letters and 5 no letter, the five words read: "ab" Xx (class 2),
        // "c" x (1), "bca" xX (4), "a" XX (3), "dd" no letters (5): every class learns, padding (0) does not
        INDArray capsGrad = tagger.namedParameters().get("caps.weight").grad();
        for (int k = 1; k <= 5; k++) {
            assertTrue(capsGrad.getRow(k).norm2Number().doubleValue() > 0, "class " + k + ": " + capsGrad);
        }
        assertEquals(0, capsGrad.getRow(0).norm2Number().doubleValue());
        String message = assertThrows(IllegalArgumentException.class, () -> new CharTagger(COUNTS, 6, 3, o)).getMessage();
        assertTrue(message.contains("letter case") && message.contains("TaggingData.letterCase()"), message);
    }

    /** Context vectors of length 2 for the two sentences of {@link #batch()}. */
    static List<float[][]> contexts() {
        return List.of(new float[][] {{0.5f, -1}, {2, 0}}, new float[][] {{1, 1}, {-0.5f, 0.25f}, {0, 3}});
    }

    @Test
    void contextVectorsComeAfterTheWordIndexAndBeforeTheCharacters() {
        INDArray x = CharTagger.batch(List.of(new int[] {3, 5}, new int[] {2, 6, 1}),
                List.of(new int[][] {{2, 3}, {4}}, new int[][] {{3, 4, 2}, {2}, {5, 5}}), contexts());
        assertArrayEquals(new long[] {2, 3, 6}, x.shape());   // [batch, time, 1 + 2 + longest word]
        assertArrayEquals(new float[] {2, 1, 1, 3, 4, 2}, x.get(NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).toFloatVector());
        assertArrayEquals(new float[] {5, 2, 0, 4, 0, 0}, x.get(NDArrayIndex.point(0), NDArrayIndex.point(1), NDArrayIndex.all()).toFloatVector());
    }

    /**
     * A tagger with context vectors, whose LSTM weights on them are zero, gives exactly the scores of the same
     * tagger without them: the characters, the caps and the word markers are read at the right places. Then
     * the context vectors change the scores, get no gradient, and the rest passes a gradient check.
     */
    @Test
    void contextVectorsAreReadBesideTheWordAndItsCharacters() {
        int[] letterCase = {0, 0, CharTagger.UPPER, CharTagger.LOWER, CharTagger.LOWER, 0};
        Nnlab.seed(11);
        CharTagger plain = new CharTagger(COUNTS, 6, 3, markersCapsCrf(0), letterCase);
        CharTagger withContext = new CharTagger(COUNTS, 6, 3, markersCapsCrf(2), letterCase);
        for (var p : withContext.namedParameters().entrySet()) {
            INDArray v = p.getValue().value();
            INDArray mine = plain.namedParameters().get(p.getKey()).value();
            if (p.getKey().startsWith("lstm.weight_ih_l0")) {   // [4 hidden, inputs]: the context columns come last
                long inputs = mine.size(1);
                v.get(NDArrayIndex.all(), NDArrayIndex.interval(0, inputs)).assign(mine);
                v.get(NDArrayIndex.all(), NDArrayIndex.interval(inputs, v.size(1))).assign(0);
            } else {
                v.assign(mine);
            }
        }
        plain.eval();
        withContext.eval();
        INDArray x = CharTagger.batch(List.of(new int[] {3, 5}, new int[] {2, 6, 1}),
                List.of(new int[][] {{2, 3}, {4}}, new int[][] {{3, 4, 2}, {2}, {5, 5}}), contexts());
        assertTrue(plain.forward(batch()).equalsWithEps(withContext.forward(x), 1e-6), "context weights 0: the plain tagger's scores");
        withContext.namedParameters().get("lstm.weight_ih_l0").value().addi(0.5);
        assertTrue(!plain.forward(batch()).equalsWithEps(withContext.forward(x), 1e-3), "the context vectors are read");

        withContext.train();
        withContext.to(DataType.DOUBLE);
        GradCheck.Report report = GradCheck.check(new OnFixedIds(withContext, x.castTo(DataType.DOUBLE)),
                withContext.loss(), Nd4j.zeros(DataType.DOUBLE, 2, 1), tags());
        for (GradCheck.Entry e : report.entries()) {
            assertTrue(e.passed(1e-6) || (e.passed(1e-3) && Math.abs(e.backward() - e.numerical()) < 1e-10), report.toString());
        }
        assertTrue(report.toString().contains("caps.weight") && report.toString().contains("chars."), report.toString());
        String message = assertThrows(IllegalArgumentException.class, () -> withContext.forward(Nd4j.zeros(DataType.DOUBLE, 2, 3, 2)))
                .getMessage();
        assertTrue(message.contains("context vector"), message);
    }

    private static CharTagger.Options markersCapsCrf(int contextDim) {
        CharTagger.Options o = new CharTagger.Options();
        o.wordDim = 2;
        o.charDim = 2;
        o.charHidden = 2;
        o.hidden = 2;
        o.capsDim = 2;
        o.charMarkers = true;
        o.dropout = 0;
        o.wordDropout = 0;
        o.crf = true;
        o.contextDim = contextDim;
        return o;
    }

    @Test
    void aPaddedBatchGivesEachSentenceItsScoresAlone() {
        for (String encoder : List.of("bilstm", "cnn")) {
            Nnlab.seed(9);
            CharTagger tagger = small(encoder, 2, false, 0.5, 0.25);
            tagger.eval();
            INDArray both = tagger.forward(batch());
            INDArray first = tagger.forward(CharTagger.batch(List.of(new int[] {3, 5}), List.<int[][]>of(new int[][] {{2, 3}, {4}})));
            INDArray inBatch = both.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(0, 2), NDArrayIndex.all());
            assertTrue(first.equalsWithEps(inBatch, 1e-5), encoder + ": alone " + first + " vs in the batch " + inBatch);
            assertArrayEquals(new long[] {2, 3, 3}, both.shape());
            assertEquals(List.of(2, 3), java.util.Arrays.stream(tagger.predict(batch())).map(t -> t.length).toList());
        }
    }

    @Test
    void wordDropoutReadsWordsAsUnknownInTrainingOnly() {
        Nnlab.seed(10);
        CharTagger tagger = small("bilstm", 1, false, 0, 1e12);   // α huge: every word dropped
        INDArray x = batch();
        INDArray unknown = x.dup();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                if (x.getDouble(b, t, 0) != 0) {
                    unknown.putScalar(new long[] {b, t, 0}, CharTagger.UNK);
                }
            }
        }
        tagger.train();
        INDArray dropped = tagger.forward(x);
        tagger.eval();
        assertTrue(dropped.equalsWithEps(tagger.forward(unknown), 1e-6), "training: every word read as <unk>");
        assertTrue(!tagger.forward(x).equalsWithEps(dropped, 1e-6), "evaluation: the words themselves");
    }

    @Test
    void clearErrors() {
        CharTagger tagger = small("bilstm", 1, false, 0, 0);
        String message = assertThrows(IllegalArgumentException.class,
                () -> tagger.forward(Nd4j.zeros(DataType.FLOAT, 2, 3))).getMessage();
        assertTrue(message.contains("[batch, time, 1 + maxChars]"), message);
        CharTagger.Options o = new CharTagger.Options();
        o.charEncoder = "gru";
        message = assertThrows(IllegalArgumentException.class, () -> new CharTagger(COUNTS, 6, 3, o)).getMessage();
        assertTrue(message.contains("bilstm"), message);
    }
}
