package org.nnlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generated sentences to test subject-verb number agreement with attractors, after Linzen et al. (2016):
 * <pre>
 *   the boy   near the cars behind the tables   greets      (not: greet)
 *   the boys  near the car                      greet       (not: greets)
 * </pre>
 * A sentence is "the" + subject + {@code k} phrases + verb. A phrase is a prepositional phrase
 * "PREP the NOUN" or (in {@link #generate(int, int, int, long)} and {@link #withRandomNumbers}) a relative
 * clause "that the NOUN VERB", whose verb agrees with its own noun: "the boy that the girls see greets".
 * The subject is singular or plural; a phrase noun of the other number is an attractor. In
 * {@link #generate(int, int, long)} and {@link #mixed} every phrase noun is one, so the noun next to the verb
 * disagrees with the subject. To choose the verb form a model must find the subject, several words before
 * the verb, and ignore the nouns (and verbs) in between.
 *
 * <p>Training data for a language model should not give the answer away: if every noun after the subject
 * had the other number, "the verb disagrees with the last noun" would always work and a model would not need
 * the subject at all. {@link #withRandomNumbers} therefore draws each phrase noun's number at random, so
 * that some are attractors and some are not, as in natural text; {@link #generate(int, int, int, long)}
 * makes test items with a fixed number of phrases and of attractors among them, so that the effect of
 * attractors can be measured at a constant distance between subject and verb.
 *
 * <p>The vocabulary is small on purpose: {@link #NOUNS} (singular/plural pairs), {@link #PREPOSITIONS},
 * {@link #RELATIVE}, {@link #VERBS} (3rd person singular/plural pairs). Attractor nouns are never the subject's own noun.
 * The same seed gives the same sentences.
 */
public final class NumberAgreement {

    /** Nouns as {singular, plural}. */
    public static final List<List<String>> NOUNS = List.of(
            List.of("boy", "boys"), List.of("girl", "girls"), List.of("teacher", "teachers"),
            List.of("dog", "dogs"), List.of("farmer", "farmers"), List.of("pilot", "pilots"),
            List.of("car", "cars"), List.of("table", "tables"), List.of("house", "houses"),
            List.of("tree", "trees"), List.of("window", "windows"), List.of("bridge", "bridges"));

    /** Prepositions that open a phrase "PREP the NOUN" between subject and verb. */
    public static final List<String> PREPOSITIONS = List.of("near", "behind", "beside", "under", "above");

    /** The word that opens a relative clause "that the NOUN VERB" between subject and verb. */
    public static final String RELATIVE = "that";

    /** Verbs as {3rd person singular, plural}. */
    public static final List<List<String>> VERBS = List.of(
            List.of("greets", "greet"), List.of("sees", "see"), List.of("likes", "like"),
            List.of("knows", "know"), List.of("helps", "help"), List.of("waits", "wait"));

    private NumberAgreement() {
    }

    /**
     * {@code n} items with exactly {@code attractors} attractors each; subjects alternate singular,
     * plural, singular, ... so both numbers are equally frequent.
     */
    public static List<AgreementExample> generate(int n, int attractors, long seed) {
        return generate(n, attractors, attractors, false, seed);
    }

    /**
     * {@code n} items with {@code phrases} phrases each, a prepositional phrase or a relative clause at
     * random, of which exactly {@code attractors} (at random positions) have a noun of the other number; the
     * other phrase nouns agree with the subject. Subjects alternate singular, plural, ...
     */
    public static List<AgreementExample> generate(int n, int phrases, int attractors, long seed) {
        return generate(n, phrases, attractors, true, seed);
    }

    private static List<AgreementExample> generate(int n, int phrases, int attractors, boolean clauses, long seed) {
        check(n, phrases);
        if (attractors < 0 || attractors > phrases) {
            throw new IllegalArgumentException("attractors must be between 0 and the number of phrases (" + phrases
                    + "), but got " + attractors);
        }
        Random random = new Random(seed);
        List<AgreementExample> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean plural = i % 2 == 1;
            items.add(example(random, plural, attractorPositions(random, phrases, attractors), clauses));
        }
        return items;
    }

    /**
     * Training sentences for a language model: {@code n} items with 0, 1, ..., {@code maxPhrases} phrases in
     * turn (prepositional phrases or relative clauses at random), each phrase noun singular or plural at random (so an item has anywhere from 0 to all of its
     * phrases as attractors); every phrase count comes with both subject numbers equally often.
     */
    public static List<AgreementExample> withRandomNumbers(int n, int maxPhrases, long seed) {
        check(n, maxPhrases);
        Random random = new Random(seed);
        List<AgreementExample> items = new ArrayList<>();
        int counts = maxPhrases + 1;
        for (int i = 0; i < n; i++) {
            boolean[] attractor = new boolean[i % counts];
            for (int a = 0; a < attractor.length; a++) {
                attractor[a] = random.nextBoolean();
            }
            items.add(example(random, (i / counts) % 2 == 1, attractor, true));
        }
        return items;
    }

    /** Which of {@code phrases} phrases get an attractor: {@code attractors} of them, at random places. */
    private static boolean[] attractorPositions(Random random, int phrases, int attractors) {
        boolean[] attractor = new boolean[phrases];
        if (attractors == phrases) {
            Arrays.fill(attractor, true);
            return attractor;
        }
        List<Integer> places = new ArrayList<>();
        for (int a = 0; a < phrases; a++) {
            places.add(a);
        }
        Collections.shuffle(places, random);
        for (int a = 0; a < attractors; a++) {
            attractor[places.get(a)] = true;
        }
        return attractor;
    }

    /**
     * {@code n} items with 0, 1, ..., {@code maxAttractors} attractors in turn; every attractor count
     * comes with both subject numbers equally often (up to rounding).
     */
    public static List<AgreementExample> mixed(int n, int maxAttractors, long seed) {
        check(n, maxAttractors);
        Random random = new Random(seed);
        List<AgreementExample> items = new ArrayList<>();
        int counts = maxAttractors + 1;
        for (int i = 0; i < n; i++) {
            boolean[] attractor = new boolean[i % counts];
            Arrays.fill(attractor, true);
            items.add(example(random, (i / counts) % 2 == 1, attractor, false));
        }
        return items;
    }

    /**
     * One item: "the SUBJECT (PREP the NOUN)^k" and the two forms of a random verb; phrase a's noun has the
     * other number (an attractor) where {@code attractor[a]}, the subject's number elsewhere.
     */
    static AgreementExample example(Random random, boolean pluralSubject, boolean[] attractor, boolean clauses) {
        int number = pluralSubject ? 1 : 0;   // index into a {singular, plural} pair
        int subject = random.nextInt(NOUNS.size());
        List<String> prefix = new ArrayList<>(List.of("the", NOUNS.get(subject).get(number)));
        int attractors = 0;
        for (boolean isAttractor : attractor) {
            int noun = random.nextInt(NOUNS.size() - 1);
            if (noun >= subject) {
                noun++;                       // skip the subject's own noun
            }
            int nounNumber = isAttractor ? 1 - number : number;
            if (clauses && random.nextBoolean()) {
                // a relative clause "that the NOUN VERB": its verb agrees with ITS noun, not with the subject
                prefix.addAll(List.of(RELATIVE, "the", NOUNS.get(noun).get(nounNumber),
                        VERBS.get(random.nextInt(VERBS.size())).get(nounNumber)));
            } else {
                prefix.addAll(List.of(PREPOSITIONS.get(random.nextInt(PREPOSITIONS.size())), "the",
                        NOUNS.get(noun).get(nounNumber)));
            }
            attractors += isAttractor ? 1 : 0;
        }
        List<String> verb = VERBS.get(random.nextInt(VERBS.size()));
        return new AgreementExample(prefix, verb.get(number), verb.get(1 - number), pluralSubject, attractors);
    }

    /** Every word the generator can produce ("the", nouns, prepositions, verbs), for building a {@link Vocab}. */
    public static List<String> words() {
        Set<String> words = new LinkedHashSet<>();
        words.add("the");
        NOUNS.forEach(words::addAll);
        words.addAll(PREPOSITIONS);
        words.add(RELATIVE);
        VERBS.forEach(words::addAll);
        return List.copyOf(words);
    }

    /** Whether {@code word} is a plural noun or a plural verb form of this vocabulary. */
    public static boolean isPlural(String word) {
        for (List<List<String>> pairs : List.of(NOUNS, VERBS)) {
            for (List<String> pair : pairs) {
                if (pair.get(1).equals(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void check(int n, int attractors) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one sentence, but got n = " + n);
        }
        if (attractors < 0) {
            throw new IllegalArgumentException("the number of phrases or attractors cannot be negative, but got "
                    + attractors);
        }
    }
}
