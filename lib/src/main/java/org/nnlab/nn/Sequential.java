package org.nnlab.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Modules applied one after another: forward runs them first to last, backward last to first,
 * each handing the gradient to the one before it (the chain rule, layer by layer).
 */
public class Sequential extends Module {

    private final List<Module> layers;

    /** For example {@code new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1))}. */
    public Sequential(Module... layers) {
        if (layers.length == 0) {
            throw new IllegalArgumentException("Sequential needs at least one module");
        }
        this.layers = List.of(layers);
    }

    /** The modules, in order. */
    public List<Module> layers() {
        return layers;
    }

    /** The module at {@code index} (0 is the first). */
    public Module get(int index) {
        return layers.get(index);
    }

    /** The number of modules. */
    public int size() {
        return layers.size();
    }

    /**
     * Runs the layers first to last. The arrays between layers are the layers' reused buffers
     * ({@link Module#forwardToBuffer(INDArray)}); the output of the last layer is a new array, yours to keep.
     */
    @Override
    public INDArray forward(INDArray input) {
        int last = layers.size() - 1;
        INDArray x = input;
        for (int i = 0; i < last; i++) {
            x = layers.get(i).forwardToBuffer(x);
        }
        return layers.get(last).forward(x);
    }

    /**
     * Runs backward last to first, through the layers' reused buffers. The returned dL/d(input) is the
     * first layer's buffer (with one layer: a new array): the next backward overwrites it, so
     * {@code dup()} it to keep it. Training never needs it (the input is data); skipping a new array
     * here keeps memory flat: for a [64, 784] input it would be 200 KB of native memory every step.
     */
    @Override
    public INDArray backward(INDArray gradOutput) {
        int last = layers.size() - 1;
        INDArray grad = layers.get(last).backward(gradOutput);
        for (int i = last - 1; i >= 0; i--) {
            grad = layers.get(i).backwardToBuffer(grad);
        }
        return grad;
    }

    /** Backward for training: as {@link #backward}, but the first layer skips dL/d(input). */
    @Override
    public void backwardToParameters(INDArray gradOutput) {
        int last = layers.size() - 1;
        INDArray grad = gradOutput;
        if (last > 0) {
            grad = layers.get(last).backward(gradOutput);
            for (int i = last - 1; i > 0; i--) {
                grad = layers.get(i).backwardToBuffer(grad);
            }
        }
        layers.get(0).backwardToParameters(grad);
    }

    /** Inside another Sequential: every layer may use its buffers. */
    @Override
    protected INDArray forwardToBuffer(INDArray input) {
        INDArray x = input;
        for (Module layer : layers) {
            x = layer.forwardToBuffer(x);
        }
        return x;
    }

    @Override
    protected INDArray backwardToBuffer(INDArray gradOutput) {
        INDArray grad = gradOutput;
        for (int i = layers.size() - 1; i >= 0; i--) {
            grad = layers.get(i).backwardToBuffer(grad);
        }
        return grad;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Module layer : layers) {
            all.addAll(layer.parameters());
        }
        return all;
    }

    /** {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...: the layer's index, a dot, its name. */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Map.Entry<String, Parameter> e : layers.get(i).namedParameters().entrySet()) {
                named.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return named;
    }

    @Override
    protected void setTraining(boolean training) {
        super.setTraining(training);
        for (Module layer : layers) {
            layer.setTraining(training);
        }
    }

    /** {@code Sequential(Linear(2 -> 2), ReLU, Linear(2 -> 1))}. */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "Sequential(", ")");
        for (Module layer : layers) {
            joiner.add(layer.toString());
        }
        return joiner.toString();
    }
}
