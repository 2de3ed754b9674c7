package org.nnlab.tagging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.nnlab.Nnlab;
import org.nnlab.data.TaggedSentence;
import org.nnlab.rnn.CharTagger;

/**
 * Notebook 10's character-aware tagger in one call: the full model that {@code ./nnlab train pos} saved,
 * when there is one, else a smaller one trained here within a time budget. {@link #description()} says
 * which one it is, so the notebook can print it beside the figures; {@link #full()} whether it is the full model
 * (the lesson's claims about the full model are checked only then, see {@link org.nnlab.check.Claim#given}).
 * <pre>{@code
 * NotebookTagger charTagger = NotebookTagger.loadOrTrain(train, dev, 150, System.out::println);
 * System.out.println(charTagger.description());
 * int[][] predicted = charTagger.predict(dev);     // tag indices into charTagger.tags()
 * }</pre>
 */
public record NotebookTagger(CharTagger tagger, TaggingData data, boolean full, String description) {

    /**
     * Where {@code ./nnlab train pos} saves the model: {@code $NNLAB_MODELS/pos} if set, else
     * {@code build/models/pos} of the repository (from a notebook's folder, {@code ../build/models/pos}),
     * else {@code ~/.cache/nnlab/models/pos}; the first that holds a saved tagger, or null.
     */
    public static Path savedModel() {
        String env = System.getenv("NNLAB_MODELS");
        List<Path> places = new java.util.ArrayList<>();
        if (env != null && !env.isBlank()) {
            places.add(Path.of(env, "pos"));
        }
        places.add(Path.of("build/models/pos"));
        places.add(Path.of("../build/models/pos"));
        places.add(Path.of(System.getProperty("user.home"), ".cache/nnlab/models/pos"));
        return places.stream().filter(TaggerFiles::exists).findFirst().orElse(null);
    }

    /**
     * The saved full UPOS model if there is one (and not in fast mode), else a small tagger (char CNN with word
     * markers, lower-cased words, 1 x 64 BiLSTM, caps, CRF) trained on {@code train} with early stopping on {@code dev} for at most {@code seconds}.
     */
    public static NotebookTagger loadOrTrain(List<TaggedSentence> train, List<TaggedSentence> dev, double seconds,
            Consumer<String> progress) {
        Path saved = Nnlab.fastMode() ? null : savedModel();
        String skipped = "";
        String context = saved == null ? null : contextVectorsOf(saved);
        if (context != null && !org.nnlab.pretrained.ContextVectors.available(context)) {
            skipped = "; the model in " + saved + " reads " + context + " context vectors, which this kernel does not have";
            saved = null;
        }
        if (saved != null) {
            try {
                TaggerFiles.Loaded loaded = TaggerFiles.load(saved);
                if (loaded.task().equals("upos")) {
                    String log = Files.isRegularFile(saved.resolve("train.log"))
                            ? " (its training log: " + saved.resolve("train.log") + ")" : "";
                    return new NotebookTagger(loaded.tagger(), loaded.data(), true,
                            "the full model trained by ./nnlab train pos, loaded from " + saved + log + ": " + loaded.tagger());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the tagger saved in " + saved, e);
            }
        }
        // the full model's design (word markers, lower-cased word embeddings, caps, CRF), smaller
        List<String> tagSet = train.stream().flatMap(s -> s.upos().stream()).distinct().sorted().toList();
        TaggingData data = TaggingData.fit(train, TaggedSentence::upos, tagSet, true);
        CharTagger.Options o = new CharTagger.Options();
        o.charEncoder = "cnn";
        o.charMarkers = true;
        o.crf = true;
        o.wordDim = 64;
        o.charDim = 24;
        o.charHidden = 40;
        o.hidden = 64;
        o.wordDropout = 1.0;
        o.capsDim = 8;
        Nnlab.seed(1);
        CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), data.tags().size(), o, data.letterCase());
        TaggerTraining.Result r = new TaggerTraining().batchSize(32).learningRate(0.008).patience(2).maxSeconds(seconds)
                .run(tagger, data, train, dev, progress);
        return new NotebookTagger(tagger, data, false, String.format(Locale.ROOT,
                "a smaller model trained here in %.0f s (%d epochs, best %d; %s)%s: %s", r.seconds(), r.epochs().size(),
                r.bestEpoch(), r.stopReason(), skipped + (saved == null && !Nnlab.fastMode()
                        ? "; run ./nnlab train pos for the full model" : ""), tagger));
    }

    /** The name of the context vectors the tagger saved in {@code folder} was trained with, or null. */
    static String contextVectorsOf(Path folder) {
        try (var lines = Files.lines(folder.resolve(TaggerFiles.SETTINGS))) {
            return lines.filter(l -> l.startsWith("context\t")).map(l -> l.split("\t")[1]).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the tagger saved in " + folder, e);
        }
    }

    /** The predicted tags of each sentence, as indices into {@link #tags()}. */
    public int[][] predict(List<TaggedSentence> sentences) {
        return TaggerTraining.predict(tagger, data, sentences);
    }

    /** The tag set, in index order. */
    public List<String> tags() {
        return data.tags();
    }
}
