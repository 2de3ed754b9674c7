package org.nnlab.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A scalar that remembers how it was computed, so that the chain rule can be run backwards through
 * the computation: reverse-mode automatic differentiation, one number at a time (after Andrej
 * Karpathy's micrograd).
 *
 * <p>Every operation creates a new {@code Value} whose {@code children} are its inputs and whose
 * {@code op} names the operation. Together they form a directed acyclic graph: the computation graph.
 * Each operation also leaves behind a small "backward step": given {@code out.grad} (the derivative of
 * the final result with respect to {@code out}), it adds to each input's grad the chain-rule term
 * <pre>
 *   d(result)/d(input) += d(result)/d(out) * d(out)/d(input)
 * </pre>
 * where {@code d(out)/d(input)} is the operation's <em>local derivative</em>, written next to each
 * operation below. The {@code +=} matters: an input used by several operations receives one term from
 * each (the multivariate chain rule sums over all paths).
 *
 * <p>{@link #backward()} visits the nodes in reverse topological order (every node after all nodes
 * that use it), so that a node's grad is complete before its own backward step passes it on.
 *
 * <pre>{@code
 * Value x = new Value(2.0, "x");
 * Value y = x.mul(x).add(x.mul(3.0)).label("y");   // y = x² + 3x
 * y.backward();
 * x.grad();                                         // dy/dx = 2x + 3 = 7
 * y.graph();                                        // the computation graph as a picture
 * }</pre>
 *
 * <p>Values are finite numbers: an operation whose result would be NaN or infinite (log of a
 * non-positive number, division by zero, exp overflowing, ...) throws an {@link ArithmeticException}
 * that names the operation and its inputs, at the line where it happened rather than many steps later.
 */
public final class Value {

    private double data;
    private double grad;
    private String label;
    private final String op;
    private final List<Value> children;
    /** Adds this node's contribution to the grads of its children (set by the operation that made it). */
    private Runnable backwardStep = () -> { };

    /** A leaf (an input or a parameter) with no label. */
    public Value(double data) {
        this(data, "");
    }

    /** A leaf (an input or a parameter) with a label, shown when the graph is drawn. */
    public Value(double data, String label) {
        this(checkFinite(data, "a Value"), label, "", List.of());
    }

    private Value(double data, String label, String op, List<Value> children) {
        this.data = data;
        this.label = label == null ? "" : label;
        this.op = op;
        this.children = children;
    }

    /** The number this node holds. */
    public double data() {
        return data;
    }

    /**
     * Changes the number of a leaf, for example a parameter after a gradient-descent step
     * ({@code w.setData(w.data() - lr * w.grad())}). Nodes computed from it are not recomputed: run the
     * forward computation again to get new results.
     */
    public void setData(double data) {
        this.data = checkFinite(data, "setData on " + describe(this));
    }

    /** d(root)/d(this) after {@code root.backward()}; 0 before any backward. */
    public double grad() {
        return grad;
    }

    /** The name shown when the graph is drawn ("" if none). */
    public String label() {
        return label;
    }

    /** Names this node and returns it, so a computation can be labelled as it is written. */
    public Value label(String label) {
        this.label = label == null ? "" : label;
        return this;
    }

    /** The operation that made this node ("+", "*", "tanh", ...), or "" for a leaf. */
    public String op() {
        return op;
    }

    /** The inputs of the operation that made this node (empty for a leaf). */
    public List<Value> children() {
        return children;
    }

    // ---- operations; each with its local derivative d(out)/d(input) ----

    /** out = a + b. Local derivatives: d(out)/da = 1, d(out)/db = 1 (a sum passes its grad on unchanged). */
    public Value add(Value other) {
        Value out = result(data + other.data, "+", this, other);
        out.backwardStep = () -> {
            this.grad += out.grad;
            other.grad += out.grad;
        };
        return out;
    }

    /** out = a + c for a constant c. */
    public Value add(double c) {
        return add(new Value(c));
    }

    /** out = a - b. Local derivatives: d(out)/da = 1, d(out)/db = -1. */
    public Value sub(Value other) {
        Value out = result(data - other.data, "-", this, other);
        out.backwardStep = () -> {
            this.grad += out.grad;
            other.grad -= out.grad;
        };
        return out;
    }

    /** out = a - c for a constant c. */
    public Value sub(double c) {
        return sub(new Value(c));
    }

    /** out = a · b. Local derivatives: d(out)/da = b, d(out)/db = a (each factor gets the other one). */
    public Value mul(Value other) {
        Value out = result(data * other.data, "*", this, other);
        out.backwardStep = () -> {
            this.grad += other.data * out.grad;
            other.grad += this.data * out.grad;
        };
        return out;
    }

    /** out = a · c for a constant c. */
    public Value mul(double c) {
        return mul(new Value(c));
    }

    /** out = a / b. Local derivatives: d(out)/da = 1/b, d(out)/db = -a/b². */
    public Value div(Value other) {
        if (other.data == 0) {
            throw new ArithmeticException("division by zero: " + describe(this) + " / " + describe(other)
                    + " (the divisor is 0)");
        }
        Value out = result(data / other.data, "/", this, other);
        out.backwardStep = () -> {
            this.grad += (1 / other.data) * out.grad;
            other.grad += (-this.data / (other.data * other.data)) * out.grad;
        };
        return out;
    }

    /** out = a / c for a constant c. */
    public Value div(double c) {
        return div(new Value(c));
    }

    /** out = -a. Local derivative: d(out)/da = -1. */
    public Value neg() {
        Value out = result(-data, "neg", this);
        out.backwardStep = () -> this.grad -= out.grad;
        return out;
    }

    /** out = aⁿ for a constant exponent n. Local derivative: d(out)/da = n·aⁿ⁻¹ (the power rule). */
    public Value pow(double n) {
        if (data == 0 && n < 0) {
            throw new ArithmeticException("division by zero: pow(" + describe(this) + ", " + number(n)
                    + ") is 1 / 0^" + number(-n));
        }
        if (data < 0 && n != Math.rint(n)) {
            throw new ArithmeticException("pow of a negative number to a non-integer power: pow("
                    + describe(this) + ", " + number(n) + ") is not a real number");
        }
        Value out = result(Math.pow(data, n), "^" + number(n), this);
        out.backwardStep = () -> this.grad += n * Math.pow(this.data, n - 1) * out.grad;
        return out;
    }

    /** out = eᵃ. Local derivative: d(out)/da = eᵃ = out (exp is its own derivative). */
    public Value exp() {
        Value out = result(Math.exp(data), "exp", this);
        out.backwardStep = () -> this.grad += out.data * out.grad;
        return out;
    }

    /** out = ln a (natural logarithm), defined for a > 0. Local derivative: d(out)/da = 1/a. */
    public Value log() {
        if (data <= 0) {
            throw new ArithmeticException("log of a non-positive number: log(" + describe(this)
                    + ") is undefined (log needs an input > 0)");
        }
        Value out = result(Math.log(data), "log", this);
        out.backwardStep = () -> this.grad += (1 / this.data) * out.grad;
        return out;
    }

    /** out = tanh a. Local derivative: d(out)/da = 1 - tanh²a = 1 - out². */
    public Value tanh() {
        Value out = result(Math.tanh(data), "tanh", this);
        out.backwardStep = () -> this.grad += (1 - out.data * out.data) * out.grad;
        return out;
    }

    /**
     * out = max(0, a). Local derivative: 1 where a > 0, else 0 (at a = 0 we take 0, as PyTorch does;
     * the kink has no derivative).
     */
    public Value relu() {
        Value out = result(Math.max(0, data), "relu", this);
        out.backwardStep = () -> this.grad += (this.data > 0 ? 1 : 0) * out.grad;
        return out;
    }

    /** out = σ(a) = 1 / (1 + e⁻ᵃ). Local derivative: d(out)/da = σ(a)(1 - σ(a)) = out(1 - out). */
    public Value sigmoid() {
        // for a very negative a, e^-a overflows to infinity and 1 / (1 + infinity) = 0: still right
        Value out = result(1 / (1 + Math.exp(-data)), "sigmoid", this);
        out.backwardStep = () -> this.grad += out.data * (1 - out.data) * out.grad;
        return out;
    }

    // ---- backpropagation ----

    /**
     * Computes d(this)/d(node) into {@code node.grad()} for every node this value depends on.
     *
     * <p>Re-running is safe: backward first sets the grad of every node it reaches to 0 (and its own to
     * d(this)/d(this) = 1), so calling it twice gives the same grads, not doubled ones. The other side of
     * this choice: grads are those of <em>this</em> backward only. To combine several results (the
     * losses of a mini-batch), add them into one Value and call backward on the sum; PyTorch instead
     * accumulates across calls until you zero the grads.
     *
     * <p>Within one backward, grads do accumulate: a node used twice receives the sum of both
     * chain-rule terms.
     */
    public void backward() {
        List<Value> order = topologicalOrder();
        for (Value node : order) {
            node.grad = 0;
        }
        grad = 1;
        // from the result back to the inputs: each node's grad is complete before it is passed on
        for (int i = order.size() - 1; i >= 0; i--) {
            Value node = order.get(i);
            node.backwardStep.run();
            for (Value child : node.children) {
                if (!Double.isFinite(child.grad)) {
                    throw new ArithmeticException("backward through " + node.opName() + " made the grad of "
                            + describe(child) + " " + number(child.grad) + " (the grad of the result "
                            + describe(node) + " is " + number(node.grad) + ")");
                }
            }
        }
    }

    /** Sets the grad of this node and of every node it depends on to 0. */
    public void zeroGrad() {
        for (Value node : topologicalOrder()) {
            node.grad = 0;
        }
    }

    /**
     * This node and every node it depends on, each after all of its children: inputs first, this node
     * last.
     *
     * <p>Iterative depth-first search with an explicit stack, so that a chain of 100,000 operations
     * needs no deep Java call stack. A node is pushed once to expand it (push its children) and once
     * more, below its children, to be emitted after them.
     */
    public List<Value> topologicalOrder() {
        List<Value> order = new ArrayList<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Value> stack = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();   // parallel to stack: children already pushed?
        stack.push(this);
        expanded.push(false);
        while (!stack.isEmpty()) {
            Value node = stack.pop();
            boolean childrenDone = expanded.pop();
            if (childrenDone) {
                order.add(node);
            } else if (seen.add(node)) {
                stack.push(node);
                expanded.push(true);
                // pushed last to first, so the first input is visited (and listed) first
                for (int i = node.children.size() - 1; i >= 0; i--) {
                    Value child = node.children.get(i);
                    if (!seen.contains(child)) {
                        stack.push(child);
                        expanded.push(false);
                    }
                }
            }
        }
        return order;
    }

    // ---- drawing ----

    /** The computation graph that produced this value, drawn as SVG with data and grad on each node. */
    public Graph graph() {
        return new Graph(this);
    }

    /** For example {@code Value(y, data=10.00, grad=1.000)}. */
    @Override
    public String toString() {
        return "Value(" + (label.isEmpty() ? "" : label + ", ") + "data=" + Graph.format(data)
                + ", grad=" + Graph.format(grad) + ")";
    }

    // ---- helpers ----

    /** A new node for the result of {@code op}, checked to be a finite number. */
    private static Value result(double data, String op, Value... inputs) {
        if (!Double.isFinite(data)) {
            StringBuilder in = new StringBuilder();
            for (Value input : inputs) {
                in.append(in.length() == 0 ? "" : ", ").append(describe(input));
            }
            throw new ArithmeticException(
                    opName(op) + " of " + in + " is " + number(data) + ", not a finite number"
                            + (Double.isInfinite(data) ? " (overflow)" : ""));
        }
        return new Value(data, "", op, List.of(inputs));
    }

    private String opName() {
        return opName(op);
    }

    private static String opName(String op) {
        switch (op) {
            case "+": return "add";
            case "-": return "sub";
            case "*": return "mul";
            case "/": return "div";
            default: return op.startsWith("^") ? "pow" : op;
        }
    }

    private static double checkFinite(double x, String what) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException(what + " must be a finite number, but got " + number(x));
        }
        return x;
    }

    /** A node as errors name it: "x = -1" or "-1". */
    static String describe(Value v) {
        return v.label.isEmpty() ? number(v.data) : v.label + " = " + number(v.data);
    }

    /** A number as errors write it: shortest form, "2" rather than "2.0". */
    static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) x);
        }
        return Double.toString(x);
    }
}
