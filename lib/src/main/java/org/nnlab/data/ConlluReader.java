package org.nnlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads CoNLL-U files (the Universal Dependencies format) into sentences of words with UPOS and XPOS tags.
 *
 * <p>The format: one word per line with 10 tab-separated columns (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD,
 * DEPREL, DEPS, MISC); a blank line ends a sentence; lines starting with {@code #} are comments. We keep
 * FORM, UPOS and XPOS of the ordinary words, whose ID is a whole number, and skip
 * <ul>
 *   <li>multiword tokens, IDs like {@code 3-4}: the surface form "don't" whose parts "do" and "n't" follow
 *       as words 3 and 4 of their own;</li>
 *   <li>empty nodes, IDs like {@code 5.1}: words that are understood but not written (enhanced graphs).</li>
 * </ul>
 * A line with the wrong number of columns, an ID of another shape, or a word ID out of order is an error
 * naming the file and line.
 */
public final class ConlluReader {

    private static final Pattern WORD_ID = Pattern.compile("[1-9][0-9]*");
    private static final Pattern MULTIWORD_ID = Pattern.compile("[1-9][0-9]*-[1-9][0-9]*");
    private static final Pattern EMPTY_NODE_ID = Pattern.compile("[0-9]+\\.[1-9][0-9]*");

    private ConlluReader() {
    }

    /** All sentences of the file, in order. */
    public static List<TaggedSentence> read(Path file) {
        List<String> lines = TextFiles.readLines(file);
        List<TaggedSentence> sentences = new ArrayList<>();
        SentenceBuilder current = new SentenceBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNumber = i + 1;
            if (line.isBlank()) {
                current.finishInto(sentences);
                current = new SentenceBuilder();
            } else if (line.startsWith("#")) {
                if (line.startsWith("# sent_id")) {
                    int eq = line.indexOf('=');
                    current.id = eq < 0 ? null : line.substring(eq + 1).strip();
                }
            } else {
                current.addLine(file, lineNumber, line);
            }
        }
        current.finishInto(sentences); // the last sentence may lack its blank line
        return sentences;
    }

    /** Collects the words of one sentence. */
    private static final class SentenceBuilder {
        String id;
        final List<String> words = new ArrayList<>();
        final List<String> upos = new ArrayList<>();
        final List<String> xpos = new ArrayList<>();

        void addLine(Path file, int lineNumber, String line) {
            String[] columns = line.split("\t", -1);
            if (columns.length != 10) {
                throw new MalformedDataException(file, lineNumber, "expected 10 tab-separated columns "
                        + "(ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC) but found " + columns.length);
            }
            String wordId = columns[0];
            if (MULTIWORD_ID.matcher(wordId).matches() || EMPTY_NODE_ID.matcher(wordId).matches()) {
                return; // multiword token or empty node: not one of the sentence's words
            }
            if (!WORD_ID.matcher(wordId).matches()) {
                throw new MalformedDataException(file, lineNumber, "ID '" + wordId
                        + "' is not a word number (1, 2, ...), a range (3-4) or an empty node (5.1)");
            }
            if (Integer.parseInt(wordId) != words.size() + 1) {
                throw new MalformedDataException(file, lineNumber, "word ID " + wordId + " but expected "
                        + (words.size() + 1) + " (is a blank line between sentences missing?)");
            }
            words.add(columns[1]);
            upos.add(columns[3]);
            xpos.add(columns[4]);
        }

        void finishInto(List<TaggedSentence> sentences) {
            if (!words.isEmpty()) {
                sentences.add(new TaggedSentence(id, List.copyOf(words), List.copyOf(upos), List.copyOf(xpos)));
            }
        }
    }
}
