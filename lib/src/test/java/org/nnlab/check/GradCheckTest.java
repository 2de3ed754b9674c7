package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.nn.Identity;
import org.nnlab.nn.LeakyReLU;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Module;
import org.nnlab.nn.ReLU;
import org.nnlab.nn.Sequential;
import org.nnlab.nn.Sigmoid;
import org.nnlab.nn.Softmax;
import org.nnlab.nn.Tanh;
import org.nnlab.nn.loss.BCELoss;
import org.nnlab.nn.loss.BCEWithLogitsLoss;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.nn.loss.Loss;
import org.nnlab.nn.loss.MSELoss;

class GradCheckTest {

    /** Inputs away from 0, so that ReLU's kink does not spoil a difference quotient. */
    private static INDArray input() {
        return Nd4j.createFromArray(new double[][] {{0.5, -1.2, 2.0}, {-0.7, 0.3, -1.5}, {1.1, 0.9, -0.4}, {-2.2, 0.6, 0.8}});
    }

    private static void assertPasses(GradCheck.Report report) {
        assertTrue(report.passed(), report.toString());
        assertTrue(report.maxError() < 1e-6, report.toString());
    }

    @Test
    void everyModulePasses() {
        Nnlab.seed(1);
        List<Module> modules = List.of(new Linear(3, 2, DataType.DOUBLE), new Sigmoid(), new Tanh(), new ReLU(),
                new LeakyReLU(0.1), new Identity(), new Softmax());
        for (Module m : modules) {
            GradCheck.Report report = GradCheck.check(m, input());
            assertPasses(report);
        }
        GradCheck.Report linear = GradCheck.check(new Linear(3, 2, DataType.DOUBLE), input());
        assertEquals(List.of("weight", "bias", "input"), linear.entries().stream().map(GradCheck.Entry::name).toList());
    }

    @Test
    void everyLossPasses() {
        INDArray scores = Nd4j.createFromArray(new double[][] {{0.5, -1.2}, {2.0, 0.1}, {-0.3, 0.8}});
        INDArray probabilities = Nd4j.createFromArray(new double[][] {{0.2, 0.7}, {0.9, 0.4}, {0.35, 0.6}});
        INDArray binary = Nd4j.createFromArray(new double[][] {{0, 1}, {1, 1}, {0, 0}});
        assertPasses(GradCheck.check(new MSELoss(), scores, binary));
        assertPasses(GradCheck.check(new BCELoss(), probabilities, binary));
        assertPasses(GradCheck.check(new BCEWithLogitsLoss(), scores, binary));
        assertPasses(GradCheck.check(new CrossEntropyLoss(), scores, Nd4j.createFromArray(1, 0, 1)));
    }

    @Test
    void wholeModelsPassWithEveryLoss() {
        Nnlab.seed(3);
        INDArray x = input();
        record Case(Module model, Loss loss, INDArray target) { }
        List<Case> cases = List.of(
                new Case(new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 1)), new MSELoss(),
                        Nd4j.createFromArray(new double[][] {{1}, {-1}, {0.5}, {2}})),
                new Case(new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 1), new Sigmoid()), new BCELoss(),
                        Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {0}})),
                new Case(new Sequential(new Linear(3, 5), new LeakyReLU(0.2), new Linear(5, 2)), new BCEWithLogitsLoss(),
                        Nd4j.createFromArray(new double[][] {{1, 0}, {0, 0}, {1, 1}, {0, 1}})),
                new Case(new Sequential(new Linear(3, 4), new Sigmoid(), new Linear(4, 3)), new CrossEntropyLoss(),
                        Nd4j.createFromArray(2, 0, 1, 2)));
        for (Case c : cases) {
            c.model().to(DataType.DOUBLE);
            GradCheck.Report report = GradCheck.check(c.model(), c.loss(), x, c.target());
            assertPasses(report);
            assertTrue(report.toString().contains("✔ 0.weight"), report.toString());
        }
    }

    /** A Linear whose backward forgets to add the bias gradient: the check must catch it. */
    private static final class BrokenLinear extends Linear {
        BrokenLinear() {
            super(3, 2, DataType.DOUBLE);
        }

        @Override
        public INDArray backward(INDArray gradOutput) {
            INDArray dx = super.backward(gradOutput);
            bias().grad().muli(2); // wrong on purpose
            return dx;
        }
    }

    @Test
    void aWrongBackwardFailsAndTheReportSaysWhere() {
        GradCheck.Report report = GradCheck.check(new BrokenLinear(), input());
        assertFalse(report.passed());
        assertTrue(report.entry("weight").passed(1e-6));
        assertEquals(0.5, report.entry("bias").maxError(), 1e-6);
        String text = report.toString();
        assertTrue(text.contains("✘ bias"), text);
        assertTrue(text.contains("backward"), text);
    }

    @Test
    void floatParametersAreRefusedAndParametersAreRestored() {
        Linear floats = new Linear(3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCheck.check(floats, input()));
        assertTrue(e.getMessage().contains("model.to(DataType.DOUBLE)"), e.getMessage());
        Linear layer = new Linear(3, 2, DataType.DOUBLE);
        INDArray before = layer.weight().value().dup();
        GradCheck.check(layer, new MSELoss(), input(), Nd4j.zeros(DataType.DOUBLE, 4, 2));
        assertEquals(before, layer.weight().value());
    }

    @Test
    void relativeErrorIsScaleFree() {
        assertEquals(0, GradCheck.relativeError(0, 0));
        assertEquals(0.5, GradCheck.relativeError(1, 2), 1e-15);
        assertEquals(0.5, GradCheck.relativeError(1e-3, 2e-3), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, GradCheck.relativeError(Double.NaN, 1));
    }
}
