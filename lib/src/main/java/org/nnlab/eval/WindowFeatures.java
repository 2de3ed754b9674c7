package org.nnlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Features of one word in its sentence, for a classical tagger that classifies each word on its own:
 * the word, its neighbours, its ending and its shape. With these, the bag-of-words baseline
 * ({@link TribuoBaseline}) becomes a part-of-speech tagger: each word is one "text" whose tokens are its
 * features.
 * <pre>
 *   "the old man the boats", word 2 ("man"):
 *   w=man  prev=old  next=the  suffix2=an  suffix3=man  shape=x
 * </pre>
 * Unlike the most-frequent-tag baseline, it can guess unseen words from their ending ("-ly", "-ing")
 * and shape (capitalised, digits), and it sees one word of context on each side.
 */
public final class WindowFeatures {

    private WindowFeatures() {
    }

    /** The features of word {@code i} of {@code words}. */
    public static List<String> of(List<String> words, int i) {
        String w = words.get(i).toLowerCase(Locale.ROOT);
        List<String> f = new ArrayList<>();
        f.add("w=" + w);
        f.add("prev=" + (i > 0 ? words.get(i - 1).toLowerCase(Locale.ROOT) : "<s>"));
        f.add("next=" + (i + 1 < words.size() ? words.get(i + 1).toLowerCase(Locale.ROOT) : "</s>"));
        f.add("suffix2=" + w.substring(Math.max(0, w.length() - 2)));
        f.add("suffix3=" + w.substring(Math.max(0, w.length() - 3)));
        f.add("shape=" + shape(words.get(i)));
        return f;
    }

    /** The features of every word of a sentence, in order. */
    public static List<List<String>> ofSentence(List<String> words) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            out.add(of(words, i));
        }
        return out;
    }

    /**
     * The word's shape: upper-case letters become X, lower-case x, digits d, anything else stays, and runs
     * of the same symbol shrink to one ("Villanueva" -> Xx, "2015" -> d, "U.S." -> X.X.).
     */
    static String shape(String word) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            char t = Character.isUpperCase(c) ? 'X' : Character.isLowerCase(c) ? 'x' : Character.isDigit(c) ? 'd' : c;
            if (s.length() == 0 || s.charAt(s.length() - 1) != t) {
                s.append(t);
            }
        }
        return s.toString();
    }
}
