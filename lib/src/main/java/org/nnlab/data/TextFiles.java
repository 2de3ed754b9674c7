package org.nnlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads text files whose encoding we do not know for sure: UTF-8 or Latin-1 (ISO-8859-1).
 *
 * <p>The rule: decode the bytes as UTF-8, strictly; if they are not valid UTF-8, decode them as Latin-1.
 * Latin-1 text with accents (one byte per letter, above 127) is almost never valid UTF-8, whose bytes above
 * 127 come in fixed patterns, so the guess is safe. Pure ASCII reads the same either way. A UTF-8 byte order
 * mark at the start is dropped.
 */
public final class TextFiles {

    private TextFiles() {
    }

    /** The whole file as one string, decoded as UTF-8 or else Latin-1. */
    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String text = decode(bytes);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The file's lines, without line ends ({@code \n} or {@code \r\n}); no empty line for a final line end. */
    public static List<String> readLines(Path file) {
        return read(file).lines().toList();
    }

    /** UTF-8 if the bytes are valid UTF-8, otherwise Latin-1 (which accepts any bytes). */
    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
