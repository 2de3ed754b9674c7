package org.nnlab.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What Collobert and Weston's window tagger reads (Collobert et al. 2011): for every word, the words in a
 * window around it, each as three indices: the word in lower case, its capitalisation and its last two
 * letters. The same information as the hand-made window features of the Tribuo tagger, but as indices into
 * tables of learned vectors.
 * <pre>
 *   "Jane met him ." , word 1 ("met"), window 5:
 *   position   -2      -1      0       +1      +2
 *   word       &lt;s&gt;     jane    met     him     .
 *   caps       &lt;s&gt;     Xx      x       x       none
 *   suffix     &lt;s&gt;     ne      et      im      .
 * </pre>
 * Index 0 of each table is the sentence boundary &lt;s&gt; (beyond either end), index 1 the unknown word or
 * suffix: words and suffixes seen fewer than {@code minCount} times in training, so the network also learns
 * from training sentences what to do with a word it does not know.
 */
public final class WordWindows {

    /** Index of the sentence boundary in every table. */
    public static final int BOUNDARY = 0;
    /** Index of an unknown word or suffix. */
    public static final int UNKNOWN = 1;
    /** Capitalisation classes (after the boundary at 0): lower case, Capitalised, ALL CAPS, a capital inside, no letters. */
    public static final List<String> CAPS = List.of("<s>", "x", "Xx", "XX", "xX", "none");

    private final int window;
    private final Map<String, Integer> words;
    private final Map<String, Integer> suffixes;

    private WordWindows(int window, Map<String, Integer> words, Map<String, Integer> suffixes) {
        this.window = window;
        this.words = words;
        this.suffixes = suffixes;
    }

    /** The tables of the training sentences: words and suffixes seen at least {@code minCount} times. */
    public static WordWindows fit(List<List<String>> trainingSentences, int window, int minCount) {
        if (window < 1 || window % 2 == 0) {
            throw new IllegalArgumentException("a window has an odd number of words (the word in the middle), not " + window);
        }
        Map<String, Integer> wordCounts = new HashMap<>();
        Map<String, Integer> suffixCounts = new HashMap<>();
        for (List<String> sentence : trainingSentences) {
            for (String w : sentence) {
                wordCounts.merge(lower(w), 1, Integer::sum);
                suffixCounts.merge(suffix(w), 1, Integer::sum);
            }
        }
        return new WordWindows(window, index(wordCounts, minCount), index(suffixCounts, minCount));
    }

    private static Map<String, Integer> index(Map<String, Integer> counts, int minCount) {
        Map<String, Integer> index = new HashMap<>();
        counts.entrySet().stream().filter(e -> e.getValue() >= minCount).map(Map.Entry::getKey).sorted()
                .forEach(k -> index.put(k, index.size() + 2)); // after the boundary and the unknown
        return index;
    }

    /**
     * The same windows with a word table that also holds {@code more} words (in lower case; words already in
     * the table keep their index, new ones are added after them in alphabetical order). For pre-trained word
     * vectors: a word too rare in the tagging data for a row of its own gets one here, so that it can keep its
     * pre-trained vector instead of being read as {@code <unk>}.
     */
    public WordWindows withWords(Collection<String> more) {
        Map<String, Integer> table = new HashMap<>(words);
        more.stream().map(WordWindows::lower).distinct().sorted().filter(w -> !table.containsKey(w))
                .forEach(w -> table.put(w, table.size() + 2));
        return new WordWindows(window, table, suffixes);
    }

    /**
     * The word table's rows in order: {@code "<s>"} (the boundary), {@code "<unk>"}, then the words in lower
     * case; {@code wordTable().get(i)} is the word whose vector is row i of the tagger's word table.
     */
    public List<String> wordTable() {
        List<String> rows = new ArrayList<>(Collections.nCopies(wordCount(), (String) null));
        rows.set(BOUNDARY, "<s>");
        rows.set(UNKNOWN, "<unk>");
        words.forEach((w, i) -> rows.set(i, w));
        return List.copyOf(rows);
    }

    public int window() { return window; }

    /** Size of the word table (boundary and unknown included). */
    public int wordCount() { return words.size() + 2; }

    /** Size of the suffix table (boundary and unknown included). */
    public int suffixCount() { return suffixes.size() + 2; }

    /** Whether the word (in lower case) has its own vector. */
    public boolean knows(String word) {
        return words.containsKey(lower(word));
    }

    /**
     * The windows of every word of the sentences, in order: {@code [words, window, 3]}, at {@code [n, k]} the
     * word, capitalisation and suffix indices of the k-th word of word n's window.
     */
    public INDArray input(List<List<String>> sentences) {
        int n = sentences.stream().mapToInt(List::size).sum();
        float[] x = new float[n * window * 3];
        int at = 0;
        int half = window / 2;
        for (List<String> s : sentences) {
            for (int t = 0; t < s.size(); t++) {
                for (int k = -half; k <= half; k++, at += 3) {
                    if (t + k < 0 || t + k >= s.size()) {
                        continue; // the boundary: index 0 in all three tables
                    }
                    String w = s.get(t + k);
                    x[at] = words.getOrDefault(lower(w), UNKNOWN);
                    x[at + 1] = caps(w);
                    x[at + 2] = suffixes.getOrDefault(suffix(w), UNKNOWN);
                }
            }
        }
        return Nd4j.create(x, new long[] {n, window, 3}, 'c');
    }

    /** The capitalisation class of a word: an index into {@link #CAPS}. */
    public static int caps(String w) {
        boolean upper = w.chars().anyMatch(Character::isUpperCase);
        boolean lower = w.chars().anyMatch(Character::isLowerCase);
        if (!upper && !lower) {
            return 5;                               // no letters: numbers, punctuation
        }
        if (!upper) {
            return 1;                               // x
        }
        if (!lower) {
            return 3;                               // XX
        }
        return Character.isUpperCase(w.charAt(0)) ? 2 : 4; // Xx, or a capital inside (iPhone)
    }

    private static String lower(String w) {
        return w.toLowerCase(Locale.ROOT);
    }

    private static String suffix(String w) {
        String l = lower(w);
        return l.substring(Math.max(0, l.length() - 2));
    }

    @Override
    public String toString() {
        return "WordWindows(window " + window + ", " + wordCount() + " words, " + CAPS.size() + " capitalisations, "
                + suffixCount() + " suffixes)";
    }
}
