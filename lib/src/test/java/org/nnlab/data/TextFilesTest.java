package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsUtf8() throws IOException {
        Path file = dir.resolve("utf8.txt");
        Files.writeString(file, "caf\u00e9 na\u00efve\nsecond\n", StandardCharsets.UTF_8);
        assertEquals(List.of("caf\u00e9 na\u00efve", "second"), TextFiles.readLines(file));
    }

    @Test
    void fallsBackToLatin1WhenTheBytesAreNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.txt");
        Files.write(file, "caf\u00e9 na\u00efve\r\nsecond".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("caf\u00e9 na\u00efve", "second"), TextFiles.readLines(file));
    }

    @Test
    void dropsAByteOrderMark() throws IOException {
        Path file = dir.resolve("bom.txt");
        Files.writeString(file, "\uFEFFhello", StandardCharsets.UTF_8);
        assertEquals("hello", TextFiles.read(file));
    }
}
