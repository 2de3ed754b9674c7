package org.nnlab.data;

import java.util.List;

/**
 * The real corpora of the course, each pinned to a URL and a SHA-256, with one-line loaders.
 *
 * <p>The loaders fetch through {@link Download#fromEnvironment()}: the local folder {@code NNLAB_DATA}
 * first, then the cache, then the network. The URLs point at fixed commits whose files are byte-identical
 * to the copies in the project's shared data folder, so one hash serves both.
 */
public final class Datasets {

    /** RT sentence polarity data (Pang and Lee 2005), positive snippets (UTF-8 copy). */
    public static final DataFile RT_POLARITY_POS = DataFile.of("rt-polarity/rt-polarity.pos",
            "https://raw.githubusercontent.com/dennybritz/cnn-text-classification-tf/"
                    + "18762b459e21d9c70e5c242f8d43fc4e6db37a0d/data/rt-polaritydata/rt-polarity.pos",
            "4134882974a28d0c7b5151256f0e33a6169984ee7372c279e673f1114f475d58");

    /** RT sentence polarity data, negative snippets (UTF-8 copy). */
    public static final DataFile RT_POLARITY_NEG = DataFile.of("rt-polarity/rt-polarity.neg",
            "https://raw.githubusercontent.com/dennybritz/cnn-text-classification-tf/"
                    + "18762b459e21d9c70e5c242f8d43fc4e6db37a0d/data/rt-polaritydata/rt-polarity.neg",
            "2d11cfbc790f1cd96d78339f41ce53ced1efa83cd22d37d6788fa3fe3d17e2fd");

    /** Universal Dependencies English Web Treebank, release 2.16, training part (12,544 sentences). */
    public static final DataFile EWT_TRAIN = DataFile.of("ud-english-ewt/en_ewt-ud-train.conllu",
            "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/r2.16/en_ewt-ud-train.conllu",
            "3fb78e2b55482c8ee00caa653af436c88c9e5bc9a73ce26e4ae3ddc79d2b7e7b");

    /** Universal Dependencies English Web Treebank, release 2.16, development part (2,001 sentences). */
    public static final DataFile EWT_DEV = DataFile.of("ud-english-ewt/en_ewt-ud-dev.conllu",
            "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/r2.16/en_ewt-ud-dev.conllu",
            "531a54ff90d6ab12201c5a50c3e78e6ddac4de69abc4bce5d275d3cd29efe2b6");

    /** Tiny Shakespeare (1,115,394 characters), from Karpathy's char-rnn. */
    public static final DataFile TINY_SHAKESPEARE = DataFile.of("tinyshakespeare/input.txt",
            "https://raw.githubusercontent.com/karpathy/char-rnn/"
                    + "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e/data/tinyshakespeare/input.txt",
            "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed");

    /** All of the above. */
    public static final List<DataFile> ALL = List.of(RT_POLARITY_POS, RT_POLARITY_NEG, EWT_TRAIN, EWT_DEV,
            TINY_SHAKESPEARE);

    private Datasets() {
    }

    /** The RT polarity snippets: 5,331 positive (label 1) then 5,331 negative (label 0). */
    public static List<LabeledText> rtPolarity() {
        return rtPolarity(Download.fromEnvironment());
    }

    /** The RT polarity snippets, fetched with {@code download}. */
    public static List<LabeledText> rtPolarity(Download download) {
        return PolarityReader.read(download.fetch(RT_POLARITY_POS), download.fetch(RT_POLARITY_NEG));
    }

    /** The EWT training sentences with UPOS and XPOS tags. */
    public static List<TaggedSentence> ewtTrain() {
        return ewtTrain(Download.fromEnvironment());
    }

    /** The EWT training sentences, fetched with {@code download}. */
    public static List<TaggedSentence> ewtTrain(Download download) {
        return ConlluReader.read(download.fetch(EWT_TRAIN));
    }

    /** The EWT development sentences with UPOS and XPOS tags (evaluate on these; the test part is not used). */
    public static List<TaggedSentence> ewtDev() {
        return ewtDev(Download.fromEnvironment());
    }

    /** The EWT development sentences, fetched with {@code download}. */
    public static List<TaggedSentence> ewtDev(Download download) {
        return ConlluReader.read(download.fetch(EWT_DEV));
    }

    /** Tiny Shakespeare as one string. */
    public static String tinyShakespeare() {
        return tinyShakespeare(Download.fromEnvironment());
    }

    /** Tiny Shakespeare, fetched with {@code download}. */
    public static String tinyShakespeare(Download download) {
        return PlainTextReader.read(download.fetch(TINY_SHAKESPEARE));
    }
}
