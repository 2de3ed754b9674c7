package org.nnlab.data;

import org.nnlab.testing.TestData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConlluReaderTest {

    @TempDir
    Path dir;

    private static String row(String id, String form, String upos, String xpos) {
        return String.join("\t", id, form, "_", upos, xpos, "_", "0", "_", "_", "_") + "\n";
    }

    @Test
    void skipsCommentsMultiwordTokensAndEmptyNodes() throws IOException {
        Path file = dir.resolve("small.conllu");
        Files.writeString(file, "# sent_id = s1\n# text = I don't.\n"
                + row("1", "I", "PRON", "PRP")
                + row("2-3", "don't", "_", "_")
                + row("2", "do", "AUX", "VBP")
                + row("3", "n't", "PART", "RB")
                + row("3.1", "go", "VERB", "VB")
                + row("4", ".", "PUNCT", ".")
                + "\n"
                + row("1", "Hi", "INTJ", "UH")); // last sentence without a final blank line
        List<TaggedSentence> sentences = ConlluReader.read(file);
        assertEquals(2, sentences.size());
        TaggedSentence first = sentences.get(0);
        assertEquals("s1", first.id());
        assertEquals(List.of("I", "do", "n't", "."), first.words());
        assertEquals(List.of("PRON", "AUX", "PART", "PUNCT"), first.upos());
        assertEquals(List.of("PRP", "VBP", "RB", "."), first.xpos());
        assertEquals(List.of("Hi"), sentences.get(1).words());
    }

    @Test
    void wrongColumnCountNamesFileAndLine() throws IOException {
        Path file = dir.resolve("bad.conllu");
        Files.writeString(file, "# c\n" + row("1", "A", "DET", "DT") + "2\tdog\tNOUN\n");
        MalformedDataException e = assertThrows(MalformedDataException.class, () -> ConlluReader.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad.conllu, line 3") && e.getMessage().contains("found 3"), e.getMessage());
    }

    @Test
    void badIdsAreErrors() throws IOException {
        Path file = dir.resolve("ids.conllu");
        Files.writeString(file, row("1", "A", "DET", "DT") + row("x", "dog", "NOUN", "NN"));
        assertEquals(2, assertThrows(MalformedDataException.class, () -> ConlluReader.read(file)).line());
        Path gap = dir.resolve("gap.conllu");
        Files.writeString(gap, row("1", "A", "DET", "DT") + row("1", "B", "DET", "DT"));
        assertTrue(assertThrows(MalformedDataException.class, () -> ConlluReader.read(gap))
                .getMessage().contains("blank line"));
    }

    @Test
    void readsTheRealEnglishWebTreebank() {
        Path ewt = TestData.folder().resolve("ud-english-ewt");
        List<TaggedSentence> train = ConlluReader.read(ewt.resolve("en_ewt-ud-train.conllu"));
        List<TaggedSentence> dev = ConlluReader.read(ewt.resolve("en_ewt-ud-dev.conllu"));
        assertEquals(12_544, train.size());
        assertEquals(2_001, dev.size());
        Set<String> tags = new HashSet<>();
        for (TaggedSentence s : train) {
            assertEquals(s.size(), s.upos().size());
            assertEquals(s.size(), s.xpos().size());
            tags.addAll(s.upos());
        }
        assertTrue(tags.containsAll(Set.of("NOUN", "VERB", "ADJ", "DET", "PUNCT")), tags.toString());
        assertEquals(17, tags.size(), "the 17 universal POS tags: " + tags);
        assertEquals(List.of("From", "the", "AP", "comes", "this", "story", ":"), dev.get(0).words());
        assertEquals("NNP", dev.get(0).xpos().get(2));
    }
}
