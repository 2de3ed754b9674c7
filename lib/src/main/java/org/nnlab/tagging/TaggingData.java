package org.nnlab.tagging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.data.TaggedSentence;
import org.nnlab.data.Vocab;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.pretrained.ContextVectors;
import org.nnlab.rnn.CharTagger;

/**
 * What a {@link CharTagger} reads, built from the training sentences only: the word vocabulary (every
 * training word; 0 = padding, 1 = &lt;unk&gt;), the character vocabulary (0 = padding, 1 = unknown
 * character) and the tag set. It turns sentences into the tagger's input arrays and labels.
 * <pre>
 *   TaggingData data = TaggingData.fit(train, TaggedSentence::upos);
 *   INDArray x = data.input(dev, batch);      // [batch, time, 1 + maxChars]
 *   INDArray y = data.labels(dev, batch);     // [batch, time], -1 at padding
 * </pre>
 * A very long word keeps its first {@value #PREFIX} and last {@value #SUFFIX} characters (the rest says
 * little about its tag and would make every batch as long as its longest word).
 */
public final class TaggingData {

    /** Characters kept from the start of a long word. */
    public static final int PREFIX = 8;
    /** Characters kept from the end of a long word. */
    public static final int SUFFIX = 12;
    /** The unknown character's index. */
    public static final int UNKNOWN_CHAR = 1;

    private final Vocab vocab;
    private final Map<Character, Integer> charIndex;
    private final List<String> tags;
    private final Map<String, Integer> tagIndex = new HashMap<>();
    private final Function<TaggedSentence, List<String>> tagsOf;
    private final Set<String> trainWords;
    private final boolean lowerCaseWords;
    private ContextVectors context;     // null: the tagger reads no context vectors

    private TaggingData(Vocab vocab, Map<Character, Integer> charIndex, List<String> tags,
            Function<TaggedSentence, List<String>> tagsOf, Set<String> trainWords, boolean lowerCaseWords) {
        this.vocab = vocab;
        this.lowerCaseWords = lowerCaseWords;
        this.charIndex = charIndex;
        this.tags = List.copyOf(tags);
        for (int i = 0; i < tags.size(); i++) {
            tagIndex.put(tags.get(i), i);
        }
        this.tagsOf = tagsOf;
        this.trainWords = trainWords;
    }

    /** Vocabularies and tag set (sorted) from the training sentences; {@code tagsOf} gives each sentence's tags. */
    public static TaggingData fit(List<TaggedSentence> train, Function<TaggedSentence, List<String>> tagsOf) {
        List<String> tags = train.stream().flatMap(s -> tagsOf.apply(s).stream()).distinct().sorted().toList();
        return fit(train, tagsOf, tags);
    }

    /** As {@link #fit(List, Function)} with a given tag set (index = position in the list). */
    public static TaggingData fit(List<TaggedSentence> train, Function<TaggedSentence, List<String>> tagsOf,
            List<String> tags) {
        return fit(train, tagsOf, tags, false);
    }

    /**
     * As {@link #fit(List, Function, List)}; with {@code lowerCaseWords} the word vocabulary holds lower-cased
     * words (Collobert et al. 2011): "Thanks" at the start of a sentence gets the vector of "thanks". The
     * characters keep the case, and "seen in training" still means the exact spelling.
     */
    public static TaggingData fit(List<TaggedSentence> train, Function<TaggedSentence, List<String>> tagsOf,
            List<String> tags, boolean lowerCaseWords) {
        List<List<String>> words = train.stream().map(TaggedSentence::words).toList();
        TreeSet<Character> characters = new TreeSet<>();
        words.forEach(s -> s.forEach(w -> w.chars().forEach(c -> characters.add((char) c))));
        Map<Character, Integer> charIndex = new HashMap<>();
        for (char c : characters) {
            charIndex.put(c, charIndex.size() + 2); // 0 padding, 1 unknown
        }
        Set<String> trainWords = new HashSet<>();
        words.forEach(trainWords::addAll);
        List<List<String>> vocabWords = !lowerCaseWords ? words
                : words.stream().map(s -> s.stream().map(TaggingData::lowerCase).toList()).toList();
        return new TaggingData(Vocab.build(vocabWords, 1), charIndex, tags, tagsOf, trainWords, lowerCaseWords);
    }

    private static String lowerCase(String word) {
        return word.toLowerCase(java.util.Locale.ROOT);
    }

    /** The exact spellings of the training words (for {@link #seenInTraining}). */
    Set<String> trainSpellings() { return java.util.Collections.unmodifiableSet(trainWords); }

    /**
     * The same data, whose {@link #input} also gives each word its frozen context vector (for a tagger with
     * {@link CharTagger.Options#contextDim} = {@code context.size()}).
     */
    public TaggingData withContext(ContextVectors context) {
        TaggingData copy = new TaggingData(vocab, charIndex, tags, tagsOf, trainWords, lowerCaseWords);
        copy.context = context;
        return copy;
    }

    /** The context vectors the input carries, or null. */
    public ContextVectors context() { return context; }

    /** Whether the word vocabulary is lower-cased. */
    public boolean lowerCaseWords() { return lowerCaseWords; }

