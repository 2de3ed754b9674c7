package org.nnlab.nn;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A building block of a network: it maps an input to an output ({@link #forward(INDArray)}) and
 * sends the gradient of the loss back through itself ({@link #backward(INDArray)}).
 *
 * <p>The contract, for every module:
 * <ul>
 *   <li>{@code forward(x)} computes the output and caches what backward needs (usually x or the
 *       output);</li>
 *   <li>{@code backward(dL/dy)} takes the gradient of the loss with respect to the output of the
 *       last forward, ADDS dL/d(parameter) to each parameter's {@link Parameter#grad()}, and returns
 *       dL/dx, the gradient with respect to the input, for the module before it.</li>
 * </ul>
 * Shapes are batch-first: {@code [batch, features]}.
 *
 * <p>Arrays you get from {@code forward} and {@code backward} are yours to keep: a later call never
 * changes them (one exception: {@link Sequential#backward(INDArray)} returns dL/d(input) in a buffer that
 * its next backward overwrites). Inside a {@link Sequential} the arrays passed between layers are
 * different: nobody outside sees them, so layers such as {@link Linear} and the activations write them
 * into buffers they reuse from step to step ({@link #forwardToBuffer(INDArray)}, {@link #backwardToBuffer(INDArray)}).
 * That saves allocating (and later freeing) native memory for every layer at every step, which costs
 * more time than the arithmetic for small networks, and keeps the memory of a training run flat.
 *
 * <p>Data types: a module with parameters keeps them in the data type given when it was built
 * (FLOAT by default) and expects inputs of that type; {@link #to(DataType)} converts them, for example
 * to DOUBLE for a gradient check. Modules without parameters work in the data type of their input.
 */
public abstract class Module {

    private boolean training = true;

    /** Computes the output for a batch of inputs and remembers what backward needs. */
    public abstract INDArray forward(INDArray input);

    /**
     * Takes dL/d(output) of the last forward, accumulates dL/d(parameters) into their gradients and
     * returns dL/d(input).
     */
    public abstract INDArray backward(INDArray gradOutput);

    /**
     * Backward for training, where the input is data: accumulates dL/d(parameters) as {@link #backward}
     * does, but need not compute dL/d(input), which nobody uses there (PyTorch skips it too, for an input
     * that does not require a gradient). For a first Linear(784 -> 256) that is a third of its backward.
     * The default calls backward and drops the result; {@link org.nnlab.train.Trainer} calls this.
     */
    public void backwardToParameters(INDArray gradOutput) {
        backward(gradOutput);
    }

    /**
     * Like {@link #forward(INDArray)}, but the result may be a buffer of this module that its next
     * {@code forwardToBuffer} call overwrites. For a caller that uses the result at once and keeps no
     * reference to it: {@link Sequential} between its layers. The default just calls forward.
     */
    protected INDArray forwardToBuffer(INDArray input) {
        return forward(input);
    }

    /**
     * Like {@link #backward(INDArray)}, but the result may be a buffer of this module that its next
     * {@code backwardToBuffer} call overwrites (see {@link #forwardToBuffer(INDArray)}).
     */
    protected INDArray backwardToBuffer(INDArray gradOutput) {
        return backward(gradOutput);
    }

    /**
     * {@code buffer} if it already has this data type and shape, else a new array (its entries are not
     * set: the caller overwrites them all). Keeps a module's buffers while the batch size stays the same.
     */
    protected static INDArray reuse(INDArray buffer, DataType dataType, long... shape) {
        if (buffer != null && buffer.dataType() == dataType && java.util.Arrays.equals(buffer.shape(), shape)) {
            return buffer;
        }
        return Nd4j.createUninitialized(dataType, shape);
    }

    /**
     * The sub-modules of a module built from modules, by name, in order; none for a layer. A module that
     * lists them here gets the rest from this class, as PyTorch's {@code nn.Module} does: its parameters
     * are theirs, named {@code child.parameter} ({@code lstm.weight_ih_l0}, the keys of a PyTorch
     * {@code state_dict}), and {@link #train()}, {@link #eval()} and {@link #to} reach every one of them.
     */
    protected Map<String, Module> children() {
        return Map.of();
    }

    /** The learnable parameters, in a fixed order (none for an activation; a module's children's, in order). */
    public List<Parameter> parameters() {
        return children().isEmpty() ? List.of() : List.copyOf(namedParameters().values());
    }

    /**
     * The parameters by name, in the order of {@link #parameters()}: {@code weight}, {@code bias}; a
     * child's with the child's name in front ({@code output.weight}); inside a {@link Sequential} prefixed
     * with the layer's index, {@code 0.weight}, as in PyTorch.
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        if (children().isEmpty()) {
            for (Parameter p : parameters()) {
                named.put(p.name(), p);
            }
        }
        children().forEach((child, m) -> m.namedParameters().forEach((name, p) -> named.put(child + "." + name, p)));
        return named;
    }

    /**
     * Saves the parameters to a safetensors file (see {@link org.nnlab.io.SafeTensors}): each one under its
     * name in {@link #namedParameters()}, with its shape and data type, so that {@link #load(Path)} or PyTorch
     * ({@code safetensors.torch.load_file}, then {@code load_state_dict}) can read it back. Saves only the
     * parameters, not the architecture: build the same module to load them into. Returns this.
     */
    public Module save(Path file) {
        return save(file, Map.of());
    }

    /** As {@link #save(Path)}, with string metadata (for example the epoch or a score) in the file's header. */
    public Module save(Path file, Map<String, String> metadata) {
        Checkpoint.save(this, file, metadata);
        return this;
    }

    /**
     * Loads the parameters from a safetensors file written by {@link #save(Path)} or by PyTorch (a
     * {@code state_dict()} saved with {@code safetensors.torch.save_file}). Every parameter must be in the file
     * under its name with its shape, and the file may hold nothing else; FLOAT values load into a DOUBLE module
     * exactly, DOUBLE values into a FLOAT module are refused. On any mismatch an IllegalArgumentException lists
     * every problem and no parameter is changed; a damaged file gives a
     * {@link org.nnlab.io.SafeTensorsFormatException}. Returns this.
     */
    public Module load(Path file) {
        Checkpoint.load(this, file);
        return this;
    }

    /**
     * A copy of every parameter's value by name, as PyTorch's {@code state_dict()}: for example to keep the
     * best parameters seen during training and put them back later with {@link #loadStateDict(Map)}.
     */
    public Map<String, INDArray> stateDict() {
        return Checkpoint.stateDict(this);
    }

    /**
     * Copies the arrays into the parameters of the same names, with the checks of {@link #load(Path)}
     * (names, shapes, data types; nothing is changed if one fails). Returns this.
     */
    public Module loadStateDict(Map<String, INDArray> state) {
        Checkpoint.copyInto(this, state, "the state dict");
        return this;
    }

    /** Sets every parameter's gradient to zero; call it before each backward pass. */
    public void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Training mode (the default): modules such as dropout behave as in training. Returns this. */
    public Module train() {
        setTraining(true);
        return this;
    }

    /** Evaluation mode: modules such as dropout switch themselves off. Returns this. */
    public Module eval() {
        setTraining(false);
        return this;
    }

    /** True in training mode, false in evaluation mode. */
    public boolean isTraining() {
        return training;
    }

    /** Sets the mode; a module with sub-modules passes it on to them. */
    protected void setTraining(boolean training) {
        this.training = training;
        children().values().forEach(m -> m.setTraining(training));
    }

    /** Converts all parameters (values and gradients) to a data type, for example DOUBLE. Returns this. */
    public Module to(DataType dataType) {
        if (!children().isEmpty()) {
            children().values().forEach(m -> m.to(dataType));
            return this;
        }
        for (Parameter p : parameters()) {
            p.castTo(dataType);
        }
        return this;
    }

    /** The name the lectures use, for example {@code Linear(3 -> 4)} or {@code ReLU}. */
    @Override
    public String toString() {
        return getClass().getSimpleName();
    }

    /** The error for a backward that has no forward to go back through. */
    protected IllegalStateException backwardBeforeForward() {
        return new IllegalStateException(this + ": backward called before forward");
    }

    /** Checks that dL/d(output) has the shape of the output of the last forward. */
    protected void checkGradShape(INDArray gradOutput, INDArray output) {
        checkGradShape(gradOutput, output.shape());
    }

    /** Checks that dL/d(output) has the given shape of the output of the last forward. */
    protected void checkGradShape(INDArray gradOutput, long[] outputShape) {
        if (!java.util.Arrays.equals(gradOutput.shape(), outputShape)) {
            throw new IllegalArgumentException(this + ": backward expects gradOutput of the output's shape "
                    + java.util.Arrays.toString(outputShape) + " but got "
                    + java.util.Arrays.toString(gradOutput.shape()));
        }
    }
}
