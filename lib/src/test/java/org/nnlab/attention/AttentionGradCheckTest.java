package org.nnlab.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.data.Masks;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;

/**
 * Every attention layer's backward against finite differences (GradCheck, DOUBLE), with padding; and what the
 * masks and the lack of order promise: padded keys get weight 0 and change nothing, self-attention without
 * positions is permutation-equivariant, with positions it is not.
 */
class AttentionGradCheckTest {

    private static final int[] LENGTHS = {4, 2, 1};

    /**
     * Every array passes the relative test, or its worst entry differs by less than 1e-9 in absolute terms: some
     * gradients are zero in theory (the key bias of self-attention shifts all scores of a query alike, which the
     * softmax ignores) or tiny, and there the finite difference is rounding noise (about 1e-11) over a gradient
     * of 1e-17 .. 1e-6. A wrong formula gives relative errors near 1 on the large entries and fails either way.
     */
    private static void assertPasses(GradCheck.Report report) {
        for (GradCheck.Entry e : report.entries()) {
            boolean noise = Math.abs(e.backward() - e.numerical()) < 1e-9;
            assertTrue(e.passed(GradCheck.TOLERANCE) || noise, e.name() + " in\n" + report);
        }
    }

    /** The attention as a module of ONE of its inputs (the others fixed), for GradCheck. */
    private static final class Of extends Module {
        final Attention a;
        final INDArray q;
        final INDArray keys;
        final INDArray values;
        final INDArray mask;
        final String input; // "query", "keys" or "values"
        Attention.Output out;

        Of(Attention a, INDArray q, INDArray keys, INDArray values, INDArray mask, String input) {
            this.a = a;
            this.q = q;
            this.keys = keys;
            this.values = values;
            this.mask = mask;
            this.input = input;
        }

        @Override
        public INDArray forward(INDArray x) {
            out = switch (input) {
                case "query" -> a.attend(x, keys, values, mask);
                case "keys" -> a.attend(q, x, values, mask);
                default -> a.attend(q, keys, x, mask);
            };
            return out.context();
        }

        @Override
        public INDArray backward(INDArray g) {
            Attention.Gradients d = a.backward(out, g);
            return switch (input) {
                case "query" -> d.query();
                case "keys" -> d.keys();
                default -> d.values();
            };
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            return a.namedParameters();
        }

        @Override
        public List<Parameter> parameters() {
            return a.parameters();
        }
    }

    @Test
    void attentionBackwardMatchesFiniteDifferences() {
        Nnlab.seed(7);
        INDArray mask = Masks.fromLengths(LENGTHS, 4, DataType.DOUBLE);
        INDArray keys = Nd4j.randn(DataType.DOUBLE, 3, 4, 5);
        INDArray values = Nd4j.randn(DataType.DOUBLE, 3, 4, 2);
        for (Attention a : List.of(new Attention(Attention.Scoring.ADDITIVE, 3, 5, 6, DataType.DOUBLE),
                new Attention(Attention.Scoring.SCALED_DOT, 5, 5, 0, DataType.DOUBLE))) {
            INDArray q = Nd4j.randn(DataType.DOUBLE, 3, a.scoring() == Attention.Scoring.ADDITIVE ? 3 : 5);
            for (String input : new String[] {"query", "keys", "values"}) {
                INDArray x = switch (input) {
                    case "query" -> q;
                    case "keys" -> keys;
                    default -> values;
                };
                assertPasses(GradCheck.check(new Of(a, q, keys, values, mask, input), x));
            }
        }
    }

