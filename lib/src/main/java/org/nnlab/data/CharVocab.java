package org.nnlab.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The characters of a text, each with an index: the vocabulary of a character-level language model.
 * <pre>
 *   CharVocab v = CharVocab.of("hello");   // characters e h l o  ->  0 1 2 3 (sorted)
 *   v.encode("hole")  -&gt;  [1, 3, 2, 0]     v.decode(new int[] {1, 0})  -&gt;  "he"
 * </pre>
 * Unlike the word {@link Vocab} there is no padding or unknown token: a character model reads every
 * character of its corpus, and a character it has never seen is an error (named in the message).
 * {@link #chunks(int[], int)} cuts an encoded text into the training pairs of a language model: inputs
 * and the same characters shifted by one (the next character at every position).
 */
public final class CharVocab {

    private final char[] chars;
    private final Map<Character, Integer> index = new HashMap<>();

    private CharVocab(char[] chars) {
        this.chars = chars;
        for (int i = 0; i < chars.length; i++) {
            index.put(chars[i], i);
        }
    }

    /** The vocabulary of every character in {@code text}, in sorted order (the same text, the same indices). */
    public static CharVocab of(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("CharVocab needs a non-empty text");
        }
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        char[] chars = new char[set.size()];
        int k = 0;
        for (char c : set) {
            chars[k++] = c;
        }
        return new CharVocab(chars);
    }

    /** The number of distinct characters. */
    public int size() {
        return chars.length;
    }

    /** The index of character {@code c}. */
    public int index(char c) {
        Integer i = index.get(c);
        if (i == null) {
            throw new IllegalArgumentException("character " + show(c) + " is not in this vocabulary of " + size()
                    + " characters; build the vocabulary from a text that contains it");
        }
        return i;
    }

    /** Whether {@code c} is in the vocabulary. */
    public boolean contains(char c) {
        return index.containsKey(c);
    }

    /** The character of index {@code i}. */
    public char character(int i) {
        if (i < 0 || i >= chars.length) {
            throw new IllegalArgumentException("index " + i + " is outside 0.." + (chars.length - 1));
        }
        return chars[i];
    }

    /** The indices of every character of {@code text}. */
    public int[] encode(String text) {
        int[] ids = new int[text.length()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index(text.charAt(i));
        }
        return ids;
    }

    /** The text of a list of indices. */
    public String decode(int[] ids) {
        StringBuilder s = new StringBuilder(ids.length);
        for (int id : ids) {
            s.append(character(id));
        }
        return s.toString();
    }

    /** How often each character (by index) occurs in {@code ids}, as probabilities: the unigram model. */
    public double[] frequencies(int[] ids) {
        double[] p = new double[size()];
        for (int id : ids) {
            p[id]++;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= ids.length;
        }
        return p;
    }

    /**
     * The training pairs of a language model: {@code ids} cut into consecutive, non-overlapping chunks of
     * {@code length} characters, as FLOAT {@code [chunks, length]}: element 0 the inputs
     * {@code x[i, t] = ids[i·length + t]}, element 1 the targets, the next characters,
     * {@code y[i, t] = ids[i·length + t + 1]}. The rest that does not fill a chunk is left out.
     */
    public static INDArray[] chunks(int[] ids, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("chunk length must be >= 1 but was " + length);
        }
        int n = (ids.length - 1) / length; // the last target needs one character after the chunk
        if (n < 1) {
            throw new IllegalArgumentException("a text of " + ids.length + " characters is too short for one chunk of "
                    + length + " (it needs " + (length + 1) + ")");
        }
        float[] x = new float[n * length];
        float[] y = new float[n * length];
        for (int i = 0; i < n * length; i++) {
            x[i] = ids[i];
            y[i] = ids[i + 1];
        }
        return new INDArray[] {Nd4j.create(x, new long[] {n, length}, 'c').castTo(DataType.FLOAT),
            Nd4j.create(y, new long[] {n, length}, 'c').castTo(DataType.FLOAT)};
    }

    /** A readable name for a character, such as {@code '\n'}. */
    public static String show(char c) {
        return switch (c) {
            case '\n' -> "'\\n'";
            case '\t' -> "'\\t'";
            case ' ' -> "' '";
            default -> "'" + c + "'";
        };
    }

    /** For example {@code CharVocab(65 characters)}. */
    @Override
    public String toString() {
        return "CharVocab(" + size() + " characters: " + Arrays.toString(chars).replace("\n", "\\n") + ")";
    }
}
