package org.nnlab.data;

import org.nnlab.testing.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlainTextReaderTest {

    @Test
    void readsTinyShakespeare() {
        String text = PlainTextReader.read(TestData.folder().resolve("tinyshakespeare/input.txt"));
        assertEquals(1_115_394, text.length());
        assertTrue(text.startsWith("First Citizen:"), text.substring(0, 20));
        String alphabet = PlainTextReader.alphabet(text);
        assertEquals(65, alphabet.length(), "tiny Shakespeare uses 65 distinct characters");
        assertEquals('\n', alphabet.charAt(0));
    }

    @Test
    void alphabetIsSortedAndDistinct() {
        assertEquals(" abc", PlainTextReader.alphabet("cab ba"));
    }
}
