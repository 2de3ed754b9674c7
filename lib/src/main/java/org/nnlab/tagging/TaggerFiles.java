package org.nnlab.tagging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.data.TaggedSentence;
import org.nnlab.nn.Parameter;
import org.nnlab.rnn.CharTagger;

/**
 * Saves and loads a trained {@link CharTagger} with what it needs to read sentences: a folder with
 * {@value #PARAMETERS} (the parameters by name, in the safetensors format: an 8-byte header length, a JSON
 * header of names, dtypes, shapes and offsets, then the raw little-endian floats; PyTorch's
 * {@code safetensors.torch.load_file} reads it) and {@value #SETTINGS} (the options, tags, characters and
 * words with their training counts, as text).
 *
 * <p>A stop-gap until {@code Module.save}/{@code load} exist: the parameter file is the same format, so
 * switching is a change of two calls.
 */
public final class TaggerFiles {

    public static final String PARAMETERS = "tagger.safetensors";
    public static final String SETTINGS = "tagger.txt";

    private TaggerFiles() {
    }

    /** A loaded tagger and its data (vocabularies and tags). */
    public record Loaded(CharTagger tagger, TaggingData data, String task) {
    }

    /** Whether {@code folder} holds a saved tagger. */
    public static boolean exists(Path folder) {
        return Files.isRegularFile(folder.resolve(PARAMETERS)) && Files.isRegularFile(folder.resolve(SETTINGS));
    }

    /** Writes the tagger's parameters and settings into {@code folder}. */
    public static void save(Path folder, CharTagger tagger, TaggingData data, String task) throws IOException {
        Files.createDirectories(folder);
        CharTagger.Options o = tagger.options();
        List<String> lines = new ArrayList<>();
        lines.add("task\t" + task);
        lines.add("options\t" + o.wordDim + "\t" + o.charEncoder + "\t" + o.charDim + "\t" + o.charHidden + "\t"
                + o.cnnWidth + "\t" + o.hidden + "\t" + o.layers + "\t" + o.dropout + "\t" + o.wordDropout + "\t" + o.crf + "\t" + o.capsDim
                + "\t" + o.charMarkers);
        lines.add("tags\t" + String.join("\t", data.tags()));
        if (data.context() != null) {   // the context vectors are not saved: their name finds them again
            lines.add("context\t" + data.context().name() + "\t" + o.contextDim);
        }
        if (data.lowerCaseWords()) {   // the words are lower-cased: keep the exact spellings for "seen in training"
            lines.add("lowercase\ttrue");
            data.trainSpellings().stream().sorted().forEach(w -> lines.add("spelling\t" + w));
        }
        StringBuilder chars = new StringBuilder("chars");
        data.characterList().forEach(c -> chars.append('\t').append((int) c));
        lines.add(chars.toString());
        for (int i = 2; i < data.vocab().size(); i++) {
            String w = data.vocab().token(i);
            lines.add("word\t" + data.vocab().count(w) + "\t" + w);
        }
        Files.write(folder.resolve(SETTINGS), lines, StandardCharsets.UTF_8);
        writeSafetensors(folder.resolve(PARAMETERS), tagger.namedParameters());
    }

