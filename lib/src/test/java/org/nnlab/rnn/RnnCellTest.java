package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.nn.Softmax;

class RnnCellTest {

    private static final List<String> TAGS = List.of("ADJ", "DET", "NOUN");

    // the lectures' worked example: a linear RNN without bias
    private static final double[][] U = {{2, 0}, {1, 2}};             // recurrence, weight_hh
    private static final double[][] W = {{2, 0, -1}, {1, -1, 1}};     // input, weight_ih
    private static final double[][] V = {{1, 0}, {-1, 1}, {0, 3}};    // output: scores of ADJ, DET, NOUN

    private static RnnCell lectureRnn() {
        return new RnnCell(Nd4j.createFromArray(W), Nd4j.createFromArray(U), null, null, RnnCell.Nonlinearity.NONE);
    }

    /** Runs the example from h_0 over x_1 = [1, 0, 0], x_2 = [0, 0, 1]; returns h_1, h_2 (batch of one). */
    private static INDArray[] run(double[] h0) {
        RnnCell cell = lectureRnn();
        State state = State.of(Nd4j.createFromArray(new double[][] {h0}));
        Step step1 = cell.step(Nd4j.createFromArray(new double[][] {{1, 0, 0}}), state);
        Step step2 = cell.step(Nd4j.createFromArray(new double[][] {{0, 0, 1}}), step1.state());
        return new INDArray[] {step1.h(), step2.h()};
    }

    /** The tag of argmax softmax(V h); also checks that the softmax is a distribution. */
    private static String tag(INDArray h) {
        INDArray scores = h.mmul(Nd4j.createFromArray(V).transpose());   // V h, batch-first: h · Vᵀ
        INDArray y = new Softmax().forward(scores);
        assertEquals(1, y.sumNumber().doubleValue(), 1e-12);
        return TAGS.get(y.argMax(1).getInt(0));
    }

    @Test
    void lecturesWorkedExample() {
        // h_0 = [1, -1], as the issue gives it
        // h_1 = U h_0 + W x_1 = [2·1 + 0·(-1), 1·1 + 2·(-1)] + [2, 1] (first column of W) = [2, -1] + [2, 1] = [4, 0]
        // h_2 = U h_1 + W x_2 = [2·4, 1·4 + 2·0] + [-1, 1] (third column of W)     = [8, 4] + [-1, 1] = [7, 5]
        // V h_1 = [4, -4 + 0, 3·0] = [4, -4, 0]   -> ADJ
        // V h_2 = [7, -7 + 5, 3·5] = [7, -2, 15]  -> NOUN
        INDArray[] h = run(new double[] {1, -1});
        assertArrayEquals(new double[] {4, 0}, h[0].toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {7, 5}, h[1].toDoubleVector(), 1e-12);
        assertEquals("ADJ", tag(h[0]));
        assertEquals("NOUN", tag(h[1]));
    }

