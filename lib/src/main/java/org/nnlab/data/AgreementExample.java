package org.nnlab.data;

import java.util.ArrayList;
import java.util.List;

/**
 * One test item of subject-verb number agreement: the words up to the verb, the verb form that agrees
 * with the subject and the one that does not.
 * <pre>
 *   prefix  the boy near the cars behind the tables      correct "greets", wrong "greet"
 *   subject singular, 2 attractors (cars, tables)
 * </pre>
 * A language model passes the item if it gives the correct form a higher probability than the wrong one
 * after reading the prefix. The attractors are the nouns between subject and verb whose number is the
 * opposite of the subject's; the nearest noun to the verb is then of the wrong number, so a model that
 * only looks at the last noun fails.
 *
 * @param prefix the words before the verb, starting with "the" and the subject
 * @param correctVerb the verb form that agrees with the subject ("greets" after a singular subject)
 * @param wrongVerb the other form of the same verb
 * @param pluralSubject whether the subject is plural
 * @param attractors the number of nouns of the other number between subject and verb
 */
public record AgreementExample(List<String> prefix, String correctVerb, String wrongVerb, boolean pluralSubject,
        int attractors) {

    public AgreementExample {
        prefix = List.copyOf(prefix);
    }

    /** The grammatical sentence: the prefix followed by the correct verb. */
    public List<String> sentence() {
        List<String> words = new ArrayList<>(prefix);
        words.add(correctVerb);
        return words;
    }

    @Override
    public String toString() {
        return String.join(" ", prefix) + " [" + correctVerb + " / *" + wrongVerb + "] ("
                + (pluralSubject ? "plural" : "singular") + " subject, " + attractors + " attractor"
                + (attractors == 1 ? "" : "s") + ")";
    }
}
