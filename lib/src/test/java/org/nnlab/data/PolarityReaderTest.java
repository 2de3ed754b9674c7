package org.nnlab.data;

import org.nnlab.testing.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolarityReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRealRtPolarityData() {
        List<LabeledText> examples = PolarityReader.readFolder(TestData.folder().resolve("rt-polarity"));
        assertEquals(10_662, examples.size());
        assertEquals(5_331, examples.stream().filter(e -> e.label() == PolarityReader.POSITIVE).count());
        assertEquals(5_331, examples.stream().filter(e -> e.label() == PolarityReader.NEGATIVE).count());
        assertTrue(examples.get(0).text().startsWith("the rock is destined"), examples.get(0).text());
    }

    @Test
    void readsLatin1Files() throws IOException {
        Path pos = dir.resolve("p.pos");
        Path neg = dir.resolve("n.neg");
        Files.write(pos, "a clich\u00e9 but fun\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(neg, "dull\nvery dull\n".getBytes(StandardCharsets.ISO_8859_1));
        List<LabeledText> examples = PolarityReader.read(pos, neg);
        assertEquals(new LabeledText("a clich\u00e9 but fun", 1), examples.get(0));
        assertEquals(new LabeledText("very dull", 0), examples.get(2));
    }

    @Test
    void anEmptyLineIsAnErrorNamingFileAndLine() throws IOException {
        Path pos = dir.resolve("broken.pos");
        Files.writeString(pos, "good\n\nfine\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> PolarityReader.readSentences(pos));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("broken.pos, line 2"), e.getMessage());
    }
}
