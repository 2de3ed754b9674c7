package org.nnlab.rnn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.nn.Module;

/**
 * Reads a word letter by letter and returns one vector for it: the word's representation "from its
 * spelling", which a tagger puts beside the word's own embedding. A word never seen in training still gets
 * a useful vector: its suffix (-ly, -ing), its capital letter, its digits are in the characters.
 * <pre>
 *   chars [words, maxLength]   character indices of each word, 0 = padding after the word's end
 *   output [words, outputSize()]
 * </pre>
 * Two kinds, both from the lectures: {@link CharBiLstm} (Plank et al. 2016; Lample et al. 2016) and
 * {@link CharCnn} (Ma and Hovy 2016). A padded word gives the same vector as the word alone.
 */
public abstract class CharEncoder extends Module {

    /** The padding index of the characters. */
    public static final int PAD = 0;

    /** The size of each word's vector. */
    public abstract int outputSize();

    /** A character BiLSTM: the last states of both directions, 2 · hidden numbers. */
    public static CharEncoder biLstm(int characters, int dim, int hidden) {
        return new CharBiLstm(characters, dim, hidden);
    }

    /** A character CNN: {@code filters} filters of {@code width} characters, max over positions. */
    public static CharEncoder cnn(int characters, int dim, int filters, int width) {
        return new CharCnn(characters, dim, filters, width);
    }

    /** As above, each word read between a start and an end marker ({@link CharCnn#CharCnn(int, int, int, int, boolean)}). */
    public static CharEncoder cnn(int characters, int dim, int filters, int width, boolean markers) {
        return new CharCnn(characters, dim, filters, width, markers);
    }

    /** Checks that the input is {@code [words, maxLength]} with at least one character per word. */
    protected void checkChars(INDArray chars) {
        if (chars.rank() != 2) {
            throw new IllegalArgumentException(this + " expects character indices [words, maxLength] but got "
                    + Arrays.toString(chars.shape()));
        }
    }

    /** The mask [words, maxLength]: 1 at a character, 0 at padding, in the given array's type. */
    protected static INDArray mask(INDArray chars, org.nd4j.linalg.api.buffer.DataType dataType) {
        return chars.neq(PAD).castTo(dataType);
    }
}
