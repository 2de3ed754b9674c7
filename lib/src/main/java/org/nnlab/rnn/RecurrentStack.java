package org.nnlab.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.Module;
import org.nnlab.nn.Parameter;

/**
 * Stacked recurrent layers, as PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU} with
 * {@code batch_first=True}: layer 1 reads x, layer k + 1 reads the hidden states of layer k.
 * <pre>
 *   h^(1)_t = cell_1(x_t, h^(1)_{t-1})      h^(k+1)_t = cell_{k+1}(h^(k)_t, h^(k+1)_{t-1})      output = h^(L)
 * </pre>
 * Each layer is a {@link Recurrent} or, with {@code bidirectional}, a {@link Bidirectional} (then layer
 * k + 1 reads [→h | ←h], 2 · hidden features). The mask is given to every layer. The parameters carry
 * PyTorch's names: {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0}, then {@code ..._l0_reverse}
 * for the backward direction, then {@code ..._l1}, and so on, so weights can be compared one to one.
 *
 * <p><b>States in PyTorch's layout.</b> Initial states, final states and their gradients are
 * {@code [layers · directions, batch, hidden]}: row {@code k · directions + d} is layer k, direction d
 * (0 forward, 1 reverse). {@link #forward(INDArray, INDArray, INDArray, INDArray)} starts from h_0 (c_0),
 * {@link #lastHidden()}/{@link #lastCell()} are h_n/c_n, {@link #backward(INDArray, INDArray, INDArray)}
 * takes dL/dh_n (dL/dc_n) besides dL/d(output), and {@link #initialHiddenGradient()}/{@link #initialCellGradient()}
 * are then dL/dh_0 (dL/dc_0). Backward, layer k gets the gradient of its outputs (dL/dx of layer k + 1) and
 * the gradient of its own rows of h_n (c_n).
 */
public class RecurrentStack extends Module {

    /** Makes the cell of one layer and direction from its input size and hidden size. */
    @FunctionalInterface
    public interface CellMaker {
        RecurrentCell make(int inputSize, int hiddenSize);
    }

    private final List<Module> layers = new ArrayList<>(); // Recurrent or Bidirectional
    private final int hiddenSize;
    private final boolean bidirectional;
    private INDArray nextMask;
    private long batch = -1; // of the last forward

    /** {@code layers} layers of cells made by {@code cell}, one or two directions each. */
    public RecurrentStack(CellMaker cell, int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        if (layers < 1) {
            throw new IllegalArgumentException("RecurrentStack needs at least 1 layer but got " + layers);
        }
        this.hiddenSize = hiddenSize;
        this.bidirectional = bidirectional;
        int in = inputSize;
        for (int k = 0; k < layers; k++) {
            if (bidirectional) {
                this.layers.add(new Bidirectional(cell.make(in, hiddenSize), cell.make(in, hiddenSize)));
            } else {
                this.layers.add(new Recurrent(cell.make(in, hiddenSize)));
            }
            in = bidirectional ? 2 * hiddenSize : hiddenSize;
        }
    }

    /** Like {@code nn.RNN(input, hidden, num_layers, bidirectional=...)}: tanh cells with bias, FLOAT. */
    public static RecurrentStack rnn(int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        return new RecurrentStack(RnnCell::new, inputSize, hiddenSize, layers, bidirectional);
    }

    /** Like {@code nn.LSTM(input, hidden, num_layers, bidirectional=...)}: with bias, FLOAT. */
    public static RecurrentStack lstm(int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        return new RecurrentStack(LstmCell::new, inputSize, hiddenSize, layers, bidirectional);
    }

    /** Like {@code nn.GRU(input, hidden, num_layers, bidirectional=...)}: PyTorch's form, with bias, FLOAT. */
    public static RecurrentStack gru(int inputSize, int hiddenSize, int layers, boolean bidirectional) {
        return new RecurrentStack(GruCell::new, inputSize, hiddenSize, layers, bidirectional);
    }

    /** Like {@code nn.RNN(..., bias=bias, dtype=...)}: tanh cells, with or without b_ih and b_hh, in {@code dataType}. */
    public static RecurrentStack rnn(int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                                     DataType dataType) {
        return new RecurrentStack((in, h) -> new RnnCell(in, h, RnnCell.Nonlinearity.TANH, bias, dataType),
                inputSize, hiddenSize, layers, bidirectional);
    }

    /** Like {@code nn.LSTM(..., bias=bias, dtype=...)}. */
    public static RecurrentStack lstm(int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                                      DataType dataType) {
        return new RecurrentStack((in, h) -> new LstmCell(in, h, bias, dataType), inputSize, hiddenSize, layers,
                bidirectional);
    }

