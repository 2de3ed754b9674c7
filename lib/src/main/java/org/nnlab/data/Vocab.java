package org.nnlab.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A vocabulary: the words a model knows, each with an index.
 *
 * <p>Index 0 is the padding token {@value #PAD} (so a zero in a padded batch means "no word"), index 1 the
 * unknown token {@value #UNK} (every word not in the vocabulary maps to it). Then come the words seen at
 * least {@code minCount} times, most frequent first, ties in alphabetical order, so the same texts always
 * give the same indices.
 */
public final class Vocab {

    /** The padding token, always index 0. */
    public static final String PAD = "<pad>";
    /** The unknown-word token, always index 1. */
    public static final String UNK = "<unk>";
    /** Index of {@link #PAD}. */
    public static final int PAD_INDEX = 0;
    /** Index of {@link #UNK}. */
    public static final int UNK_INDEX = 1;

    private final List<String> tokens;
    private final Map<String, Integer> index;
    private final Map<String, Integer> counts;

    private Vocab(List<String> tokens, Map<String, Integer> counts) {
        this.tokens = Collections.unmodifiableList(tokens);
        this.index = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            index.put(tokens.get(i), i);
        }
        this.counts = counts;
    }

    /**
     * Builds a vocabulary from tokenised texts, keeping words that occur at least {@code minCount} times.
     * Build it from the training texts only, so validation and test words can be unknown, as in real use.
     */
    public static Vocab build(Collection<? extends List<String>> texts, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, but got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> text : texts) {
            for (String token : text) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minCount && !e.getKey().equals(PAD) && !e.getKey().equals(UNK)) {
                words.add(e.getKey());
            }
        }
        // Most frequent first; equal counts in alphabetical order, so the order never depends on hashing.
        words.sort((a, b) -> {
            int byCount = Integer.compare(counts.get(b), counts.get(a));
            return byCount != 0 ? byCount : a.compareTo(b);
        });
        List<String> tokens = new ArrayList<>(words.size() + 2);
        tokens.add(PAD);
        tokens.add(UNK);
        tokens.addAll(words);
        return new Vocab(tokens, counts);
    }

    /** Number of entries, including {@link #PAD} and {@link #UNK}. */
    public int size() {
        return tokens.size();
    }

    /** The index of {@code token}, or {@link #UNK_INDEX} if the vocabulary does not know it. */
    public int index(String token) {
        return index.getOrDefault(token, UNK_INDEX);
    }

    /** The token at {@code index}. */
    public String token(int i) {
        if (i < 0 || i >= tokens.size()) {
            throw new IndexOutOfBoundsException("index " + i + " is outside the vocabulary 0.." + (tokens.size() - 1));
        }
        return tokens.get(i);
    }

    /** Whether {@code token} has its own index (is not mapped to {@link #UNK}). */
    public boolean contains(String token) {
        return index.containsKey(token);
    }

    /** How often {@code token} occurred in the texts the vocabulary was built from (0 if never). */
    public int count(String token) {
        return counts.getOrDefault(token, 0);
    }

    /** All tokens in index order (index 0 first). */
    public List<String> tokens() {
        return tokens;
    }

    /** The index sequence of a text: one index per token, unknown words as {@link #UNK_INDEX}. */
    public int[] encode(List<String> text) {
        int[] ids = new int[text.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = index(text.get(i));
        }
        return ids;
    }

    /** The index sequences of many texts. */
    public List<int[]> encodeAll(List<? extends List<String>> texts) {
        List<int[]> all = new ArrayList<>(texts.size());
        for (List<String> text : texts) {
            all.add(encode(text));
        }
        return all;
    }

    /** The tokens of an index sequence (the inverse of {@link #encode}, except that unknown words stay {@code <unk>}). */
    public List<String> decode(int[] ids) {
        List<String> text = new ArrayList<>(ids.length);
        for (int id : ids) {
            text.add(token(id));
        }
        return text;
    }

    /**
     * The bag of words of a text: entry {@code i} counts how often token {@code i} occurs, so the word order
     * is lost. Padding never counts; unknown words count at {@link #UNK_INDEX}.
     */
    public float[] bagOfWords(List<String> text) {
        float[] counts = new float[size()];
        for (String token : text) {
            counts[index(token)]++;
        }
        counts[PAD_INDEX] = 0;
        return counts;
    }

    /** The bags of words of many texts as an ND4J matrix {@code [texts, vocabulary size]} of FLOAT. */
    public INDArray bagOfWordsMatrix(List<? extends List<String>> texts) {
        float[][] rows = new float[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = bagOfWords(texts.get(i));
        }
        return Nd4j.createFromArray(rows);
    }

    @Override
    public String toString() {
        return "Vocab(" + size() + " tokens: " + tokens.subList(0, Math.min(8, size())) + (size() > 8 ? " ...)" : ")");
    }
}
