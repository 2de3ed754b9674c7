package org.nnlab.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.nnlab.data.TaggedSentence;

/**
 * The baseline every tagger must beat: give each word the tag it had most often in the training data.
 * A word never seen in training gets the tag that is most frequent over all words (NOUN in English).
 *
 * <p>It ignores context completely ("book a flight" and "read a book" tag "book" the same way), so the
 * gap between it and a tagger that reads the sentence is what context is worth.
 */
public final class MostFrequentTag {

    private final Map<String, String> tagOfWord;
    private final String fallback;

    private MostFrequentTag(Map<String, String> tagOfWord, String fallback) {
        this.tagOfWord = tagOfWord;
        this.fallback = fallback;
    }

    /** Learns from the universal tags (UPOS) of the training sentences. */
    public static MostFrequentTag trainUpos(List<TaggedSentence> train) {
        return train(train, TaggedSentence::upos);
    }

    /** Learns from the tags that {@code tags} picks from each training sentence (UPOS or XPOS). */
    public static MostFrequentTag train(List<TaggedSentence> train, Function<TaggedSentence, List<String>> tags) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("MostFrequentTag needs at least one training sentence");
        }
        Map<String, Map<String, Integer>> counts = new HashMap<>(); // word -> tag -> count
        Map<String, Integer> overall = new HashMap<>();              // tag -> count
        for (TaggedSentence s : train) {
            List<String> t = tags.apply(s);
            for (int i = 0; i < s.size(); i++) {
                counts.computeIfAbsent(s.words().get(i), w -> new HashMap<>()).merge(t.get(i), 1, Integer::sum);
                overall.merge(t.get(i), 1, Integer::sum);
            }
        }
        Map<String, String> tagOfWord = new HashMap<>();
        counts.forEach((word, byTag) -> tagOfWord.put(word, argMax(byTag)));
        return new MostFrequentTag(tagOfWord, argMax(overall));
    }

    /** The tag for one word. */
    public String tag(String word) {
        return tagOfWord.getOrDefault(word, fallback);
    }

    /** Whether the word was seen in training. */
    public boolean knows(String word) {
        return tagOfWord.containsKey(word);
    }

    /** The tag given to unseen words. */
    public String fallback() {
        return fallback;
    }

    /** Token accuracy on the UPOS tags of {@code sentences}. */
    public double uposAccuracy(List<TaggedSentence> sentences) {
        return accuracy(sentences, TaggedSentence::upos);
    }

    /** Share of words whose tag (picked by {@code tags}) this baseline gets right. */
    public double accuracy(List<TaggedSentence> sentences, Function<TaggedSentence, List<String>> tags) {
        long right = 0;
        long all = 0;
        for (TaggedSentence s : sentences) {
            List<String> gold = tags.apply(s);
            for (int i = 0; i < s.size(); i++) {
                right += tag(s.words().get(i)).equals(gold.get(i)) ? 1 : 0;
                all++;
            }
        }
        if (all == 0) {
            throw new IllegalArgumentException("no words to tag: the sentences are empty");
        }
        return (double) right / all;
    }

    /** The key with the largest count; ties go to the alphabetically first, so the result is repeatable. */
    private static String argMax(Map<String, Integer> counts) {
        String best = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (best == null || e.getValue() > counts.get(best)
                    || (e.getValue().equals(counts.get(best)) && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
            }
        }
        return best;
    }
}
