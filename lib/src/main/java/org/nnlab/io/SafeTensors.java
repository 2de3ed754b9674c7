package org.nnlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named arrays in a safetensors file, the format of Hugging Face's {@code safetensors} library that PyTorch
 * users share weights in (https://huggingface.co/docs/safetensors). A file is:
 * <pre>
 *   8 bytes    N, the length of the header: an unsigned 64-bit integer, little-endian
 *   N bytes    the header: a UTF-8 JSON object, for example
 *              {"__metadata__": {"format": "pt"},
 *               "0.weight": {"dtype": "F32", "shape": [5, 4], "data_offsets": [0, 80]},
 *               "0.bias":   {"dtype": "F32", "shape": [5],    "data_offsets": [80, 100]}}
 *              (this writer pads it with spaces to a multiple of 8 bytes)
 *   the rest   the data: each array's entries in row-major (C) order, little-endian, from byte
 *              data_offsets[0] to data_offsets[1] of this part; the arrays cover it without gaps
 * </pre>
 * {@code __metadata__} is optional and maps strings to strings. Data types read and written: F32 (FLOAT),
 * F64 (DOUBLE), I32 (INT) and I64 (LONG). Python reads such a file with {@code safetensors.torch.load_file},
 * or with {@code struct} and {@code json} alone (see {@code tools/make_torch_safetensors_fixtures.py}).
 *
 * <p>Reading checks the whole structure (header length, JSON, data types, shapes, offsets inside the file and
 * consistent with the shapes) and throws a {@link SafeTensorsFormatException} naming the file and the
 * problem. For a module's parameters use {@code Module.save} and {@code Module.load}, which also check the
 * names, shapes and data types against the module.
 */
public final class SafeTensors {

    /** The key of the optional string-to-string metadata in the header. */
    public static final String METADATA = "__metadata__";
    /** The largest header read (the reference implementation's limit): 100 MB. */
    static final long MAX_HEADER = 100_000_000L;

    private SafeTensors() {
    }

    /** What a file holds: the arrays by name, in the order of their data in the file, and the metadata. */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes the arrays (in the map's order) and the metadata (may be empty) to {@code file}. The file is
     * written next to its final place and then moved there, so a crash never leaves half a file under that
     * name. FLOAT, DOUBLE, INT and LONG arrays of any rank.
     */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) {
        StringBuilder header = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            header.append(HeaderJson.quote(METADATA)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                header.append(sep).append(HeaderJson.quote(e.getKey())).append(':').append(HeaderJson.quote(e.getValue()));
                sep = ",";
            }
            header.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("an array cannot be called " + METADATA + ": the header uses that key");
            }
            INDArray a = e.getValue();
            long bytes = a.length() * DType.of(e.getKey(), a.dataType()).size;
            header.append(header.length() > 1 ? "," : "").append(HeaderJson.quote(e.getKey()))
                    .append(":{\"dtype\":\"").append(DType.of(e.getKey(), a.dataType()).name())
                    .append("\",\"shape\":").append(Arrays.toString(a.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        while (utf8(header.toString()).length % 8 != 0) {
            header.append(' '); // so that the data starts 8-byte aligned
        }
        byte[] json = utf8(header.toString());
        Path dir = file.toAbsolutePath().getParent();
        Path partial = dir.resolve(file.getFileName() + ".partial");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip());
            writeFully(out, ByteBuffer.wrap(json));
            for (INDArray a : tensors.values()) {
                writeFully(out, littleEndian(a));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + partial + ": " + e.getMessage(), e);
        }
        try {
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The entries of {@code a} in row-major order as little-endian bytes. */
    private static ByteBuffer littleEndian(INDArray a) {
        DType type = DType.of("", a.dataType());
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(a.length() * type.size)).order(ByteOrder.LITTLE_ENDIAN);
        if (a.length() > 0) {
            INDArray flat = a.dup('c').reshape(a.length()); // a row-major copy, whatever a's own layout
            switch (type) {
                case F32 -> b.asFloatBuffer().put(flat.toFloatVector());
                case F64 -> b.asDoubleBuffer().put(flat.toDoubleVector());
                case I32 -> b.asIntBuffer().put(flat.toIntVector());
                case I64 -> b.asLongBuffer().put(flat.toLongVector());
            }
        }
        return b;
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads every array and the metadata of {@code file}, checking its structure first. */
    public static Contents read(Path file) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < 8) {
                throw new SafeTensorsFormatException(file, "not a safetensors file: it has " + size
                        + " bytes, fewer than the 8 that give the length of its header");
            }
            ByteBuffer first = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, first, 0);
            long headerLength = first.flip().getLong();
            if (headerLength < 0 || headerLength > MAX_HEADER) {
                throw new SafeTensorsFormatException(file, "not a safetensors file, or corrupt: its first 8 bytes give"
                        + " a header of " + Long.toUnsignedString(headerLength) + " bytes, more than the " + MAX_HEADER
                        + " a safetensors header may have");
            }
            if (headerLength > size - 8) {
                throw new SafeTensorsFormatException(file, "truncated: its first 8 bytes give a header of "
                        + headerLength + " bytes, but only " + (size - 8) + " bytes follow");
            }
            if (headerLength < 2) {
                throw new SafeTensorsFormatException(file, "corrupt: its first 8 bytes give a header of "
                        + headerLength + " bytes, too short for a JSON object");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(in, headerBytes, 8);
            Map<String, Object> header = headerObject(file, headerBytes.flip());
            List<Entry> entries = parseHeader(file, header);
            long dataStart = 8 + headerLength;
            checkOffsets(file, entries, size - dataStart);
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
                readFully(in, data, dataStart + e.begin);
                tensors.put(e.name, e.type.array(data.flip(), e.shape));
            }
            return new Contents(Collections.unmodifiableMap(tensors), metadata(file, header));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + file + ": there is no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel in, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int n = in.read(b, position);
            if (n < 0) {
                throw new IOException("the file ended early");
            }
            position += n;
        }
    }

    /** One array's entry in the header. */
    private record Entry(String name, DType type, long[] shape, long begin, long end) {
    }

    /** The header's entries sorted by where their data begins. */
    private static List<Entry> parseHeader(Path file, Map<String, Object> header) {
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                continue;
            }
            String name = e.getKey();
            String where = "array '" + name + "' in the header: ";
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new SafeTensorsFormatException(file, where + "expected {\"dtype\": ..., \"shape\": ...,"
                        + " \"data_offsets\": ...} but found " + e.getValue());
            }
            if (!(info.get("dtype") instanceof String dtype)) {
                throw new SafeTensorsFormatException(file, where + "no \"dtype\" string");
            }
            DType type = DType.named(file, name, dtype);
            long[] shape = longs(file, where + "\"shape\"", info.get("shape"), -1);
            long[] offsets = longs(file, where + "\"data_offsets\"", info.get("data_offsets"), 2);
            if (offsets[1] < offsets[0]) {
                throw new SafeTensorsFormatException(file, where + "data_offsets " + Arrays.toString(offsets)
                        + " end before they begin");
            }
            long needed = type.size;
            try {
                for (long d : shape) {
                    needed = Math.multiplyExact(needed, d);
                }
            } catch (ArithmeticException tooLarge) {
                throw new SafeTensorsFormatException(file, where + "shape " + Arrays.toString(shape) + " is too large");
            }
            if (offsets[1] - offsets[0] != needed) {
                throw new SafeTensorsFormatException(file, where + "shape " + Arrays.toString(shape) + " of " + dtype
                        + " needs " + needed + " bytes but data_offsets " + Arrays.toString(offsets) + " hold "
                        + (offsets[1] - offsets[0]));
            }
            entries.add(new Entry(name, type, shape, offsets[0], offsets[1]));
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        return entries;
    }

    /** The header as a JSON object, or an error that says why it is not one. */
    private static Map<String, Object> headerObject(Path file, ByteBuffer bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(file, "not a safetensors file: its header is not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw new SafeTensorsFormatException(file, "not a safetensors file: the header should be a JSON object"
                    + " starting with '{' but starts with \"" + printable(text.substring(0, Math.min(20, text.length())))
                    + "\"");
        }
        Object parsed;
        try {
            parsed = HeaderJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsFormatException(file, "the JSON header is corrupt or truncated: " + e.getMessage());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> header = (Map<String, Object>) parsed;
        return header;
    }

    /**
     * Checks that the arrays' data lie inside the data part and cover it without gaps or overlaps, as the
     * format requires; {@code entries} are sorted by where they begin.
     */
    private static void checkOffsets(Path file, List<Entry> entries, long dataSize) {
        long expectedBegin = 0;
        String previous = null;
        for (Entry e : entries) {
            if (e.end > dataSize) {
                throw new SafeTensorsFormatException(file, "truncated or corrupt: array '" + e.name + "' has"
                        + " data_offsets [" + e.begin + ", " + e.end + "] but the data part has only " + dataSize + " bytes");
            }
            if (e.begin != expectedBegin) {
                throw new SafeTensorsFormatException(file, "corrupt header: array '" + e.name + "' begins at byte "
                        + e.begin + " of the data but " + (previous == null ? "the data begins at 0"
                        : "'" + previous + "' ends at " + expectedBegin) + " (the arrays must cover the data without"
                        + " gaps or overlaps)");
            }
            expectedBegin = e.end;
            previous = e.name;
        }
        if (expectedBegin != dataSize) {
            throw new SafeTensorsFormatException(file, "corrupt: the arrays' data end at byte " + expectedBegin
                    + " of the data part, but it has " + dataSize + " bytes");
        }
    }

    /** The header's {@code __metadata__}, string to string (empty when there is none). */
    private static Map<String, String> metadata(Path file, Map<String, Object> header) {
        Object m = header.get(METADATA);
        Map<String, String> metadata = new LinkedHashMap<>();
        if (m == null) {
            return Collections.unmodifiableMap(metadata);
        }
        if (!(m instanceof Map<?, ?> map)) {
            throw new SafeTensorsFormatException(file, METADATA + " should map strings to strings but is " + m);
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String value)) {
                throw new SafeTensorsFormatException(file, METADATA + " should map strings to strings but \""
                        + e.getKey() + "\" is " + e.getValue());
            }
            metadata.put((String) e.getKey(), value);
        }
        return Collections.unmodifiableMap(metadata);
    }

    /** A JSON array of whole numbers >= 0 (of length {@code length} unless it is -1). */
    private static long[] longs(Path file, String what, Object o, int length) {
        if (!(o instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafeTensorsFormatException(file, what + " should be a list of " + (length >= 0 ? length + " " : "")
                    + "whole numbers but is " + o);
        }
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new SafeTensorsFormatException(file, what + " should hold whole numbers >= 0 but is " + o);
            }
            values[i] = v;
        }
        return values;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- data types

    /** The data types read and written, with their sizes in bytes. */
    enum DType {
        F32(4, DataType.FLOAT), F64(8, DataType.DOUBLE), I32(4, DataType.INT), I64(8, DataType.LONG);

        final int size;
        final DataType nd4j;

        DType(int size, DataType nd4j) {
            this.size = size;
            this.nd4j = nd4j;
        }

        /** The type of an ND4J array to write. */
        static DType of(String name, DataType type) {
            for (DType t : values()) {
                if (t.nd4j == type) {
                    return t;
                }
            }
            throw new IllegalArgumentException("array '" + name + "' is " + type + ", which nnlab does not write;"
                    + " convert it first, for example array.castTo(DataType.FLOAT)");
        }

        /** The type named in a header. */
        static DType named(Path file, String name, String dtype) {
            for (DType t : values()) {
                if (t.name().equals(dtype)) {
                    return t;
                }
            }
            String known = "F16 BF16 I8 U8 I16 U16 U32 U64 BOOL F8_E4M3 F8_E5M2";
            throw new SafeTensorsFormatException(file, "array '" + name + "' has data type " + dtype + ", which"
                    + (known.contains(dtype) ? " nnlab does not read (it reads F32, F64, I32, I64): convert it"
                    + " before saving, in PyTorch for example with tensor.float()" : " is not a safetensors data type"));
        }

        /** An ND4J array of this type and {@code shape} from little-endian bytes. */
        INDArray array(ByteBuffer bytes, long[] shape) {
            int n = bytes.remaining() / size;
            if (n == 0) {
                return Nd4j.create(nd4j, shape);
            }
            INDArray flat = switch (this) {
                case F32 -> {
                    float[] v = new float[n];
                    bytes.asFloatBuffer().get(v);
                    yield Nd4j.createFromArray(v);
                }
                case F64 -> {
                    double[] v = new double[n];
                    bytes.asDoubleBuffer().get(v);
                    yield Nd4j.createFromArray(v);
                }
                case I32 -> {
                    int[] v = new int[n];
                    bytes.asIntBuffer().get(v);
                    yield Nd4j.createFromArray(v);
                }
                case I64 -> {
                    long[] v = new long[n];
                    bytes.asLongBuffer().get(v);
                    yield Nd4j.createFromArray(v);
                }
            };
            return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
        }
    }
}