    /** Like {@code nn.GRU(..., bias=bias, dtype=...)}: PyTorch's form of the GRU. */
    public static RecurrentStack gru(int inputSize, int hiddenSize, int layers, boolean bidirectional, boolean bias,
                                     DataType dataType) {
        return new RecurrentStack((in, h) -> new GruCell(in, h, GruCell.Formulation.PYTORCH, bias, dataType),
                inputSize, hiddenSize, layers, bidirectional);
    }

    /** The layers, first to last: each a {@link Recurrent} or a {@link Bidirectional}. */
    public List<Module> layers() {
        return List.copyOf(layers);
    }

    /** The size of the output at each step: hidden, or 2 · hidden when bidirectional. */
    public int outputSize() {
        return bidirectional ? 2 * hiddenSize : hiddenSize;
    }

    /** The mask {@code [batch, time]} that the following {@link #forward(INDArray)} calls use; null = no padding. */
    public void useMask(INDArray mask) {
        this.nextMask = mask;
    }

    /** The last layer's hidden states, with the mask of {@link #useMask(INDArray)} (or none). */
    @Override
    public INDArray forward(INDArray x) {
        return forward(x, nextMask);
    }

    /** The last layer's hidden states {@code [batch, time, outputSize()]}; mask as in {@link Recurrent}. */
    public INDArray forward(INDArray x, INDArray mask) {
        return forward(x, mask, null, null);
    }

    /**
     * As {@link #forward(INDArray, INDArray)} from the initial hidden states h_0 {@code [layers · directions,
     * batch, hidden]} (PyTorch's {@code rnn(x, h_0)}, {@code gru(x, h_0)}); null: zeros. An LSTM needs c_0 too:
     * {@link #forward(INDArray, INDArray, INDArray, INDArray)}.
     */
    public INDArray forward(INDArray x, INDArray mask, INDArray h0) {
        return forward(x, mask, h0, null);
    }

