package org.nnlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The safetensors format: byte layout, round trips, and a clear error for every kind of damaged file. */
class SafeTensorsTest {

    @TempDir
    Path dir;

    private static Map<String, INDArray> arrays() {
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put("0.weight", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}}));
        a.put("0.bias", Nd4j.createFromArray(-0.5f, 0.25f));
        a.put("double 3-d", Nd4j.linspace(DataType.DOUBLE, 1, 24, 24).reshape(2, 3, 4).divi(7));
        a.put("transposed view", Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}).transpose());
        a.put("longs", Nd4j.createFromArray(1L, -2L, Long.MAX_VALUE));
        a.put("ints", Nd4j.createFromArray(new int[][] {{7}, {-8}}));
        a.put("scalar", Nd4j.scalar(3.5f));
        a.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        a.put("name with \"quotes\" and ü", Nd4j.createFromArray(1.0f));
        return a;
    }

    @Test
    void writesTheDocumentedBytes() throws IOException {
        Path file = dir.resolve("small.safetensors");
        Map<String, INDArray> a = new LinkedHashMap<>();
        a.put("w", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        SafeTensors.write(file, a, Map.of("epoch", "3"));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"epoch\":\"3\"},\"w\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[0,24]}}",
                header.strip());
        assertEquals(0, n % 8, "the header is padded with spaces so that the data starts 8-byte aligned");
        assertEquals(8 + n + 24, bytes.length);
        b.position((int) (8 + n));
        float[] data = new float[6];
        b.asFloatBuffer().get(data);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, data, "row-major, little-endian");
        assertFalse(Files.exists(dir.resolve("small.safetensors.partial")), "written aside, then moved");
    }

    @Test
    void everyArrayComesBackWithItsNameShapeTypeAndValues() {
        Path file = dir.resolve("all.safetensors");
        Map<String, INDArray> written = arrays();
        SafeTensors.write(file, written, Map.of("note", "a\nb \"c\""));
        SafeTensors.Contents read = SafeTensors.read(file);
        assertEquals(List.copyOf(written.keySet()), List.copyOf(read.tensors().keySet()), "in the order of their data");
        for (Map.Entry<String, INDArray> e : written.entrySet()) {
            INDArray back = read.tensors().get(e.getKey());
            assertEquals(e.getValue().dataType(), back.dataType(), e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertEquals(e.getValue(), back, e.getKey());
        }
        assertEquals(Map.of("note", "a\nb \"c\""), read.metadata());
        SafeTensors.write(file, Map.of(), Map.of()); // overwrites; an empty file is valid too
        assertTrue(SafeTensors.read(file).tensors().isEmpty());
    }

    @Test
    void aTypeItCannotWriteIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(
                dir.resolve("x.safetensors"), Map.of("mask", Nd4j.createFromArray(true, false)), Map.of()));
        assertTrue(e.getMessage().contains("array 'mask' is BOOL"), e.getMessage());
    }

    // ---------------------------------------------------------------- damaged files

    /** A valid file with one F32 [2, 3] array "w" and metadata, as bytes. */
    private byte[] valid() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        SafeTensors.write(file, Map.of("w", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}})),
                Map.of("format", "pt"));
        return Files.readAllBytes(file);
    }

    /** A file of a length prefix and a header (padded to 8 bytes) followed by {@code data} bytes of zeros. */
    private Path withHeader(String header, int data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return write(b.array());
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("damaged.safetensors");
        Files.write(file, bytes);
        return file;
    }

    private String error(Path file) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), "expected \"" + expected + "\" in: " + message);
    }

    @Test
    void aFileTooShortForTheLength() throws IOException {
        assertContains("not a safetensors file: it has 3 bytes, fewer than the 8", error(write(new byte[] {1, 2, 3})));
    }

    @Test
    void aTruncatedHeader() throws IOException {
        byte[] bytes = valid();
        assertContains("truncated: its first 8 bytes give a header of", error(write(Arrays.copyOf(bytes, 40))));
    }

    @Test
    void anImpossibleHeaderLength() throws IOException {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -5); // 2^64 - 5 as unsigned
        assertContains("more than the 100000000 a safetensors header may have", error(write(bytes)));
        assertContains("too short for a JSON object", error(withHeader("", 0)));
    }

    @Test
    void anotherFormat() throws IOException {
        // a PyTorch .pt file is a zip archive: "PK\3\4..." read as a length is far too large
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0};
        assertContains("more than the 100000000", error(write(zip)));
        assertContains("the header should be a JSON object starting with '{' but starts with \"[1, 2]\"",
                error(withHeader("[1, 2]", 0)));
    }

    @Test
    void corruptJson() throws IOException {
        assertContains("the JSON header is corrupt or truncated: expected ',' or '}' at character 54",
                error(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]} \"v\":{}}", 4)));
        assertContains("the key \"w\" appears twice", error(withHeader("{\"w\":{},\"w\":{}}", 0)));
        assertContains("a string is not closed", error(withHeader("{\"w", 0)));
    }

    @Test
    void entriesThatDoNotDescribeAnArray() throws IOException {
        assertContains("array 'w' in the header: no \"dtype\" string",
                error(withHeader("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        assertContains("array 'w' in the header: \"shape\" should hold whole numbers >= 0 but is [2, -1]",
                error(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,4]}}", 4)));
        assertContains("\"data_offsets\" should be a list of 2 whole numbers but is [0]",
                error(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4)));
        assertContains("array 'w' in the header: shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] hold 20",
                error(withHeader("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20)));
        assertContains("__metadata__ should map strings to strings but \"epoch\" is 3",
                error(withHeader("{\"__metadata__\":{\"epoch\":3}}", 0)));
    }

    @Test
    void dataTypesItDoesNotRead() throws IOException {
        assertContains("array 'w' has data type F16, which nnlab does not read (it reads F32, F64, I32, I64):"
                        + " convert it before saving, in PyTorch for example with tensor.float()",
                error(withHeader("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)));
        assertContains("array 'w' has data type float32, which is not a safetensors data type",
                error(withHeader("{\"w\":{\"dtype\":\"float32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
    }

    @Test
    void truncatedData() throws IOException {
        byte[] bytes = valid();
        assertContains("truncated or corrupt: array 'w' has data_offsets [0, 24] but the data part has only 10 bytes",
                error(write(Arrays.copyOf(bytes, bytes.length - 14))));
    }

    @Test
    void gapsOverlapsAndTrailingBytes() throws IOException {
        assertContains("array 'b' begins at byte 8 of the data but 'a' ends at 4",
                error(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12)));
        assertContains("array 'b' begins at byte 0 of the data but 'a' ends at 4",
                error(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4)));
        byte[] bytes = valid();
        assertContains("the arrays' data end at byte 24 of the data part, but it has 30 bytes",
                error(write(Arrays.copyOf(bytes, bytes.length + 6))));
    }

    @Test
    void aMissingFile() {
        Path file = dir.resolve("nowhere.safetensors");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> SafeTensors.read(file));
        assertEquals("cannot read " + file + ": there is no such file", e.getMessage());
    }
}
