package org.nnlab.tagging;

import java.util.ArrayList;
import java.util.List;

import org.nnlab.data.TaggedSentence;

/**
 * Notebook 10's stand-in for named entities: a NAME span is a maximal run of PROPN tokens, tagged
 * B-NAME (its first token), I-NAME (the others), O (every other token).
 * <pre>
 *   United/PROPN Airlines/PROPN flies/VERB to/ADP Chicago/PROPN   -&gt;   B-NAME I-NAME O O B-NAME
 * </pre>
 */
public final class NameSpans {

    /** The three tags, in the order of their indices. */
    public static final List<String> TAGS = List.of("B-NAME", "I-NAME", "O");

    private NameSpans() {
    }

    /** The NAME tags of a sequence of UPOS tags. */
    public static List<String> fromUpos(List<String> upos) {
        List<String> out = new ArrayList<>(upos.size());
        for (int t = 0; t < upos.size(); t++) {
            boolean name = upos.get(t).equals("PROPN");
            out.add(!name ? "O" : t > 0 && upos.get(t - 1).equals("PROPN") ? "I-NAME" : "B-NAME");
        }
        return out;
    }

    /** The gold NAME tags of a sentence, from its gold UPOS tags. */
    public static List<String> of(TaggedSentence sentence) {
        return fromUpos(sentence.upos());
    }
}