    /**
     * As {@link #forward(INDArray, INDArray)} from h_0 and c_0, {@code [layers · directions, batch, hidden]} each
     * (PyTorch's {@code lstm(x, (h_0, c_0))}); both null: zeros; c_0 only for an LSTM.
     */
    public INDArray forward(INDArray x, INDArray mask, INDArray h0, INDArray c0) {
        batch = x.rank() == 3 ? x.size(0) : -1; // any other rank: the first layer says what it expects
        List<State> initial = (h0 == null && c0 == null) || batch < 0 ? null : splitStates("h_0", "c_0", h0, c0, x);
        INDArray h = x;
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k) instanceof Bidirectional b) {
                h = b.forward(h, mask, row(initial, 2 * k), row(initial, 2 * k + 1));
            } else {
                h = ((Recurrent) layers.get(k)).forward(h, mask, row(initial, k));
            }
        }
        return h;
    }

    /** BPTT through every layer, last to first; returns dL/dx. */
    @Override
    public INDArray backward(INDArray gradOutput) {
        INDArray grad = gradOutput;
        for (int k = layers.size() - 1; k >= 0; k--) {
            grad = layers.get(k).backward(grad);
        }
        return grad;
    }

    /**
     * BPTT from dL/d(output) {@code [batch, time, outputSize()]} and from the gradients of the final states,
     * dL/dh_n and (LSTM) dL/dc_n {@code [layers · directions, batch, hidden]}, as PyTorch's autograd for a loss
     * that uses output, h_n and c_n; any of the three may be null (no gradient from there). Returns dL/dx;
     * dL/dh_0 and dL/dc_0 are then {@link #initialHiddenGradient()} and {@link #initialCellGradient()}.
     */
    public INDArray backward(INDArray gradOutput, INDArray gradHn, INDArray gradCn) {
        if (batch < 0) {
            throw backwardBeforeForward();
        }
        List<State> gradLast = gradHn == null && gradCn == null ? null
                : splitStates("dL/dh_n", "dL/dc_n", gradHn, gradCn, null);
        INDArray grad = gradOutput;
        for (int k = layers.size() - 1; k >= 0; k--) {
            // layer k: the gradient of its outputs (from layer k + 1) and of its own rows of h_n, c_n
            if (layers.get(k) instanceof Bidirectional b) {
                grad = b.backward(grad, row(gradLast, 2 * k), row(gradLast, 2 * k + 1));
            } else {
                grad = ((Recurrent) layers.get(k)).backward(grad, row(gradLast, k));
            }
        }
        return grad;
    }

    /** Many-to-one: BPTT from dL/dh_n {@code [layers · directions, batch, hidden]} only (the shape of {@link #lastHidden()}). */
    public INDArray backwardLast(INDArray gradHn) {
        return backward(null, gradHn, null);
    }

    /** Many-to-one for an LSTM: BPTT from dL/dh_n and dL/dc_n (either may be null) only. */
    public INDArray backwardLast(INDArray gradHn, INDArray gradCn) {
        return backward(null, gradHn, gradCn);
    }

    /** dL/dh_0 {@code [layers · directions, batch, hidden]} from the last backward (PyTorch's {@code h_0.grad}). */
    public INDArray initialHiddenGradient() {
        return stack(Recurrent::initialStateGradient, false);
    }

    /** dL/dc_0 of an LSTM stack, {@code [layers · directions, batch, hidden]}, from the last backward. */
    public INDArray initialCellGradient() {
        return stack(Recurrent::initialStateGradient, true);
    }

    /** Row i of a split [layers · directions, ...] state, or null when there is none. */
    private static State row(List<State> states, int i) {
        return states == null ? null : states.get(i);
    }

    /**
     * Splits h and c {@code [layers · directions, batch, hidden]} (either may be null) into one State per layer
     * and direction; {@code x} (or null) gives the batch of a forward, else that of the last forward.
     */
    private List<State> splitStates(String hName, String cName, INDArray h, INDArray c, INDArray x) {
        boolean lstm = directions(layers.get(0)).get(0).cell().initialState(1).c() != null;
        if (c != null && !lstm) {
            throw new IllegalArgumentException(this + " has no cell state c (only an LSTM has one): leave " + cName
                    + " null");
        }
        if (x != null && lstm && (h == null || c == null)) {
            throw new IllegalArgumentException(this + " needs both h_0 and c_0 as its initial state (an LSTM carries"
                    + " both), [layers · directions, batch, hidden] = " + Arrays.toString(stateShape()) + " each");
        }
        checkStates(hName, h);
        checkStates(cName, c);
        List<State> states = new ArrayList<>();
        for (int i = 0; i < stateShape()[0]; i++) {
            states.add(new State(h == null ? null : h.slice(i), c == null ? null : c.slice(i)));
        }
        return states;
    }

    /** The shape of h_0, h_n and their gradients: [layers · directions, batch, hidden]. */
    private long[] stateShape() {
        return new long[] {layers.size() * (bidirectional ? 2L : 1L), batch, hiddenSize};
    }

    private void checkStates(String name, INDArray a) {
        if (a != null && !Arrays.equals(a.shape(), stateShape())) {
            throw new IllegalArgumentException(this + " expects " + name + " as [layers · directions,"
                    + " batch, hidden] = " + Arrays.toString(stateShape()) + " (PyTorch's layout: row k · directions"
                    + " + d is layer k, direction d) but got " + Arrays.toString(a.shape())
                    + (a.rank() == 2 ? "; a single layer's [batch, hidden] is a.reshape(1, batch, hidden)" : ""));
        }
    }

    /**
     * PyTorch's {@code h_n}: the last state of every layer and direction, {@code [layers · directions, batch,
     * hidden]}, in the order layer 0 (forward, backward), layer 1, ... Under a mask, the state of each
     * sequence's last real step (forward) and of its first step (backward direction).
     */
    public INDArray lastHidden() {
        return stackStates(false);
    }

    /** PyTorch's {@code c_n} for an LSTM stack, in the order of {@link #lastHidden()}. */
    public INDArray lastCell() {
        return stackStates(true);
    }

    private INDArray stackStates(boolean cellState) {
        return stack(Recurrent::lastState, cellState);
    }

    /** A state of every layer and direction, stacked in PyTorch's layout [layers · directions, batch, hidden]. */
    private INDArray stack(java.util.function.Function<Recurrent, State> which, boolean cellState) {
        List<INDArray> states = new ArrayList<>();
        for (Module layer : layers) {
            for (Recurrent direction : directions(layer)) {
                State s = which.apply(direction);
                if (cellState && s.c() == null) {
                    throw new IllegalStateException(this + " has no cell state c: only an LSTM has one");
                }
                INDArray a = cellState ? s.c() : s.h();
                states.add(a.reshape(1, a.size(0), a.size(1)));
            }
        }
        return Nd4j.concat(0, states.toArray(new INDArray[0]));
    }

    private static List<Recurrent> directions(Module layer) {
        return layer instanceof Bidirectional b ? List.of(b.forwardLayer(), b.backwardLayer()) : List.of((Recurrent) layer);
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** PyTorch's names: {@code weight_ih_l0}, ..., {@code weight_ih_l0_reverse}, ..., {@code weight_ih_l1}, ... */
    @Override
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (int k = 0; k < layers.size(); k++) {
            List<Recurrent> directions = directions(layers.get(k));
            for (int d = 0; d < directions.size(); d++) {
                for (Parameter p : directions.get(d).parameters()) {
                    named.put(p.name() + "_l" + k + (d == 1 ? "_reverse" : ""), p);
                }
            }
        }
        return named;
    }

    @Override
    public Module to(DataType dataType) {
        for (Module layer : layers) {
            layer.to(dataType);
        }
        return this;
    }

    /** For example {@code RecurrentStack(2 x Bidirectional(LstmCell(3 -> 4)))}. */
    @Override
    public String toString() {
        return "RecurrentStack(" + layers.size() + " x " + layers.get(0) + ")";
    }
}
