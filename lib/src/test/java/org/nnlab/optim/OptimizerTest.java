package org.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Linear;
import org.nnlab.nn.Parameter;
import org.nnlab.nn.loss.MSELoss;

/** Each optimizer minimises a quadratic; regularisation and errors. */
class OptimizerTest {

    /** The minimum of the quadratic below. */
    private static final double[] CENTER = {3, -2};
    /** Curvatures: an elongated bowl (condition number 10), the classic case for momentum and Adam. */
    private static final double[] CURVATURE = {1, 10};

    /** f(w) = 1/2 * sum(a * (w - c)^2); sets grad = a * (w - c) and returns f. */
    private static double quadratic(Parameter w) {
        INDArray a = Nd4j.createFromArray(CURVATURE);
        INDArray diff = w.value().sub(Nd4j.createFromArray(CENTER));
        w.zeroGrad();                   // a new gradient for each step
        w.grad().assign(diff.mul(a));
        return 0.5 * diff.mul(diff).mul(a).sumNumber().doubleValue();
    }

    private static Parameter start() {
        return new Parameter("w", Nd4j.createFromArray(0.0, 0.0));
    }

    /** Runs {@code steps} steps and returns the final loss; the loss must end far below where it began. */
    private static double minimise(String name, Function<List<Parameter>, Optimizer> make, int steps) {
        Parameter w = start();
        Optimizer opt = make.apply(List.of(w));
        double first = quadratic(w);
        double loss = first;
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            loss = quadratic(w);
            opt.step();
        }
        loss = quadratic(w);
        double[] found = w.value().toDoubleVector();
        for (int k = 0; k < CENTER.length; k++) {
            assertEquals(CENTER[k], found[k], 0.05, name + " did not reach the minimum: " + w.value());
        }
        assertTrue(loss < 1e-3 * first, name + ": loss " + first + " -> " + loss);
        assertEquals(steps, opt.steps());
        return loss;
    }

    @Test
    void everyOptimizerMinimisesAQuadratic() {
        minimise("SGD", p -> new Sgd(p, 0.15), 200);
        minimise("SGD + momentum", p -> new Sgd(p, 0.02, 0.9), 300);
        minimise("SGD + Nesterov", p -> new Sgd(p, 0.02, 0.9, true), 300);
        minimise("AdaGrad", p -> new AdaGrad(p, 1.0), 500);
        minimise("RMSProp", p -> new RmsProp(p, 0.01), 1000);
        minimise("RMSProp + momentum", p -> new RmsProp(p, 0.001, 0.99, 1e-8, 0.9), 1000);
        minimise("AdaDelta", p -> new AdaDelta(p, 10.0, 0.9, 1e-4), 2000);
        minimise("Adam", p -> new Adam(p, 0.05), 1000);
    }

    @Test
    void momentumBeatsPlainSgdOnAnElongatedBowl() {
        // same small learning rate, same number of steps: momentum gets much closer
        Parameter plain = start();
        Parameter heavy = start();
        Optimizer a = new Sgd(List.of(plain), 0.005);
        Optimizer b = new Sgd(List.of(heavy), 0.005, 0.9);
        for (int i = 0; i < 100; i++) {
            quadratic(plain);
            a.step();
            quadratic(heavy);
            b.step();
        }
        assertTrue(quadratic(heavy) < 0.01 * quadratic(plain), "momentum " + quadratic(heavy) + " vs plain " + quadratic(plain));
    }

    @Test
    void sgdFitsALinearModuleThroughItsParameters() {
        Nd4j.getRandom().setSeed(7);
        Linear layer = new Linear(3, 1, DataType.DOUBLE);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 3);
        INDArray trueW = Nd4j.createFromArray(new double[][] {{2}, {-1}, {0.5}});
        INDArray y = x.mmul(trueW).addi(0.3);
        MSELoss mse = new MSELoss();
        Optimizer opt = new Sgd(layer, 0.5, 0.9);
        double loss = Double.NaN;
        for (int i = 0; i < 500; i++) {
            opt.zeroGrad();
            loss = mse.forward(layer.forward(x), y);
            layer.backward(mse.backward());
            opt.step();
        }
        assertTrue(loss < 1e-8, "loss " + loss);
        assertArrayEquals(new double[] {2, -1, 0.5}, layer.weight().value().toDoubleVector(), 1e-3);
        assertEquals(0.3, layer.bias().value().getDouble(0), 1e-3);
    }

    @Test
    void weightDecayShrinksWeightsInProportionToTheirSize() {
        // zero gradient: only the decay acts, w = w - lr * lambda * w
        Parameter w = new Parameter("w", Nd4j.createFromArray(1.0, -4.0, 0.0));
        Optimizer opt = new Sgd(List.of(w), 0.1).weightDecay(0.5);
        opt.step();
        assertArrayEquals(new double[] {0.95, -3.8, 0.0}, w.value().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, w.grad().toDoubleVector(), 0.0, "grad() must not be changed");
    }

    @Test
    void l1ShrinksWeightsByAFixedAmount() {
        // zero gradient: w = w - lr * lambda * sign(w); sign(0) = 0 keeps a zero weight at zero
        Parameter w = new Parameter("w", Nd4j.createFromArray(1.0, -4.0, 0.0));
        Optimizer opt = new Sgd(List.of(w), 0.1).l1(0.5);
        opt.step();
        assertArrayEquals(new double[] {0.95, -3.95, 0.0}, w.value().toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, w.grad().toDoubleVector(), 0.0, "grad() must not be changed");
        assertEquals(0.5, opt.l1());
    }

    @Test
    void stateIsKeptPerParameter() {
        // two parameters with different gradients under momentum: each has its own velocity
        Parameter a = new Parameter("a", Nd4j.createFromArray(0.0));
        Parameter b = new Parameter("b", Nd4j.createFromArray(0.0));
        Optimizer opt = new Sgd(List.of(a, b), 1.0, 0.5);
        a.grad().assign(1);
        b.grad().assign(-2);
        opt.step();   // v = g
        opt.step();   // v = 0.5 * g + g
        assertEquals(-2.5, a.value().getDouble(0), 1e-12);
        assertEquals(5.0, b.value().getDouble(0), 1e-12);
    }

    @Test
    void learningRateCanBeChanged() {
        Parameter w = new Parameter("w", Nd4j.createFromArray(0.0));
        Optimizer opt = new Sgd(List.of(w), 0.1);
        assertEquals(0.1, opt.learningRate());
        opt.setLearningRate(0.5);
        assertEquals(0.5, opt.learningRate());
        w.grad().assign(2);
        opt.step();
        assertEquals(-1.0, w.value().getDouble(0), 1e-12);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Parameter a = new Parameter("a", Nd4j.createFromArray(1.0, 2.0));
        Parameter b = new Parameter("b", Nd4j.createFromArray(3.0));
        a.grad().assign(5);
        b.grad().assign(6);
        new Adam(List.of(a, b), 0.1).zeroGrad();
        assertArrayEquals(new double[] {0, 0}, a.grad().toDoubleVector(), 0.0);
        assertArrayEquals(new double[] {0}, b.grad().toDoubleVector(), 0.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void aBadLearningRateIsRefused(double lr) {
        List<Parameter> p = List.of(start());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(p, lr));
        assertTrue(e.getMessage().contains("Adam: learning rate must be a finite number >= 0"), e.getMessage());
        Optimizer opt = new Sgd(p, 0.1);
        assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(lr));
        assertEquals(0.1, opt.learningRate());
    }

    @Test
    void badHyperparametersAreRefused() {
        List<Parameter> p = List.of(start());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, -0.5));
        IllegalArgumentException nesterov = assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1, 0, true));
        assertTrue(nesterov.getMessage().contains("Nesterov"), nesterov.getMessage());
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class, () -> new Adam(p, 0.1, 1.0, 0.999, 1e-8));
        assertTrue(beta.getMessage().contains("beta1 must be in [0, 1) but was 1.0"), beta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(p, 0.1, 1.5, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdaDelta(p, 1.0, 0.9, -1e-6));
        assertThrows(IllegalArgumentException.class, () -> new AdaGrad(p, 0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1).weightDecay(-0.01));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(p, 0.1).l1(Double.NaN));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1));
        assertTrue(empty.getMessage().contains("no parameters"), empty.getMessage());
    }

    @Test
    void aNaNGradientNamesTheParameterAndChangesNothing() {
        Parameter fine = new Parameter("0.weight", Nd4j.createFromArray(1.0, 2.0));
        Parameter broken = new Parameter("2.bias", Nd4j.createFromArray(3.0, 4.0, 5.0));
        fine.grad().assign(1);
        broken.grad().putScalar(2, Double.NaN);
        Optimizer opt = new Adam(List.of(fine, broken), 0.1);
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("'2.bias'") && e.getMessage().contains("NaN at entry 2"), e.getMessage());
        assertArrayEquals(new double[] {1, 2}, fine.value().toDoubleVector(), 0.0, "no parameter may change");
        assertArrayEquals(new double[] {3, 4, 5}, broken.value().toDoubleVector(), 0.0);
        assertEquals(0, opt.steps());
    }

    @Test
    void anInfiniteGradientIsRefusedToo() {
        Parameter w = new Parameter("weight", Nd4j.createFromArray(1.0f, 2.0f));
        w.grad().putScalar(0, Float.NEGATIVE_INFINITY);
        IllegalStateException e = assertThrows(IllegalStateException.class, new Sgd(List.of(w), 0.1)::step);
        assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("-Infinity"), e.getMessage());
    }

    @Test
    void aNaNInALargeGradientIsFoundToo() {
        // large arrays are checked by an ND4J reduction, small ones by a Java loop: test both paths
        Parameter w = new Parameter("embedding", Nd4j.zeros(DataType.FLOAT, 100, 50));
        w.grad().putScalar(new long[] {99, 49}, Float.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class, new RmsProp(List.of(w), 0.1)::step);
        assertTrue(e.getMessage().contains("'embedding'") && e.getMessage().contains("NaN at entry 4999"), e.getMessage());
        assertEquals(0.0, w.value().sumNumber().doubleValue(), 0.0);
    }

    /** The warning a step prints when the gradients were not set to zero since the previous step. */
    private static final String NOT_RESET = "was not set to zero since the previous step";

    /** Trains y = 2x + 1 with MSE for {@code steps} steps, calling {@code reset} before each backward. */
    private static String trainAndCaptureErr(Optimizer opt, Linear layer, int steps, Consumer<Linear> reset) {
        INDArray x = Nd4j.createFromArray(new double[][] {{0}, {1}, {2}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1}, {3}, {5}});
        MSELoss mse = new MSELoss();
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < steps; i++) {
                reset.accept(layer);
                mse.forward(layer.forward(x), y);
                layer.backward(mse.backward());
                opt.step();
            }
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static Linear line() {
        return new Linear(Nd4j.createFromArray(new double[][] {{0.5}}), Nd4j.createFromArray(0.0));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aLoopWithoutZeroGradWarnsOnceWithTheFix() {
        Linear layer = line();
        Optimizer opt = new Sgd(layer, 0.01);
        String err = trainAndCaptureErr(opt, layer, 5, l -> { });   // forgets zeroGrad
        assertEquals(1, count(err, NOT_RESET), "one warning per optimizer, however many steps: " + err);
        assertTrue(err.contains("Sgd.step()") && err.contains("'weight'"), err);
        assertTrue(err.contains("Call zeroGrad() on the optimizer (or the model) before each backward pass"), err);
        assertTrue(err.contains("accumulateGradients(true)"), err);
        assertEquals(5, opt.steps(), "the warning does not stop training");
        // another optimizer warns again, once
        Optimizer other = new Adam(layer, 0.01);
        String again = trainAndCaptureErr(other, layer, 3, l -> { });
        assertEquals(1, count(again, NOT_RESET), again);
        assertTrue(again.contains("Adam.step()"), again);
        // an anonymous subclass (as a notebook check makes) is named by the class it extends
        Optimizer anonymous = new Sgd(layer, 0.01) { };
        String named = trainAndCaptureErr(anonymous, layer, 2, l -> { });
        assertTrue(named.contains("Warning: Sgd.step()"), named);
    }

    @Test
    void zeroGradByTheOptimizerTheModuleOrEachParameterDoesNotWarn() {
        Linear a = line();
        Optimizer byOptimizer = new Sgd(a, 0.01);
        assertEquals("", trainAndCaptureErr(byOptimizer, a, 5, l -> byOptimizer.zeroGrad()));
        Linear b = line();
        assertEquals("", trainAndCaptureErr(new Sgd(b, 0.01), b, 5, Linear::zeroGrad));
        Linear c = line();
        assertEquals("", trainAndCaptureErr(new Sgd(c, 0.01), c, 5, l -> l.parameters().forEach(Parameter::zeroGrad)));
        // one step cannot follow an earlier one: no warning even without zeroGrad
        Linear d = line();
        assertEquals("", trainAndCaptureErr(new Sgd(d, 0.01), d, 1, l -> { }));
    }

    @Test
    void resettingOnlySomeParametersStillWarns() {
        Linear layer = line();
        String err = trainAndCaptureErr(new Sgd(layer, 0.01), layer, 3, l -> l.weight().zeroGrad());
        assertEquals(1, count(err, NOT_RESET), err);
        assertTrue(err.contains("'bias'"), "names the parameter that was not reset: " + err);
    }

    @Test
    void accumulatingOnPurposeDoesNotWarnAndAddsUp() {
        Linear layer = line();
        Optimizer opt = new Sgd(layer, 0.0).accumulateGradients(true);   // lr 0: the weights stay put
        assertTrue(opt.accumulatesGradients());
        String err = trainAndCaptureErr(opt, layer, 3, l -> { });
        assertEquals("", err);
        // three backward passes at the same weights: three times one gradient
        Linear fresh = line();
        trainAndCaptureErr(new Sgd(fresh, 0.0), fresh, 1, Linear::zeroGrad);
        assertEquals(3 * fresh.weight().grad().getDouble(0), layer.weight().grad().getDouble(0), 1e-12);
        assertFalse(new Sgd(fresh, 0.1).accumulatesGradients(), "off by default");
    }

    @Test
    void zeroGradCountsResets() {
        Parameter p = new Parameter("w", Nd4j.createFromArray(1.0, 2.0));
        assertEquals(0, p.gradResets());
        p.grad().assign(3);
        p.zeroGrad();
        new Sgd(List.of(p), 0.1).zeroGrad();
        assertEquals(2, p.gradResets());
        assertArrayEquals(new double[] {0, 0}, p.grad().toDoubleVector(), 0.0);
    }

    @Test
    void changingTheDataTypeAfterTheFirstStepIsAnError() {
        Parameter a = new Parameter("weight", Nd4j.createFromArray(1.0f, 2.0f));
        Parameter b = new Parameter("bias", Nd4j.createFromArray(3.0f));
        Optimizer opt = new Adam(List.of(a, b), 0.1);
        opt.step();
        a.castTo(DataType.DOUBLE);
        double[] before = a.value().toDoubleVector();
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("'weight' changed from FLOAT to DOUBLE"), e.getMessage());
        assertArrayEquals(before, a.value().toDoubleVector(), 0.0);
        assertEquals(1, opt.steps());
    }
}
