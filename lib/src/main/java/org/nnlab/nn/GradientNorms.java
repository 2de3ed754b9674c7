package org.nnlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.loss.Loss;

/**
 * The size of the gradient that reaches each layer: the norm {@code ||dL/dW||} of every weight of a model,
 * input side first. In a deep network these numbers show whether the gradient vanishes (shrinks layer
 * by layer toward the input), explodes, or stays about the same size.
 * <pre>{@code
 * GradientNorms g = GradientNorms.measure(model, new MSELoss(), x, y);
 * System.out.println(g);                                   // one line per layer
 * TrainingPlots.gradientNorms(g.layers(), g.norms());      // as bars
 * }</pre>
 *
 * @param layers the weights' names as in {@link Module#namedParameters()}, for example {@code 0.weight}
 * @param norms  the Euclidean (Frobenius) norm of each weight's gradient, in the same order
 */
public record GradientNorms(List<String> layers, double[] norms) {

    /** Checks that there is one norm per layer, and copies both. */
    public GradientNorms {
        if (layers.size() != norms.length) {
            throw new IllegalArgumentException("GradientNorms needs one norm per layer, got " + layers.size()
                    + " layers and " + norms.length + " norms");
        }
        layers = List.copyOf(layers);
        norms = norms.clone();
    }

    /**
     * The norms of the gradients a backward pass has left in the model: every parameter whose name is
     * {@code weight} or ends in {@code .weight} (biases are left out), in the model's order.
     */
    public static GradientNorms of(Module model) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String name = e.getKey();
            if (name.equals("weight") || name.endsWith(".weight")) {
                names.add(name);
                values.add(e.getValue().grad().norm2Number().doubleValue()); // sqrt of the sum of squares
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(model + " has no weights to measure gradients of");
        }
        return new GradientNorms(names, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * One backward pass on one batch, then {@link #of(Module)}: zeroGrad, forward, loss, backward. The
     * parameters are not changed; their gradients hold this batch's afterwards.
     */
    public static GradientNorms measure(Module model, Loss loss, INDArray x, INDArray y) {
        model.zeroGrad();
        loss.forward(model.forward(x), y);
        model.backward(loss.backward());
        return of(model);
    }

    /** The norms (a copy), input side first. */
    @Override
    public double[] norms() {
        return norms.clone();
    }

    /** The norm of the first weight (input side) divided by that of the last (output side). */
    public double firstOverLast() {
        return norms[0] / norms[norms.length - 1];
    }

    /** The largest norm divided by the smallest. */
    public double maxOverMin() {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double n : norms) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        return max / min;
    }

    /** The norms as a map, name to norm, in order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < norms.length; i++) {
            map.put(layers.get(i), norms[i]);
        }
        return map;
    }

    /** One line per layer: {@code 0.weight  ||dL/dW|| = 1.234e-05}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        int width = layers.stream().mapToInt(String::length).max().orElse(0);
        for (int i = 0; i < norms.length; i++) {
            s.append(String.format(Locale.ROOT, "%-" + width + "s  ||dL/dW|| = %.3e%n", layers.get(i), norms[i]));
        }
        return s.toString().stripTrailing();
    }
}
