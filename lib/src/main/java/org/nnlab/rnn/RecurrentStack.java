package org.nnlab.rnn;

import java.util.ArrayList;
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
        INDArray h = x;
        for (Module layer : layers) {
            h = layer instanceof Bidirectional b ? b.forward(h, mask) : ((Recurrent) layer).forward(h, mask);
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
        List<INDArray> states = new ArrayList<>();
        for (Module layer : layers) {
            for (Recurrent direction : directions(layer)) {
                State s = direction.lastState();
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