    @Test
    void tanhCellIsTanhOfTheLinearOne() {
        INDArray x = Nd4j.createFromArray(new double[][] {{0.5, -1, 0.25}, {0, 1, 2}});
        INDArray h = Nd4j.createFromArray(new double[][] {{0.1, -0.2}, {0.3, 0.4}});
        INDArray b = Nd4j.createFromArray(0.5, -0.5);
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, 2);
        RnnCell linear = new RnnCell(Nd4j.createFromArray(W), Nd4j.createFromArray(U), b, zero, RnnCell.Nonlinearity.NONE);
        RnnCell tanh = new RnnCell(Nd4j.createFromArray(W), Nd4j.createFromArray(U), zero, b, RnnCell.Nonlinearity.TANH);
        INDArray a = linear.step(x, State.of(h)).h();
        // W x + U h + b by hand for the first row: [1 - 0.25, 0.5 + 1 + 0.25] + [0.2, 0.1 - 0.4] + [0.5, -0.5]
        assertArrayEquals(new double[] {1.45, 0.95}, a.getRow(0).toDoubleVector(), 1e-12);
        assertEquals(org.nd4j.linalg.ops.transforms.Transforms.tanh(a, true), tanh.step(x, State.of(h)).h());
    }

    @Test
    void parametersHavePyTorchNamesShapesAndInitialisation() {
        Nnlab.seed(11);
        RnnCell cell = new RnnCell(3, 4);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(cell.namedParameters().keySet()));
        assertArrayEquals(new long[] {4, 3}, cell.weightIh().value().shape());
        assertArrayEquals(new long[] {4, 4}, cell.weightHh().value().shape());
        assertArrayEquals(new long[] {4}, cell.biasIh().value().shape());
        assertEquals(DataType.FLOAT, cell.dataType());
        double bound = 1 / Math.sqrt(4);   // PyTorch: uniform in (-1/sqrt(hidden), 1/sqrt(hidden))
        assertTrue(cell.weightIh().value().amaxNumber().doubleValue() <= bound);
        assertEquals("RnnCell(3 -> 4)", cell.toString());
        assertEquals(2, new RnnCell(3, 4, RnnCell.Nonlinearity.NONE, false, DataType.FLOAT).parameters().size());
        Nnlab.seed(11);
        assertEquals(cell.weightHh().value(), new RnnCell(3, 4).weightHh().value());   // repeatable
    }

    @Test
    void toDoubleConvertsParametersAndInitialState() {
        RnnCell cell = new RnnCell(2, 3);
        cell.to(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, cell.biasHh().grad().dataType());
        State s = cell.initialState(5);
        assertArrayEquals(new long[] {5, 3}, s.h().shape());
        assertEquals(DataType.DOUBLE, s.h().dataType());
        Step step = cell.step(Nd4j.ones(DataType.DOUBLE, 5, 2), s);
        assertEquals(DataType.DOUBLE, step.h().dataType());
        assertNotSame(s.h(), step.h());
    }

    @Test
    void gradientsAddUpOverSteps() {
        RnnCell cell = lectureRnn();
        cell.to(DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0, 0}});
        Step step = cell.step(x, State.of(Nd4j.createFromArray(new double[][] {{1, -1}})));
        INDArray dh = Nd4j.createFromArray(new double[][] {{1, 2}});
        StepGradients g = cell.backwardStep(step, dh);
        // linear: dL/da = dL/dh; dL/dh_{t-1} = dL/dh · U = [1·2 + 2·1, 2·2] = [4, 4]; dL/dx = dL/dh · W
        assertArrayEquals(new double[] {4, 4}, g.h().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {4, -2, 1}, g.input().toDoubleVector(), 1e-12);
        // dL/dU = dL/dhᵀ · h_{t-1} = [[1, -1], [2, -2]]
        assertArrayEquals(new double[] {1, -1, 2, -2}, cell.weightHh().grad().ravel().toDoubleVector(), 1e-12);
        cell.backwardStep(step, dh);   // a second backward adds the same again
        assertArrayEquals(new double[] {2, -2, 4, -4}, cell.weightHh().grad().ravel().toDoubleVector(), 1e-12);
        cell.zeroGrad();
        assertEquals(0, cell.weightHh().grad().sumNumber().doubleValue());
    }

    @Test
    void errorsSpeakTheLecturesLanguage() {
        RnnCell cell = new RnnCell(3, 4);
        State s = cell.initialState(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(Nd4j.zeros(DataType.FLOAT, 2, 5), s));
        assertEquals("RnnCell(3 -> 4) expects input x_t [batch, 3] but got [2, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cell.step(Nd4j.zeros(DataType.FLOAT, 2, 3), State.of(Nd4j.zeros(DataType.FLOAT, 2, 3))));
        assertEquals("RnnCell(3 -> 4) expects h_{t-1} [2, 4] but got [2, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> cell.step(Nd4j.zeros(DataType.DOUBLE, 2, 3), s));
        assertTrue(e.getMessage().contains("FLOAT parameters but got a DOUBLE input"), e.getMessage());
        Step step = cell.step(Nd4j.zeros(DataType.FLOAT, 2, 3), s);
        e = assertThrows(IllegalArgumentException.class,
                () -> cell.backwardStep(step, Nd4j.zeros(DataType.FLOAT, 2, 5)));
        assertEquals("RnnCell(3 -> 4): backwardStep expects dL/dh_t of shape [2, 4] but got [2, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new RnnCell(3, 4).backwardStep(step, Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().contains("needs a Step made by this cell"), e.getMessage());
    }
}
