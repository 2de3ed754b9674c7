package org.nnlab.rnn;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Embedding;
import org.nnlab.nn.Module;

/**
 * A word from its characters with a bidirectional LSTM (Plank et al. 2016; Lample et al. 2016):
 * <pre>
 *   c_1 .. c_n = C[chars of the word]                  character embeddings  [words, n, dim]
 *   →h_n = LSTM→(c_1 .. c_n)      ←h_1 = LSTM←(c_n .. c_1)
 *   word vector = [→h_n ; ←h_1]                         [words, 2 · hidden]
 * </pre>
 * The forward LSTM ends on the word's last letters (its suffix), the backward one on its first letters
 * (prefix, capital). Under padding, each direction stops at the word's own end ({@link Bidirectional}),
 * so padding changes nothing. Backward is BPTT from the two last states only ({@link Bidirectional#backwardLast}).
 */
public class CharBiLstm extends CharEncoder {

    private final Embedding embedding;
    private final Bidirectional lstm;
    private final int hidden;

    /** {@code characters} character indices (0 = padding), embeddings of size {@code dim}, LSTMs of {@code hidden}. */
    public CharBiLstm(int characters, int dim, int hidden) {
        this.embedding = new Embedding(characters, dim, PAD, DataType.FLOAT);
        this.lstm = new Bidirectional(new LstmCell(dim, hidden), new LstmCell(dim, hidden));
        this.hidden = hidden;
    }

    @Override
    public int outputSize() {
        return 2 * hidden;
    }

    /** [→h_n ; ←h_1] of every word, {@code [words, 2 · hidden]}. */
    @Override
    public INDArray forward(INDArray chars) {
        checkChars(chars);
        INDArray c = embedding.forward(chars);                       // [words, n, dim]
        lstm.forward(c, mask(chars, c.dataType()));
        return lstm.lastHidden();                                    // [words, 2 · hidden]
    }

    /** BPTT in both directions from dL/d(word vector); the characters get no gradient (indices). */
    @Override
    public INDArray backward(INDArray gradOutput) {
        return embedding.backward(lstm.backwardLast(gradOutput));
    }

    /** Parameters {@code embedding.weight}, {@code lstm.weight_ih}, ..., {@code lstm.weight_ih_reverse}, ... */
    @Override
    protected Map<String, Module> children() {
        Map<String, Module> children = new LinkedHashMap<>();
        children.put("embedding", embedding);
        children.put("lstm", lstm);
        return children;
    }

    @Override
    public String toString() {
        return "CharBiLstm(" + embedding + ", " + lstm + ")";
    }
}
