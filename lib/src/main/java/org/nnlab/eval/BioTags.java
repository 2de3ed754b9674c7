package org.nnlab.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads spans from BIO tags, one tag per token: {@code B-X} begins a span of type X, {@code I-X} continues
 * it (inside), {@code O} is outside every span.
 * <pre>
 *   Jane  Villanueva  of  United  Airlines  Holding  discussed  the  Chicago  route  .
 *   B-PER I-PER       O   B-ORG   I-ORG     I-ORG    O          O    B-LOC    O      O
 *   -&gt;  PER[0,1]  ORG[3,5]  LOC[8,8]
 * </pre>
 *
 * <p>A tagger can output sequences no annotator would write, such as {@code O I-PER} or
 * {@code B-PER I-ORG}. We read them as the CoNLL evaluation script {@code conlleval} does: an {@code I-X}
 * that does not continue a span of type X (it follows {@code O}, the sentence start, or a span of another
 * type) starts a new span of type X, as if it were {@code B-X}. So {@code O I-PER I-PER} gives
 * {@code PER[1,2]}, and {@code B-PER I-ORG} gives {@code PER[0,0] ORG[1,1]}.
 */
public final class BioTags {

    private BioTags() {
    }

    /** The spans of one sentence, in order of their start. */
    public static List<Span> spans(List<String> tags) {
        List<Span> spans = new ArrayList<>();
        String type = null; // type of the open span, null when none is open
        int start = -1;
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            char prefix = prefix(tag, i);
            String tagType = prefix == 'O' ? null : tag.substring(2);
            boolean continues = prefix == 'I' && tagType.equals(type);
            if (type != null && !continues) { // the open span ends before token i
                spans.add(new Span(type, start, i - 1));
                type = null;
            }
            if (prefix != 'O' && !continues) { // B-X, or an I-X that cannot continue: a new span begins
                type = tagType;
                start = i;
            }
        }
        if (type != null) {
            spans.add(new Span(type, start, tags.size() - 1));
        }
        return spans;
    }

    /** 'B', 'I' or 'O'; anything else is an error that names the position. */
    private static char prefix(String tag, int position) {
        if ("O".equals(tag)) {
            return 'O';
        }
        if (tag != null && tag.length() > 2 && (tag.startsWith("B-") || tag.startsWith("I-"))) {
            return tag.charAt(0);
        }
        throw new IllegalArgumentException("tag " + position + " is \"" + tag
                + "\", but a BIO tag is O, B-TYPE or I-TYPE (for example B-PER)");
    }
}
