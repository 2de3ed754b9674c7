package org.nnlab.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tagger reads for a word it has (almost) never seen: not one {@code <unk>} for all of them, but a
 * class of the word's spelling, because spelling says much about the part of speech.
 * <pre>
 *   seen at least minCount times in training   the word itself       "house"
 *   starts with a capital                      &lt;unk-Xx&gt;              "Villanueva" (a name: PROPN)
 *   contains a digit                           &lt;unk-d&gt;               "1970s"      (NUM)
 *   ends in -ing, -ed, -ly, -s                 &lt;unk-ing&gt; ...         "tweeting"   (VERB)
 *   anything else                              &lt;unk&gt;
 * </pre>
 * Words seen only once in training are replaced too (minCount 2), so the network also learns what the
 * unknown-word classes mean from real training sentences.
 */
public final class UnknownWords {

    /** The spelling classes, in the order they are tried after capital and digit. */
    public static final List<String> ENDINGS = List.of("ing", "ed", "ly", "s");

    private final Map<String, Integer> counts;
    private final int minCount;

    private UnknownWords(Map<String, Integer> counts, int minCount) {
        this.counts = counts;
        this.minCount = minCount;
    }

    /** Counts the words of the training sentences; a word is known when seen at least {@code minCount} times. */
    public static UnknownWords fit(List<List<String>> trainingSentences, int minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1 but got " + minCount);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> sentence : trainingSentences) {
            for (String word : sentence) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return new UnknownWords(counts, minCount);
    }

    /** Whether the word is known (seen at least minCount times in training). */
    public boolean isKnown(String word) {
        return counts.getOrDefault(word, 0) >= minCount;
    }

    /** The token the network reads for a word: the word if known, else its spelling class. */
    public String token(String word) {
        return isKnown(word) ? word : spellingClass(word);
    }

    /** The tokens of one sentence. */
    public List<String> tokens(List<String> words) {
        return words.stream().map(this::token).toList();
    }

    /** The tokens of every sentence. */
    public List<List<String>> tokensAll(List<List<String>> sentences) {
        return sentences.stream().map(this::tokens).toList();
    }

    /** {@code <unk-Xx>}, {@code <unk-d>}, {@code <unk-ing>}, {@code <unk-ed>}, {@code <unk-ly>}, {@code <unk-s>} or {@code <unk>}. */
    public static String spellingClass(String word) {
        if (word.isEmpty()) {
            return Vocab.UNK;
        }
        if (Character.isUpperCase(word.charAt(0))) {
            return "<unk-Xx>";
        }
        if (word.chars().anyMatch(Character::isDigit)) {
            return "<unk-d>";
        }
        for (String ending : ENDINGS) {
            if (word.endsWith(ending)) {
                return "<unk-" + ending + ">";
            }
        }
        return Vocab.UNK;
    }
}
