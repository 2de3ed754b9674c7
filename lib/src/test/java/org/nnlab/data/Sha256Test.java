package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @Test
    void knownDigest(@TempDir Path dir) throws IOException {
        // The SHA-256 of "abc" from FIPS 180-2.
        String expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(expected, Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)));
        Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals(expected, Sha256.of(file));
    }
}