    /**
     * The same vocabularies again, from what {@link TaggerFiles} saved: each word with its training count,
     * the characters in index order (from 2), the tags.
     */
    static TaggingData restore(Map<String, Integer> wordCounts, List<Character> characters, List<String> tags,
            Function<TaggedSentence, List<String>> tagsOf, boolean lowerCaseWords, Set<String> spellings) {
        List<List<String>> texts = new ArrayList<>();
        wordCounts.forEach((w, n) -> texts.add(java.util.Collections.nCopies(n, w)));
        Map<Character, Integer> charIndex = new HashMap<>();
        for (char c : characters) {
            charIndex.put(c, charIndex.size() + 2);
        }
        // with lower-cased words the exact spellings seen in training were saved apart
        return new TaggingData(Vocab.build(texts, 1), charIndex, tags, tagsOf,
                lowerCaseWords ? spellings : new HashSet<>(wordCounts.keySet()), lowerCaseWords);
    }

    /** The characters in index order (index 2, 3, ...). */
    List<Character> characterList() {
        Character[] out = new Character[charIndex.size()];
        charIndex.forEach((c, i) -> out[i - 2] = c);
        return List.of(out);
    }

    public Vocab vocab() { return vocab; }

    public List<String> tags() { return tags; }

    /** The number of character indices, padding and unknown included. */
    public int characters() { return charIndex.size() + 2; }

    /** How often each word index occurs in training (0 for padding and &lt;unk&gt;): for word dropout. */
    public int[] wordCounts() {
        int[] counts = new int[vocab.size()];
        for (int i = 2; i < counts.length; i++) {
            counts[i] = vocab.count(vocab.token(i));
        }
        return counts;
    }

    /** For each character index: {@link CharTagger#UPPER}, {@link CharTagger#LOWER} or 0 (not a letter; padding, unknown). */
    public int[] letterCase() {
        int[] out = new int[characters()];
        charIndex.forEach((c, i) -> out[i] = Character.isUpperCase(c) ? CharTagger.UPPER
                : Character.isLowerCase(c) ? CharTagger.LOWER : 0);
        return out;
    }

    /** Whether a word occurs in the training sentences. */
    public boolean seenInTraining(String word) {
        return trainWords.contains(word);
    }

    /** The character indices of a word (long words: first {@value #PREFIX} and last {@value #SUFFIX}). */
    public int[] spell(String word) {
        String w = word.length() <= PREFIX + SUFFIX ? word
                : word.substring(0, PREFIX) + word.substring(word.length() - SUFFIX);
        int[] c = new int[Math.max(1, w.length())];
        Arrays.fill(c, UNKNOWN_CHAR); // an empty word reads as one unknown character
        for (int k = 0; k < w.length(); k++) {
            c[k] = charIndex.getOrDefault(w.charAt(k), UNKNOWN_CHAR);
        }
        return c;
    }

    /** The gold tag indices of a sentence. */
    public int[] tagIds(TaggedSentence s) {
        return tagsOf.apply(s).stream().mapToInt(t -> {
            Integer i = tagIndex.get(t);
            if (i == null) {
                throw new IllegalArgumentException("tag " + t + " is not in the tag set " + tags);
            }
            return i;
        }).toArray();
    }

    /** The tagger's input for sentences {@code batch} (positions in {@code sentences}). */
    public INDArray input(List<TaggedSentence> sentences, int[] batch) {
        List<int[]> ids = new ArrayList<>();
        List<int[][]> spelled = new ArrayList<>();
        List<float[][]> contexts = context == null ? null : new ArrayList<>();
        for (int i : batch) {
            List<String> w = sentences.get(i).words();
            ids.add(vocab.encode(lowerCaseWords ? w.stream().map(TaggingData::lowerCase).toList() : w));
            spelled.add(w.stream().map(this::spell).toArray(int[][]::new));
            if (contexts != null) {
                contexts.add(context.of(w));
            }
        }
        return CharTagger.batch(ids, spelled, contexts);
    }

    /** The gold tags of sentences {@code batch}, {@code [batch, time]}, -1 at padding. */
    public INDArray labels(List<TaggedSentence> sentences, int[] batch) {
        int time = Arrays.stream(batch).map(i -> sentences.get(i).size()).max().orElse(0);
        float[][] y = new float[batch.length][time];
        for (int k = 0; k < batch.length; k++) {
            Arrays.fill(y[k], SequenceCrossEntropyLoss.IGNORE);
            int[] t = tagIds(sentences.get(batch[k]));
            for (int i = 0; i < t.length; i++) {
                y[k][i] = t[i];
            }
        }
        return Nd4j.createFromArray(y);
    }

    /** Word counts of the sentences as {@code int[]} lengths, for {@link org.nnlab.data.LengthBatches}. */
    public static List<int[]> lengths(List<TaggedSentence> sentences) {
        return sentences.stream().map(s -> new int[s.size()]).toList();
    }

    @Override
    public String toString() {
        return "TaggingData(" + vocab.size() + " words, " + characters() + " characters, " + tags.size() + " tags)";
    }
}
