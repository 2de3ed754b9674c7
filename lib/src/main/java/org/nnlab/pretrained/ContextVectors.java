package org.nnlab.pretrained;

import java.util.List;

/**
 * Frozen vectors of the words of a sentence, each computed from the whole sentence (ELMo's idea, Peters et al.
 * 2018): a tagger reads them beside its own word and character vectors and does not train them.
 */
public interface ContextVectors {

    /** The name saved with a tagger, to find the same vectors again ({@link #named}). */
    String name();

    /** The length of every vector. */
    int size();

    /** One vector per word of the sentence, {@code [words][size()]}. */
    float[][] of(List<String> words);

    /** The vectors of a name saved by {@link #name()}: {@code "minilm"}. */
    static ContextVectors named(String name) {
        if (name.equals(MiniLm.NAME)) {
            return MiniLm.load();
        }
        throw new IllegalArgumentException("unknown context vectors \"" + name + "\"; known: " + MiniLm.NAME);
    }
}
