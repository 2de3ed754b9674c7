/**
 * Recurrent networks. A <b>cell</b> computes ONE time step: from the input {@code x_t} and the state of the
 * previous step it computes the new state, and its backward goes back through that one step.
 * <ul>
 *   <li>{@link org.nnlab.rnn.RnnCell}: the Elman RNN, {@code h_t = tanh(W x_t + U h_{t-1} + b)} (or linear);</li>
 *   <li>{@link org.nnlab.rnn.LstmCell}: input, forget and output gates and a cell state {@code c_t};</li>
 *   <li>{@link org.nnlab.rnn.GruCell}: reset and update gates, in the lectures' and in PyTorch's form.</li>
 * </ul>
 * How a cell is used (a layer unrolls it over time the same way):
 * <pre>{@code
 * State state = cell.initialState(batch);            // h_0 = 0 (and c_0 = 0 for the LSTM)
 * List<Step> steps = new ArrayList<>();
 * for (INDArray x : inputs) {                         // forward: one step per time step
 *     Step step = cell.step(x, state);               // remembers what backward needs
 *     steps.add(step);
 *     state = step.state();
 * }
 * INDArray dh = ..., dc = null;                       // dL/dh_T (and dL/dc_T)
 * for (int t = steps.size() - 1; t >= 0; t--) {      // backward through time, step by step
 *     StepGradients g = cell.backwardStep(steps.get(t), dh, dc);
 *     dh = g.h().add(dLoss_dh(t - 1));               // plus the loss's own gradient at step t - 1
 *     dc = g.c();
 * }
 * }</pre>
 * {@link org.nnlab.rnn.Recurrent} is that layer: it unrolls a cell over {@code [batch, time, features]}
 * with an optional mask, and its backward is backpropagation through time (full or truncated);
 * {@link org.nnlab.rnn.LastHidden} makes it a many-to-one module for a {@code Sequential}. As PyTorch's layers,
 * it can start from a given state h_0 (c_0), take the gradient of its final state h_n (c_n) in backward, and
 * report dL/dh_0 (dL/dc_0); {@link org.nnlab.rnn.RecurrentStack} does so in PyTorch's
 * {@code [layers · directions, batch, hidden]} layout. Masks from sequence lengths:
 * {@link org.nnlab.data.Masks#fromLengths(int[], int)}.
 *
 * <p>Shapes are batch-first: inputs {@code [batch, inputSize]}, states {@code [batch, hiddenSize]}. The
 * parameters are named and laid out as in PyTorch ({@code weight_ih}, {@code weight_hh}, {@code bias_ih},
 * {@code bias_hh}; gate order i, f, g, o for the LSTM and r, z, n for the GRU), so weights can be copied
 * from and results compared with {@code torch.nn.RNNCell}, {@code LSTMCell} and {@code GRUCell}.
 */
package org.nnlab.rnn;
