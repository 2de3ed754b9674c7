package org.nnlab.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sentence-per-line polarity files such as the RT sentence polarity data set (Pang and Lee 2005):
 * {@code rt-polarity.pos} and {@code rt-polarity.neg}, 5,331 snippets each, already lower-cased and
 * tokenised (tokens separated by spaces). Files may be UTF-8 or Latin-1 (see {@link TextFiles}).
 *
 * <p>Every line is one example; an empty line is an error (it would be an example with no words), reported
 * with the file and line. Leading and trailing spaces are trimmed.
 */
public final class PolarityReader {

    /** The label of negative snippets. */
    public static final int NEGATIVE = 0;
    /** The label of positive snippets. */
    public static final int POSITIVE = 1;

    private PolarityReader() {
    }

    /** The sentences of one file, one per line, trimmed. */
    public static List<String> readSentences(Path file) {
        List<String> lines = TextFiles.readLines(file);
        List<String> sentences = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String sentence = lines.get(i).strip();
            if (sentence.isEmpty()) {
                throw new MalformedDataException(file, i + 1,
                        "empty line; a polarity file holds exactly one sentence on every line");
            }
            sentences.add(sentence);
        }
        return sentences;
    }

    /** All positive sentences (label 1) followed by all negative ones (label 0). Shuffle before splitting. */
    public static List<LabeledText> read(Path positiveFile, Path negativeFile) {
        List<LabeledText> examples = new ArrayList<>();
        for (String s : readSentences(positiveFile)) {
            examples.add(new LabeledText(s, POSITIVE));
        }
        for (String s : readSentences(negativeFile)) {
            examples.add(new LabeledText(s, NEGATIVE));
        }
        return examples;
    }

    /** Reads {@code rt-polarity.pos} and {@code rt-polarity.neg} from {@code folder}. */
    public static List<LabeledText> readFolder(Path folder) {
        return read(folder.resolve("rt-polarity.pos"), folder.resolve("rt-polarity.neg"));
    }
}
