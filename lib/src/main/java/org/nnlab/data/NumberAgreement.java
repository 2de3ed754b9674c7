package org.nnlab.data;

import java.util.ArrayList;
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
 * A sentence is "the" + subject + {@code k} prepositional phrases "PREP the NOUN" + verb. The subject is
 * singular or plural; every noun in the prepositional phrases has the OTHER number, so it is an attractor:
 * the noun next to the verb disagrees with the subject. To choose the verb form a model must find the
 * subject, {@code 3k + 1} words before the verb, and ignore the nouns in between.
 *
 * <p>The vocabulary is small on purpose: {@link #NOUNS} (singular/plural pairs), {@link #PREPOSITIONS},
 * {@link #VERBS} (3rd person singular/plural pairs). Attractor nouns are never the subject's own noun.
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
        check(n, attractors);
        Random random = new Random(seed);
        List<AgreementExample> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(example(random, i % 2 == 1, attractors));
        }
        return items;
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
            items.add(example(random, (i / counts) % 2 == 1, i % counts));
        }
        return items;
    }

    /** One item: "the SUBJECT (PREP the ATTRACTOR)^k" and the two forms of a random verb. */
    static AgreementExample example(Random random, boolean pluralSubject, int attractors) {
        int number = pluralSubject ? 1 : 0;   // index into a {singular, plural} pair
        int subject = random.nextInt(NOUNS.size());
        List<String> prefix = new ArrayList<>(List.of("the", NOUNS.get(subject).get(number)));
        for (int a = 0; a < attractors; a++) {
            int noun = random.nextInt(NOUNS.size() - 1);
            if (noun >= subject) {
                noun++;                       // skip the subject's own noun
            }
            prefix.add(PREPOSITIONS.get(random.nextInt(PREPOSITIONS.size())));
            prefix.add("the");
            prefix.add(NOUNS.get(noun).get(1 - number)); // the other number: an attractor
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
            throw new IllegalArgumentException("the number of attractors cannot be negative, but got " + attractors);
        }
    }
}
