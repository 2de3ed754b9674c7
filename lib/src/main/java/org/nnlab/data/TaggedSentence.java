package org.nnlab.data;

import java.util.List;

/**
 * A sentence with a part-of-speech tag per word: {@code upos} holds the universal tags (NOUN, VERB, ...),
 * {@code xpos} the language-specific ones (for English the Penn Treebank tags NN, VBZ, ...; "_" when the
 * treebank has none). {@code id} is the {@code # sent_id} comment, or {@code null} if there was none.
 */
public record TaggedSentence(String id, List<String> words, List<String> upos, List<String> xpos) {

    /** Number of words. */
    public int size() {
        return words.size();
    }
}
