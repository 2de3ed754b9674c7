package org.nnlab.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnlab.check.FiniteDifference;

class ValueTest {

    // ---- every operation against central finite differences ----

    static Stream<Arguments> unaryOperations() {
        return Stream.of(
                Arguments.of("neg", (UnaryOperator<Value>) Value::neg, new double[] {-2, 0.3, 5}),
                Arguments.of("pow 2", (UnaryOperator<Value>) a -> a.pow(2), new double[] {-2, 0.3, 5}),
                Arguments.of("pow 3", (UnaryOperator<Value>) a -> a.pow(3), new double[] {-2, 0.3, 1.7}),
                Arguments.of("pow -1", (UnaryOperator<Value>) a -> a.pow(-1), new double[] {-2, 0.3, 5}),
                Arguments.of("pow 0.5", (UnaryOperator<Value>) a -> a.pow(0.5), new double[] {0.3, 2, 5}),
                Arguments.of("exp", (UnaryOperator<Value>) Value::exp, new double[] {-2, 0, 0.3, 3}),
                Arguments.of("log", (UnaryOperator<Value>) Value::log, new double[] {0.1, 1, 7}),
                Arguments.of("tanh", (UnaryOperator<Value>) Value::tanh, new double[] {-2, 0, 0.3, 1.5}),
                Arguments.of("relu", (UnaryOperator<Value>) Value::relu, new double[] {-2, -0.3, 0.3, 4}),
                Arguments.of("sigmoid", (UnaryOperator<Value>) Value::sigmoid, new double[] {-30, -2, 0, 0.3, 4}),
                Arguments.of("add 2.5", (UnaryOperator<Value>) a -> a.add(2.5), new double[] {-2, 3}),
                Arguments.of("sub 2.5", (UnaryOperator<Value>) a -> a.sub(2.5), new double[] {-2, 3}),
                Arguments.of("mul 2.5", (UnaryOperator<Value>) a -> a.mul(2.5), new double[] {-2, 3}),
                Arguments.of("div 2.5", (UnaryOperator<Value>) a -> a.div(2.5), new double[] {-2, 3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOperations")
    void unaryGradientMatchesFiniteDifferences(String name, UnaryOperator<Value> op, double[] points) {
        for (double x : points) {
            Value a = new Value(x, "a");
            Value out = op.apply(a);
            out.backward();
            double numeric = FiniteDifference.derivative(t -> op.apply(new Value(t)).data(), x);
            assertEquals(numeric, a.grad(), 1e-6 * Math.max(1, Math.abs(numeric)), name + " at " + x);
            assertEquals(1.0, out.grad(), name + ": d(out)/d(out)");
        }
    }

    static Stream<Arguments> binaryOperations() {
        return Stream.of(
                Arguments.of("add", (BinaryOperator<Value>) Value::add),
                Arguments.of("sub", (BinaryOperator<Value>) Value::sub),
                Arguments.of("mul", (BinaryOperator<Value>) Value::mul),
                Arguments.of("div", (BinaryOperator<Value>) Value::div));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOperations")
    void binaryGradientsMatchFiniteDifferences(String name, BinaryOperator<Value> op) {
        double[][] points = {{2, 3}, {-1.5, 0.7}, {0.4, -2.2}};
        for (double[] p : points) {
            Value a = new Value(p[0], "a");
            Value b = new Value(p[1], "b");
            op.apply(a, b).backward();
            double dA = FiniteDifference.derivative(t -> op.apply(new Value(t), new Value(p[1])).data(), p[0]);
            double dB = FiniteDifference.derivative(t -> op.apply(new Value(p[0]), new Value(t)).data(), p[1]);
            assertEquals(dA, a.grad(), 1e-6 * Math.max(1, Math.abs(dA)), name + " d/da at " + p[0] + ", " + p[1]);
            assertEquals(dB, b.grad(), 1e-6 * Math.max(1, Math.abs(dB)), name + " d/db at " + p[0] + ", " + p[1]);
        }
    }

    @Test
    void forwardValues() {
        Value a = new Value(3);
        Value b = new Value(-2);
        assertEquals(1, a.add(b).data());
        assertEquals(5, a.sub(b).data());
        assertEquals(-6, a.mul(b).data());
        assertEquals(-1.5, a.div(b).data());
        assertEquals(-3, a.neg().data());
        assertEquals(9, a.pow(2).data());
        assertEquals(Math.exp(3), a.exp().data());
        assertEquals(Math.log(3), a.log().data());
        assertEquals(Math.tanh(-2), b.tanh().data());
        assertEquals(3, a.relu().data());
        assertEquals(0, b.relu().data());
        assertEquals(1 / (1 + Math.exp(2)), b.sigmoid().data(), 1e-15);
        assertEquals(1 / (1 + Math.exp(-800)), new Value(800).sigmoid().data());   // no overflow either way
        assertEquals(0, new Value(-800).sigmoid().data(), 1e-300);
    }

    @Test
    void operationsRecordTheirInputs() {
        Value a = new Value(3, "a");
        Value b = new Value(-2, "b");
        Value c = a.mul(b);
        assertEquals("*", c.op());
        assertEquals(List.of(a, b), c.children());
        assertEquals("^2", a.pow(2).op());
        assertEquals("", a.op());
        assertTrue(a.children().isEmpty());
        assertEquals("c", c.label("c").label());
    }

    @Test
    void reluAtZeroHasGradientZero() {
        Value a = new Value(0);
        a.relu().backward();
        assertEquals(0, a.grad());
    }

    // ---- composite expressions with gradients computed by hand ----

    @Test
    void neuronWithTanh() {
        // o = tanh(x1 w1 + x2 w2 + b), micrograd's lecture example; b is chosen so that n = 0.8814 and o = 1/√2
        Value x1 = new Value(2.0, "x1");
        Value x2 = new Value(0.0, "x2");
        Value w1 = new Value(-3.0, "w1");
        Value w2 = new Value(1.0, "w2");
        Value b = new Value(6.8813735870195432, "b");
        Value n = x1.mul(w1).add(x2.mul(w2)).add(b).label("n");
        Value o = n.tanh().label("o");
        o.backward();
        assertEquals(Math.sqrt(0.5), o.data(), 1e-12);
        // do/dn = 1 - o² = 0.5; then each product passes it on times the other factor
        assertEquals(0.5, n.grad(), 1e-12);
        assertEquals(0.5, b.grad(), 1e-12);
        assertEquals(-1.5, x1.grad(), 1e-12);   // w1 · 0.5
        assertEquals(1.0, w1.grad(), 1e-12);    // x1 · 0.5
        assertEquals(0.5, x2.grad(), 1e-12);    // w2 · 0.5
        assertEquals(0.0, w2.grad(), 1e-12);    // x2 · 0.5
    }

    @Test
    void microgradReadmeExample() {
        // micrograd's README example; its numbers were checked there against PyTorch
        Value a = new Value(-4.0, "a");
        Value b = new Value(2.0, "b");
        Value c = a.add(b);
        Value d = a.mul(b).add(b.pow(3));
        c = c.add(c.add(1));
        c = c.add(c.add(1).add(a.neg()));   // 1 + c + (-a)
        d = d.add(d.mul(2).add(b.add(a).relu()));
        d = d.add(d.mul(3).add(b.sub(a).relu()));
        Value e = c.sub(d);
        Value f = e.pow(2);
        Value g = f.div(2.0);
        g = g.add(new Value(10.0).div(f));
        g.backward();
        assertEquals(24.7041, g.data(), 1e-4);
        assertEquals(138.8338, a.grad(), 1e-4);
        assertEquals(645.5773, b.grad(), 1e-4);
    }

    @Test
    void nodeUsedTwiceAccumulatesBothPaths() {
        Value a = new Value(3.0, "a");
        a.add(a).backward();            // d(a + a)/da = 1 + 1
        assertEquals(2.0, a.grad());
        a.mul(a).backward();            // d(a·a)/da = a + a
        assertEquals(6.0, a.grad());
        Value b = new Value(-2.0, "b");
        Value e = a.mul(b);
        Value f = e.add(e.tanh());      // e reaches f by two paths: df/de = 1 + (1 - tanh²e)
        f.backward();
        double t = Math.tanh(-6.0);
        assertEquals(1 + (1 - t * t), e.grad(), 1e-12);
        assertEquals(-2 * (1 + (1 - t * t)), a.grad(), 1e-12);
    }

    // ---- deep graphs and re-running backward ----

    @Test
    void chainOf100000NodesNeedsNoDeepStack() throws InterruptedException {
        // run on a thread with a small stack, where a recursive topological sort would overflow
        AtomicReference<Throwable> failure = new AtomicReference<>();
        double[] grad = new double[1];
        Thread thread = new Thread(null, () -> {
            try {
                Value x = new Value(0.5, "x");
                Value v = x;
                for (int i = 0; i < 100_000; i++) {
                    v = v.add(x);             // after n steps v = (n + 1) x, and dv/dx = n + 1
                }
                v.backward();
                grad[0] = x.grad();
                v.zeroGrad();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "deep-chain", 256 * 1024);
        thread.start();
        thread.join();
        assertNull(failure.get(), () -> "backward on a deep chain failed: " + failure.get());
        assertEquals(100_001.0, grad[0]);
    }

    @Test
    void backwardTwiceGivesTheSameGradients() {
        Value a = new Value(1.5, "a");
        Value b = new Value(-0.5, "b");
        Value c = a.mul(b).add(a.pow(2)).tanh().add(b.exp()).label("c");
        c.backward();
        List<Value> nodes = c.topologicalOrder();
        List<Double> first = grads(nodes);
        c.backward();
        assertEquals(first, grads(nodes));
        // also after a backward from an inner node left other grads in the graph
        nodes.get(nodes.size() - 2).backward();
        c.backward();
        assertEquals(first, grads(nodes));
    }

    @Test
    void zeroGradClearsTheWholeGraph() {
        Value a = new Value(1.5, "a");
        Value b = new Value(-0.5, "b");
        Value c = a.mul(b).add(a).sigmoid();
        c.backward();
        assertTrue(a.grad() != 0 && b.grad() != 0);
        c.zeroGrad();
        for (Value node : c.topologicalOrder()) {
            assertEquals(0.0, node.grad());
        }
    }

    @Test
    void topologicalOrderPutsInputsBeforeResults() {
        Value a = new Value(1, "a");
        Value b = new Value(2, "b");
        Value c = a.mul(b);
        Value d = c.add(a).add(c);
        List<Value> order = d.topologicalOrder();
        assertEquals(5, order.size());   // a, b, c, c + a, d: every node once
        for (Value node : order) {
            for (Value child : node.children()) {
                assertTrue(order.indexOf(child) < order.indexOf(node));
            }
        }
        assertEquals(d, order.get(order.size() - 1));
    }

    @Test
    void setDataChangesALeaf() {
        Value w = new Value(1.0, "w");
        w.setData(0.25);
        assertEquals(0.25, w.data());
    }

    // ---- errors in the lecture's terms ----

    @Test
    void logOfANonPositiveNumber() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> new Value(-1, "p").log());
        assertEquals("log of a non-positive number: log(p = -1) is undefined (log needs an input > 0)",
                e.getMessage());
        assertTrue(assertThrows(ArithmeticException.class, () -> new Value(0).log()).getMessage()
                .startsWith("log of a non-positive number: log(0)"));
    }

    @Test
    void divisionByZero() {
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> new Value(3, "a").div(new Value(0, "b")));
        assertEquals("division by zero: a = 3 / b = 0 (the divisor is 0)", e.getMessage());
        assertTrue(assertThrows(ArithmeticException.class, () -> new Value(0, "x").pow(-1)).getMessage()
                .startsWith("division by zero: pow(x = 0, -1)"));
    }

    @Test
    void notANumber() {
        assertEquals("a Value must be a finite number, but got NaN",
                assertThrows(ArithmeticException.class, () -> new Value(Double.NaN)).getMessage());
        assertEquals("setData on w = 1 must be a finite number, but got Infinity",
                assertThrows(ArithmeticException.class,
                        () -> new Value(1, "w").setData(Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("pow of a negative number to a non-integer power: pow(x = -4, 0.5) is not a real number",
                assertThrows(ArithmeticException.class, () -> new Value(-4, "x").pow(0.5)).getMessage());
    }

    @Test
    void overflow() {
        assertEquals("exp of z = 1000 is Infinity, not a finite number (overflow)",
                assertThrows(ArithmeticException.class, () -> new Value(1000, "z").exp()).getMessage());
        assertEquals("mul of 1.0E200, 1.0E200 is Infinity, not a finite number (overflow)",
                assertThrows(ArithmeticException.class,
                        () -> new Value(1e200).mul(new Value(1e200))).getMessage());
    }

    @Test
    void infiniteGradientNamesTheOperation() {
        // √x has the derivative 1 / (2√x), infinite at x = 0
        Value x = new Value(0, "x");
        Value root = x.pow(0.5).label("r");
        ArithmeticException e = assertThrows(ArithmeticException.class, root::backward);
        assertEquals("backward through pow made the grad of x = 0 Infinity (the grad of the result r = 0 is 1)",
                e.getMessage());
    }

    @Test
    void toStringShowsLabelDataAndGrad() {
        Value y = new Value(2, "y");
        assertEquals("Value(y, data=2.000, grad=0.000)", y.toString());
        assertEquals("Value(data=-0.5000, grad=0.000)", new Value(-0.5).toString());
    }

    private static List<Double> grads(List<Value> nodes) {
        List<Double> grads = new ArrayList<>();
        for (Value node : nodes) {
            grads.add(node.grad());
        }
        return grads;
    }
}