    @Test
    void paddedKeysGetWeightZeroAndChangeNothing() {
        Nnlab.seed(8);
        Attention a = Attention.additive(3, 5, 4);
        INDArray q = Nd4j.randn(DataType.FLOAT, 1, 3);
        INDArray keys = Nd4j.randn(DataType.FLOAT, 1, 4, 5);
        INDArray mask = Masks.fromLengths(new int[] {2}, 4, DataType.FLOAT);
        Attention.Output padded = a.attend(q, keys, keys, mask);
        assertEquals(0.0, padded.weights().getDouble(0, 2), 0.0);
        assertEquals(0.0, padded.weights().getDouble(0, 3), 0.0);
        assertEquals(1.0, padded.weights().sumNumber().doubleValue(), 1e-6);
        INDArray shortKeys = keys.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
        Attention.Output alone = a.attend(q, shortKeys, shortKeys, null);
        assertArrayEquals(alone.context().toFloatVector(), padded.context().toFloatVector(), 1e-6f);
        keys.putScalar(new long[] {0, 3, 1}, 100.0); // a change in the padding changes nothing
        assertArrayEquals(padded.context().toFloatVector(), a.attend(q, keys, keys, mask).context().toFloatVector(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> a.attend(q, keys, keys, Nd4j.zeros(DataType.FLOAT, 1, 4)));
        assertTrue(e.getMessage().contains("at least one real key"), e.getMessage());
    }

    @Test
    void selfAttentionAndPositionsBackwardMatchFiniteDifferences() {
        Nnlab.seed(9);
        SelfAttention layer = new SelfAttention(4, DataType.DOUBLE);
        layer.useMask(Masks.fromLengths(LENGTHS, 4, DataType.DOUBLE));
        assertPasses(GradCheck.check(layer, Nd4j.randn(DataType.DOUBLE, 3, 4, 4)));
        assertPasses(GradCheck.check(new PositionalEncoding(4), Nd4j.randn(DataType.DOUBLE, 2, 3, 4)));
    }

    @Test
    void selfAttentionIgnoresOrderUntilPositionsAreAdded() {
        Nnlab.seed(10);
        SelfAttention layer = new SelfAttention(6, DataType.DOUBLE);
        PositionalEncoding pe = new PositionalEncoding(6);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 1, 5, 6);
        int[] order = {3, 0, 4, 1, 2};
        INDArray permuted = Nd4j.create(DataType.DOUBLE, 1, 5, 6);
        for (int t = 0; t < 5; t++) {
            permuted.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                    .assign(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(order[t])));
        }
        INDArray y = layer.forward(x, null);
        INDArray yPermuted = layer.forward(permuted, null);
        INDArray yWithPe = layer.forward(pe.forward(x), null);
        INDArray yPermutedWithPe = layer.forward(pe.forward(permuted), null);
        double samePlain = 0;
        double samePe = 0;
        for (int t = 0; t < 5; t++) {
            samePlain = Math.max(samePlain, row(yPermuted, t).sub(row(y, order[t])).amaxNumber().doubleValue());
            samePe = Math.max(samePe, row(yPermutedWithPe, t).sub(row(yWithPe, order[t])).amaxNumber().doubleValue());
        }
        assertTrue(samePlain < 1e-12, "without positions the outputs are permuted with the inputs: " + samePlain);
        assertTrue(samePe > 1e-3, "with positions they are not: " + samePe);
    }

    private static INDArray row(INDArray y, int t) {
        return y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(t));
    }

    /** A Seq2Seq as a module of a dummy input (token ids cannot be perturbed), for GradCheck of its parameters. */
    private static final class Whole extends Module {
        final Seq2Seq model;
        final Seq2Seq.Batch batch;

        Whole(Seq2Seq model, Seq2Seq.Batch batch) {
            this.model = model;
            this.batch = batch;
        }

        @Override
        public INDArray forward(INDArray ignored) {
            return model.forward(batch.source(), batch.targetIn());
        }

        @Override
        public INDArray backward(INDArray g) {
            model.backward(g);
            return Nd4j.zeros(DataType.DOUBLE, 1, 1);
        }

        @Override
        public Map<String, Parameter> namedParameters() {
            return model.namedParameters();
        }

        @Override
        public List<Parameter> parameters() {
            return model.parameters();
        }
    }

    /**
     * The whole model with additive attention (the longest backward: attention, cell, output, encoder). Each
     * parameter entry costs two forward passes, so one kind only; all three are matched to PyTorch's gradients in
     * {@link TorchAttentionFixturesTest}.
     */
    @Test
    void seq2seqBackwardMatchesFiniteDifferences() {
        // small, since every parameter entry costs two forward passes: about 300 entries per model
        Seq2Seq.Batch batch = Seq2Seq.Batch.of(List.of(new int[] {3, 4, 5}, new int[] {5, 4}),
                List.of(new int[] {5, 4, 3}, new int[] {4, 5}));
        for (Seq2Seq.AttentionKind kind : List.of(Seq2Seq.AttentionKind.ADDITIVE)) {
            Nnlab.seed(11);
            Seq2Seq model = new Seq2Seq(6, 2, 2, kind, DataType.DOUBLE);
            assertPasses(GradCheck.check(new Whole(model, batch), new SequenceCrossEntropyLoss(),
                    Nd4j.zeros(DataType.DOUBLE, 1, 1), batch.labels()));
        }
    }

    @Test
    void batchesTeacherForcingInputsAndLabels() {
        Seq2Seq.Batch b = Seq2Seq.Batch.of(List.of(new int[] {3, 4, 5}, new int[] {6}), List.of(new int[] {5, 4, 3},
                new int[] {6}));
        assertArrayEquals(new int[] {3, 4, 5, 6, 0, 0}, b.source().ravel().toIntVector());
        assertArrayEquals(new int[] {1, 5, 4, 3, 1, 6, 0, 0}, b.targetIn().ravel().toIntVector());
        assertArrayEquals(new int[] {5, 4, 3, 2, 6, 2, -1, -1}, b.labels().ravel().toIntVector());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Seq2Seq.Batch.of(List.of(new int[] {2}), List.of(new int[] {3})));
        assertTrue(e.getMessage().contains("PAD, BOS and EOS"), e.getMessage());
    }

    /** Greedy decoding's step by step gives the scores of teacher forcing when fed the same tokens. */
    @Test
    void decoderStepsAgreeWithTeacherForcing() {
        for (Seq2Seq.AttentionKind kind : Seq2Seq.AttentionKind.values()) {
            Nnlab.seed(12);
            Seq2Seq model = new Seq2Seq(8, 3, 4, kind, DataType.DOUBLE);
            Seq2Seq.Batch batch = Seq2Seq.Batch.of(List.of(new int[] {3, 4, 5, 6}, new int[] {6, 5}),
                    List.of(new int[] {6, 5, 4, 3}, new int[] {7, 7, 7}));
            INDArray scores = model.forward(batch.source(), batch.targetIn());
            Decoder d = model.decoder();
            // the start state as forward computed it: run the encoder through greedy's path, then step
            model.greedy(batch.source(), 1);
            org.nnlab.rnn.State state = model.startState();
            for (int t = 0; t < batch.targetIn().size(1); t++) {
                INDArray tokens = batch.targetIn().getColumn(t).dup();
                Decoder.DecoderStep step = d.step(d.embedding().forward(tokens), state, model.encoded(), model.mask());
                state = step.state();
                INDArray z = d.output().forward(step.features());
                INDArray expected = Seq2Seq.at(scores, t);
                assertTrue(z.sub(expected).amaxNumber().doubleValue() < 1e-12, kind + " step " + t);
            }
        }
    }
}