    /** Reads a tagger saved by {@link #save}. */
    public static Loaded load(Path folder) throws IOException {
        String task = "upos";
        CharTagger.Options o = new CharTagger.Options();
        List<String> tags = List.of();
        List<Character> chars = new ArrayList<>();
        Map<String, Integer> words = new LinkedHashMap<>();
        boolean lowerCase = false;
        String context = null;
        java.util.Set<String> spellings = new java.util.HashSet<>();
        for (String line : Files.readAllLines(folder.resolve(SETTINGS), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "task" -> task = f[1];
                case "options" -> {
                    o.wordDim = Integer.parseInt(f[1]);
                    o.charEncoder = f[2];
                    o.charDim = Integer.parseInt(f[3]);
                    o.charHidden = Integer.parseInt(f[4]);
                    o.cnnWidth = Integer.parseInt(f[5]);
                    o.hidden = Integer.parseInt(f[6]);
                    o.layers = Integer.parseInt(f[7]);
                    o.dropout = Double.parseDouble(f[8]);
                    o.wordDropout = Double.parseDouble(f[9]);
                    o.crf = Boolean.parseBoolean(f[10]);
                    o.capsDim = f.length > 11 ? Integer.parseInt(f[11]) : 0;   // files from before the caps feature
                    o.charMarkers = f.length > 12 && Boolean.parseBoolean(f[12]); // files from before the word markers
                }
                case "lowercase" -> lowerCase = Boolean.parseBoolean(f[1]);
                case "context" -> {
                    context = f[1];
                    o.contextDim = Integer.parseInt(f[2]);
                }
                case "spelling" -> spellings.add(line.substring("spelling\t".length()));
                case "tags" -> tags = List.of(Arrays.copyOfRange(f, 1, f.length));
                case "chars" -> Arrays.stream(f, 1, f.length).forEach(c -> chars.add((char) Integer.parseInt(c)));
                case "word" -> words.put(line.substring(line.indexOf('\t', 5) + 1), Integer.parseInt(f[1]));
                default -> throw new IOException(folder.resolve(SETTINGS) + ": unknown line " + f[0]);
            }
        }
        java.util.function.Function<TaggedSentence, List<String>> tagsOf =
                task.equals("names") ? NameSpans::of : TaggedSentence::upos;
        TaggingData data = TaggingData.restore(words, chars, tags, tagsOf, lowerCase, spellings);
        if (context != null) {
            data = data.withContext(org.nnlab.pretrained.ContextVectors.named(context));
        }
        CharTagger tagger = new CharTagger(data.wordCounts(), data.characters(), tags.size(), o, data.letterCase());
        Map<String, INDArray> values = readSafetensors(folder.resolve(PARAMETERS));
        for (Map.Entry<String, Parameter> p : tagger.namedParameters().entrySet()) {
            INDArray v = values.get(p.getKey());
            if (v == null) {
                throw new IOException(folder.resolve(PARAMETERS) + " has no parameter " + p.getKey());
            }
            if (!Arrays.equals(v.shape(), p.getValue().value().shape())) {
                throw new IOException("parameter " + p.getKey() + ": the tagger expects shape "
                        + Arrays.toString(p.getValue().value().shape()) + " but the file has " + Arrays.toString(v.shape()));
            }
            p.getValue().value().assign(v);
        }
        tagger.eval();
        return new Loaded(tagger, data, task);
    }

    // ---------------------------------------------------------------- safetensors, FLOAT only

    static void writeSafetensors(Path file, Map<String, Parameter> parameters) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        List<float[]> data = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            float[] v = e.getValue().value().castTo(DataType.FLOAT).dup('c').data().asFloat();
            data.add(v);
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
                    .append(Arrays.toString(e.getValue().value().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + 4L * v.length).append("]}");
            offset += 4L * v.length;
        }
        header.append('}');
        while ((header.length() + 8) % 8 != 0) {
            header.append(' '); // the format pads the header with spaces to a multiple of 8
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        data.forEach(v -> {
            for (float x : v) {
                buf.putFloat(x);
            }
        });
        Files.write(file, buf.array());
    }

    private static final Pattern ENTRY = Pattern.compile(
            "\"([^\"]+)\":\\{\"dtype\":\"F32\",\"shape\":\\[([0-9,]*)\\],\"data_offsets\":\\[(\\d+),(\\d+)\\]\\}");

    static Map<String, INDArray> readSafetensors(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buf.getLong();
        String header = new String(buf.array(), 8, headerLength, StandardCharsets.UTF_8);
        Map<String, INDArray> out = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(header);
        while (m.find()) {
            long[] shape = m.group(2).isEmpty() ? new long[0] : Arrays.stream(m.group(2).split(",")).mapToLong(Long::parseLong).toArray();
            int from = Integer.parseInt(m.group(3));
            int to = Integer.parseInt(m.group(4));
            float[] v = new float[(to - from) / 4];
            ByteBuffer part = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            part.position(8 + headerLength + from);
            part.asFloatBuffer().get(v);
            out.put(m.group(1), Nd4j.create(v, shape, 'c'));
        }
        return out;
    }
}
