package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.testing.OnFixedIds;

/** The character encoders: gradients by finite differences under padding, shapes, padding invariance. */
class CharEncoderTest {

    /** Three words of 3, 5 and 1 characters (0 = padding after the word). */
    static INDArray words() {
        return Nd4j.createFromArray(new float[][] {{3, 5, 2, 0, 0}, {1, 2, 6, 2, 4}, {4, 0, 0, 0, 0}});
    }

    static List<Supplier<CharEncoder>> encoders() {
        return List.of(() -> CharEncoder.biLstm(7, 3, 4), () -> CharEncoder.cnn(7, 3, 5, 3), () -> CharEncoder.cnn(7, 3, 5, 3, true));
    }

    @Test
    void gradCheckInDoubleWithPadding() {
        for (Supplier<CharEncoder> make : encoders()) {
            Nnlab.seed(5);
            CharEncoder encoder = make.get();
            encoder.to(DataType.DOUBLE);
            GradCheck.Report report = GradCheck.check(new OnFixedIds(encoder, words().castTo(DataType.DOUBLE)),
                    Nd4j.zeros(DataType.DOUBLE, 3, 1));
            RecurrentGradCheckTest.assertPasses(report);
            // the padding character's embedding row never gets a gradient
            assertTrue(encoder.namedParameters().get("embedding.weight").grad().getRow(0).amaxNumber().doubleValue() == 0,
                    encoder + ": padding row got a gradient");
        }
    }

    @Test
    void oneVectorPerWordOfTheAdvertisedSize() {
        for (Supplier<CharEncoder> make : encoders()) {
            CharEncoder encoder = make.get();
            INDArray out = encoder.forward(words());
            assertArrayEquals(new long[] {3, encoder.outputSize()}, out.shape(), encoder.toString());
        }
        assertArrayEquals(new long[] {3, 8}, CharEncoder.biLstm(7, 3, 4).forward(words()).shape());
        assertArrayEquals(new long[] {3, 5}, CharEncoder.cnn(7, 3, 5, 3).forward(words()).shape());
    }

    @Test
    void aPaddedWordGetsTheVectorItGetsAlone() {
        for (Supplier<CharEncoder> make : encoders()) {
            Nnlab.seed(6);
            CharEncoder encoder = make.get();
            INDArray batch = encoder.forward(words());
            INDArray alone = encoder.forward(Nd4j.createFromArray(new float[][] {{3, 5, 2}}));
            INDArray single = encoder.forward(Nd4j.createFromArray(new float[][] {{4}}));
            assertTrue(alone.getRow(0).equalsWithEps(batch.getRow(0), 1e-6), encoder + ": " + alone + " vs " + batch.getRow(0));
            assertTrue(single.getRow(0).equalsWithEps(batch.getRow(2), 1e-6), encoder + ": " + single + " vs " + batch.getRow(2));
        }
    }

    @Test
    void theCnnsWordMarkersAreTwoMoreCharactersThatLearn() {
        Nnlab.seed(4);
        CharCnn marked = new CharCnn(7, 3, 5, 3, true);
        assertArrayEquals(new long[] {9, 3}, marked.namedParameters().get("embedding.weight").value().shape());
        INDArray x = words();
        marked.forward(x);
        assertArrayEquals(x.shape(), marked.backward(Nd4j.ones(DataType.FLOAT, 3, 5)).shape(), "a gradient of the input's shape");
        INDArray grad = marked.namedParameters().get("embedding.weight").grad();
        // every word has both markers: rows 7 (start) and 8 (end) get a gradient, padding (0) none
        assertTrue(grad.getRow(7).norm2Number().doubleValue() > 0 && grad.getRow(8).norm2Number().doubleValue() > 0, grad.toString());
        assertTrue(grad.getRow(0).norm2Number().doubleValue() == 0, grad.toString());
        // width 1 sees single characters, and the markers are in every word: "ab" and "ba" stay alike
        CharCnn bag = new CharCnn(7, 3, 5, 1, true);
        assertTrue(bag.forward(Nd4j.createFromArray(new float[][] {{2, 3}})).equalsWithEps(
                bag.forward(Nd4j.createFromArray(new float[][] {{3, 2}})), 1e-6));
        assertTrue(marked.toString().contains("word markers"), marked.toString());
    }

    @Test
    void theCnnMaxIsOverTheWordsOwnPositionsOnly() {
        Nnlab.seed(7);
        CharCnn cnn = new CharCnn(7, 3, 4, 3);
        INDArray a = cnn.forward(Nd4j.createFromArray(new float[][] {{2, 3, 0, 0, 0, 0}}));
        INDArray b = cnn.forward(Nd4j.createFromArray(new float[][] {{2, 3}}));
        assertTrue(a.equalsWithEps(b, 1e-6), a + " vs " + b);
        assertThrows(IllegalArgumentException.class, () -> new CharCnn(7, 3, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> cnn.forward(Nd4j.zeros(DataType.FLOAT, 2, 3, 4)));
    }
}
