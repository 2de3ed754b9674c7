package org.nnlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into tokens: words, numbers and punctuation.
 *
 * <p>The rule, tried left to right at each position (first match wins):
 * <ol>
 *   <li>a word followed by {@code n't} stops before it, and {@code n't} is a token of its own:
 *       {@code don't -> do n't}, {@code isn't -> is n't}, {@code can't -> ca n't}. This is the Penn Treebank
 *       convention, also used by the UD English treebank, so our tokens match the tagged data;</li>
 *   <li>the clitics {@code 's 're 've 'll 'd 'm} after a word are tokens of their own:
 *       {@code it's -> it 's}, {@code we'll -> we 'll};</li>
 *   <li>a number with a decimal point or thousands separator stays whole: {@code 3.5}, {@code 1,000};</li>
 *   <li>letters and digits, joined by inner hyphens, make one word: {@code well-made}, {@code 21st};</li>
 *   <li>anything else that is not a space is punctuation, one token per run of the same character:
 *       {@code ,} {@code "} {@code ...} {@code !!}.</li>
 * </ol>
 * With {@code lowerCase} the text is lower-cased first (in the root locale), so "Good" and "good" are one word.
 */
public final class Tokenizer {

    private static final Pattern TOKEN = Pattern.compile(
            "[\\p{L}\\p{N}]+(?=n't(?![\\p{L}\\p{N}]))"      // the word before n't
            + "|n't(?![\\p{L}\\p{N}])"                      // n't itself
            + "|'(?:s|re|ve|ll|d|m)(?![\\p{L}\\p{N}])"      // clitics
            + "|\\p{N}+(?:[.,]\\p{N}+)+"                    // numbers like 3.5 or 1,000
            + "|[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*"       // words, with inner hyphens
            + "|([^\\s\\p{L}\\p{N}])\\1*",                  // punctuation: a run of one character
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final boolean lowerCase;

    /** A tokenizer that lower-cases ({@code true}) or keeps the case ({@code false}). */
    public Tokenizer(boolean lowerCase) {
        this.lowerCase = lowerCase;
    }

    /** A tokenizer that lower-cases, the usual choice for small text classifiers. */
    public static Tokenizer lowerCasing() {
        return new Tokenizer(true);
    }

    /** Whether this tokenizer lower-cases. */
    public boolean lowerCase() {
        return lowerCase;
    }

    /** The tokens of {@code text}, in order. An empty or blank text gives an empty list. */
    public List<String> tokenize(String text) {
        String input = lowerCase ? text.toLowerCase(Locale.ROOT) : text;
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(input);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    /** The tokens of each text. */
    public List<List<String>> tokenizeAll(List<String> texts) {
        List<List<String>> all = new ArrayList<>(texts.size());
        for (String text : texts) {
            all.add(tokenize(text));
        }
        return all;
    }

    @Override
    public String toString() {
        return "Tokenizer(lowerCase=" + lowerCase + ")";
    }
}
