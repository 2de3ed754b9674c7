package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class NumberAgreementTest {

    @Test
    void correctVerbAgreesWithTheSubject() {
        for (AgreementExample e : NumberAgreement.mixed(300, 3, 1)) {
            String subject = e.prefix().get(1);
            assertEquals("the", e.prefix().get(0));
            assertEquals(e.pluralSubject(), NumberAgreement.isPlural(subject), e.toString());
            assertEquals(e.pluralSubject(), NumberAgreement.isPlural(e.correctVerb()), e.toString());
            assertEquals(!e.pluralSubject(), NumberAgreement.isPlural(e.wrongVerb()), e.toString());
            assertTrue(NumberAgreement.VERBS.contains(List.of(
                    e.pluralSubject() ? e.wrongVerb() : e.correctVerb(),
                    e.pluralSubject() ? e.correctVerb() : e.wrongVerb())), "the two forms of one verb: " + e);
        }
    }

    @Test
    void attractorCountsAreAsRequestedAndAllHaveTheOtherNumber() {
        for (int k = 0; k <= 4; k++) {
            for (AgreementExample e : NumberAgreement.generate(50, k, k)) {
                assertEquals(k, e.attractors());
                List<String> p = e.prefix();
                assertEquals(2 + 3 * k, p.size(), e.toString());
                String subject = p.get(1);
                for (int a = 0; a < k; a++) {
                    assertTrue(NumberAgreement.PREPOSITIONS.contains(p.get(2 + 3 * a)), e.toString());
                    assertEquals("the", p.get(3 + 3 * a));
                    String noun = p.get(4 + 3 * a);
                    assertNotEquals(NumberAgreement.isPlural(subject), NumberAgreement.isPlural(noun), e.toString());
                    assertTrue(isNoun(noun), noun);
                    assertTrue(notTheSameNoun(subject, noun), e.toString());
                }
            }
        }
    }

    @Test
    void phrasesAndAttractorsCanDiffer() {
        for (int k = 0; k <= 4; k++) {
            for (AgreementExample e : NumberAgreement.generate(40, 4, k, 10 + k)) {
                assertEquals(k, e.attractors());
                assertEquals(4, phrases(e), e.toString());
                assertEquals(k, disagreeingNouns(e), e.toString());
                assertTrue(clauseVerbsAgreeWithTheirNouns(e), e.toString());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NumberAgreement.generate(5, 2, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> NumberAgreement.generate(5, 2, -1, 0));
    }

    @Test
    void trainingSentencesMixAgreeingAndDisagreeingNouns() {
        List<AgreementExample> items = NumberAgreement.withRandomNumbers(800, 3, 4);
        int[][] byPhrases = new int[4][2];          // [phrases][subject number]
        int[] attractorCounts = new int[4];          // among items with 3 phrases
        for (AgreementExample e : items) {
            int phrases = phrases(e);
            byPhrases[phrases][e.pluralSubject() ? 1 : 0]++;
            assertEquals(disagreeingNouns(e), e.attractors(), e.toString());
            assertEquals(e.pluralSubject(), NumberAgreement.isPlural(e.correctVerb()), e.toString());
            if (phrases == 3) {
                attractorCounts[e.attractors()]++;
            }
        }
        for (int[] c : byPhrases) {
            assertEquals(100, c[0]);
            assertEquals(100, c[1]);
        }
        for (int a = 0; a <= 3; a++) {
            assertTrue(attractorCounts[a] > 5, "3 phrases with " + a + " attractors: " + attractorCounts[a]);
        }
        assertEquals(items, NumberAgreement.withRandomNumbers(800, 3, 4));
    }

    @Test
    void relativeClausesAppearInTrainingSentences() {
        long withClause = NumberAgreement.withRandomNumbers(200, 3, 5).stream()
                .filter(e -> e.prefix().contains(NumberAgreement.RELATIVE)).count();
        assertTrue(withClause > 50 && withClause < 150, "items with a relative clause: " + withClause);
        assertTrue(NumberAgreement.mixed(200, 3, 5).stream().noneMatch(e -> e.prefix().contains(NumberAgreement.RELATIVE)));
    }

    /** Phrase nouns (after the subject) of the other number than the subject. */
    private static int disagreeingNouns(AgreementExample e) {
        int n = 0;
        for (int i = 2; i < e.prefix().size(); i++) {
            String w = e.prefix().get(i);
            if (isNoun(w) && NumberAgreement.isPlural(w) != e.pluralSubject()) {
                n++;
            }
        }
        return n;
    }

    /** Phrases: one per preposition or "that". */
    private static int phrases(AgreementExample e) {
        return (int) e.prefix().stream()
                .filter(w -> NumberAgreement.PREPOSITIONS.contains(w) || w.equals(NumberAgreement.RELATIVE)).count();
    }

    /** In "that the NOUN VERB" the verb has the noun's number. */
    private static boolean clauseVerbsAgreeWithTheirNouns(AgreementExample e) {
        List<String> p = e.prefix();
        for (int i = 0; i < p.size(); i++) {
            if (p.get(i).equals(NumberAgreement.RELATIVE)
                    && NumberAgreement.isPlural(p.get(i + 2)) != NumberAgreement.isPlural(p.get(i + 3))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void exampleReadsAsTheLectureSentence() {
        AgreementExample e = new AgreementExample(List.of("the", "boy", "near", "the", "cars"), "greets", "greet", false, 1);
        assertEquals(List.of("the", "boy", "near", "the", "cars", "greets"), e.sentence());
        assertEquals("the boy near the cars [greets / *greet] (singular subject, 1 attractor)", e.toString());
    }

    @Test
    void subjectNumbersAreBalancedForEveryAttractorCount() {
        List<AgreementExample> items = NumberAgreement.mixed(400, 3, 2);
        int[][] counts = new int[4][2];
        for (AgreementExample e : items) {
            counts[e.attractors()][e.pluralSubject() ? 1 : 0]++;
        }
        for (int[] c : counts) {
            assertEquals(50, c[0]);
            assertEquals(50, c[1]);
        }
        long plural = NumberAgreement.generate(101, 2, 0).stream().filter(AgreementExample::pluralSubject).count();
        assertEquals(50, plural);
    }

    @Test
    void sameSeedSameSentences() {
        assertEquals(NumberAgreement.mixed(40, 3, 9), NumberAgreement.mixed(40, 3, 9));
        assertNotEquals(NumberAgreement.mixed(40, 3, 9), NumberAgreement.mixed(40, 3, 10));
    }

    @Test
    void wordsCoverEverySentence() {
        HashSet<String> words = new HashSet<>(NumberAgreement.words());
        assertEquals(NumberAgreement.words().size(), words.size());
        for (AgreementExample e : NumberAgreement.mixed(200, 4, 3)) {
            assertTrue(words.containsAll(e.sentence()), e.toString());
            assertTrue(words.contains(e.wrongVerb()));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NumberAgreement.generate(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> NumberAgreement.mixed(10, -1, 0));
    }

    private static boolean isNoun(String word) {
        return NumberAgreement.NOUNS.stream().anyMatch(pair -> pair.contains(word));
    }

    private static boolean notTheSameNoun(String subject, String attractor) {
        return NumberAgreement.NOUNS.stream().noneMatch(pair -> pair.contains(subject) && pair.contains(attractor));
    }
}
