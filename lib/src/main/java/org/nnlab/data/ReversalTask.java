package org.nnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sequence-to-sequence task that needs alignment: read a random string of letters, write it backwards.
 * <pre>
 *   source  c a f e b          target  b e f a c          output token t  =  source token n - 1 - t
 * </pre>
 * The decoder's t-th token is the input's (n - 1 - t)-th, so a model that can look at the input (attention)
 * should look at one position after the other, right to left: its attention weights form the anti-diagonal.
 * A model without attention must carry all n letters in one fixed-size vector, which gets harder as n grows.
 *
 * <p>Token ids: 0, 1 and 2 are left free for padding, begin and end of sequence (as in
 * {@link org.nnlab.attention.Seq2Seq}); the {@code symbols} letters are ids {@link #FIRST} ..
 * {@code FIRST + symbols - 1}, shown as {@code a}, {@code b}, ... ({@link #text(int[])}). Lengths are uniform
 * in {@code minLength .. maxLength}; letters uniform and independent. The same seed gives the same examples.
 */
public final class ReversalTask {

    /** The id of the first letter (0, 1, 2: padding, begin, end). */
    public static final int FIRST = 3;

    private ReversalTask() {
    }

    /** One example: the source letters and the same letters reversed. */
    public record Example(int[] source, int[] target) {

        /** The number of letters. */
        public int length() {
            return source.length;
        }

        @Override
        public String toString() {
            return text(source) + " -> " + text(target);
        }
    }

    /** {@code n} examples of lengths {@code minLength .. maxLength} over {@code symbols} letters (2 to 26). */
    public static List<Example> generate(int n, int minLength, int maxLength, int symbols, long seed) {
        if (symbols < 2 || symbols > 26) {
            throw new IllegalArgumentException("ReversalTask needs 2 to 26 symbols (letters a..z) but got " + symbols);
        }
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("ReversalTask needs 1 <= minLength <= maxLength but got minLength "
                    + minLength + ", maxLength " + maxLength);
        }
        Random random = new Random(seed);
        List<Example> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = minLength + random.nextInt(maxLength - minLength + 1);
            int[] source = new int[length];
            int[] target = new int[length];
            for (int t = 0; t < length; t++) {
                source[t] = FIRST + random.nextInt(symbols);
            }
            for (int t = 0; t < length; t++) {
                target[t] = source[length - 1 - t];
            }
            examples.add(new Example(source, target));
        }
        return examples;
    }

    /**
     * Among the examples of length {@code n}, the share whose prediction ({@code predicted[i]} for example i)
     * is the target exactly, every letter and the length; 0 when no example has that length.
     */
    public static double accuracyOfLength(int[][] predicted, List<Example> examples, int n) {
        if (predicted.length != examples.size()) {
            throw new IllegalArgumentException("one prediction per example is needed, but got " + predicted.length
                    + " predictions for " + examples.size() + " examples");
        }
        int right = 0;
        int total = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (examples.get(i).length() == n) {
                total++;
                right += java.util.Arrays.equals(predicted[i], examples.get(i).target()) ? 1 : 0;
            }
        }
        return total == 0 ? 0 : right / (double) total;
    }

    /** The vocabulary size a model needs for {@code symbols} letters: the three special ids plus the letters. */
    public static int vocabSize(int symbols) {
        return FIRST + symbols;
    }

    /** The letter of an id ({@code a} for {@link #FIRST}); {@code <pad>}, {@code <s>}, {@code </s>} for 0, 1, 2. */
    public static String symbol(int id) {
        return switch (id) {
            case 0 -> "<pad>";
            case 1 -> "<s>";
            case 2 -> "</s>";
            default -> String.valueOf((char) ('a' + id - FIRST));
        };
    }

    /** The letters of a sequence of ids, without spaces: {@code "cafeb"}. */
    public static String text(int[] ids) {
        StringBuilder s = new StringBuilder();
        for (int id : ids) {
            s.append(symbol(id));
        }
        return s.toString();
    }
}
