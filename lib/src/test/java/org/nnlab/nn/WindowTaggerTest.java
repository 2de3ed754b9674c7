package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;
import org.nnlab.check.GradCheck;
import org.nnlab.data.ConlluReader;
import org.nnlab.data.TaggedSentence;
import org.nnlab.data.WordWindows;
import org.nnlab.eval.MostFrequentTag;
import org.nnlab.nn.loss.CrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.testing.OnFixedIds;
import org.nnlab.testing.TestData;
import org.nnlab.train.Trainer;

class WindowTaggerTest {

    private static final List<List<String>> TRAIN = List.of(List.of("Jane", "met", "him", "."),
            List.of("him", "met", "Jane", "in", "2015", "."), List.of("The", "USA", "met", "iPhone", "."));

    @Test
    void windowsHoldTheWordsAroundEachWordWithTheBoundaryBeyondTheSentence() {
        WordWindows windows = WordWindows.fit(TRAIN, 5, 2);
        INDArray x = windows.input(List.of(List.of("Jane", "met", "Bob", ".")));
        assertArrayEquals(new long[] {4, 5, 3}, x.shape());
        // word 1 ("met"): <s>, Jane, met, Bob (unknown), .
        INDArray met = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1));
        assertEquals(0, met.getInt(0, 0), "the boundary");
        assertEquals(0, met.getInt(0, 1));
        assertEquals(WordWindows.UNKNOWN, met.getInt(3, 0), "Bob was never seen");
        assertTrue(windows.knows("jane") && windows.knows("JANE") && !windows.knows("Bob"));
        assertEquals(List.of("Xx", "x", "XX", "xX", "none"), List.of("Jane", "met", "USA", "iPhone", "2015").stream()
                .map(w -> WordWindows.CAPS.get(WordWindows.caps(w))).toList());
        assertEquals(met.getInt(1, 0), x.getInt(0, 2, 0), "Jane is the same word in both windows");
        assertEquals(met.getInt(2, 2), x.getInt(1, 2, 2), "the suffix of met");
        assertThrows(IllegalArgumentException.class, () -> WordWindows.fit(TRAIN, 4, 1));
    }

    @Test
    void theWordTableNamesEachRowAndCanTakeMoreWords() {
        WordWindows windows = WordWindows.fit(TRAIN, 5, 2); // jane, met, him, . seen twice or more
        List<String> table = windows.wordTable();
        assertEquals(List.of("<s>", "<unk>", ".", "him", "jane", "met"), table);
        INDArray x = windows.input(List.of(List.of("Jane", "met", "Bob")));
        assertEquals(table.indexOf("jane"), x.getInt(0, 2, 0), "row of the window's middle word");

        WordWindows more = windows.withWords(List.of("Bob", "jane", "apple"));
        assertEquals(List.of("<s>", "<unk>", ".", "him", "jane", "met", "apple", "bob"), more.wordTable(),
                "new words after the old ones, in lower case; jane was there already");
        assertTrue(more.knows("BOB") && !windows.knows("bob"));
        INDArray y = more.input(List.of(List.of("Jane", "met", "Bob")));
        assertEquals(more.wordTable().indexOf("bob"), y.getInt(2, 2, 0));
        assertEquals(x.getInt(1, 2, 0), y.getInt(1, 2, 0), "old words keep their rows");
        assertEquals(WordWindows.caps("Bob"), y.getInt(2, 2, 1), "capitalisation still from the word as written");
        assertEquals(more.wordCount(), new WindowTagger(more, 4, 2, 6, 3).wordEmbedding().vocabSize());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Nnlab.seed(3);
        WordWindows windows = WordWindows.fit(TRAIN, 3, 1);
        WindowTagger tagger = new WindowTagger(windows, 4, 2, 6, 3);
        tagger.to(DataType.DOUBLE);
        INDArray ids = windows.input(TRAIN.subList(0, 2)).castTo(DataType.DOUBLE);
        INDArray labels = Nd4j.createFromArray(0, 1, 2, 0, 2, 1, 0, 1, 2, 0).castTo(DataType.DOUBLE);
        GradCheck.Report report = GradCheck.check(new OnFixedIds(tagger, ids), new CrossEntropyLoss(),
                Nd4j.zeros(DataType.DOUBLE, 10, 1), labels);
        for (GradCheck.Entry e : report.entries()) {
            assertTrue(e.passed(1e-6) || (e.passed(1e-3) && Math.abs(e.backward() - e.numerical()) < 1e-10), report.toString());
        }
        assertTrue(report.toString().contains("suffixes.weight"), report.toString());
    }

    @Test
    void aWrongInputShapeSaysWhatItExpects() {
        WindowTagger tagger = new WindowTagger(WordWindows.fit(TRAIN, 5, 1), 4, 2, 6, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tagger.forward(Nd4j.zeros(4, 3, 3)));
        assertTrue(e.getMessage().contains("[words, 5, 3]") && e.getMessage().contains("WordWindows.input"), e.getMessage());
    }

    @Test
    void learnsToTagEwtBetterThanTheMostFrequentTag() {
        List<TaggedSentence> train = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-train.conllu")).subList(0, 400);
        List<TaggedSentence> dev = ConlluReader.read(TestData.folder().resolve("ud-english-ewt/en_ewt-ud-dev.conllu")).subList(0, 200);
        List<String> tags = train.stream().flatMap(s -> s.upos().stream()).distinct().sorted().toList();
        WordWindows windows = WordWindows.fit(train.stream().map(TaggedSentence::words).toList(), 5, 2);
        INDArray x = windows.input(train.stream().map(TaggedSentence::words).toList());
        INDArray y = Nd4j.createFromArray(train.stream().flatMap(s -> s.upos().stream()).mapToDouble(tags::indexOf).toArray())
                .castTo(DataType.FLOAT);
        Nnlab.seed(1);
        WindowTagger tagger = new WindowTagger(windows, 32, 8, 64, tags.size());
        new Trainer(tagger, new CrossEntropyLoss(), new Adam(tagger, 0.01)).epochs(3).batchSize(64).seed(1).fit(x, y);
        int[] predicted = tagger.predict(windows.input(dev.stream().map(TaggedSentence::words).toList()));
        int[] gold = dev.stream().flatMap(s -> s.upos().stream()).mapToInt(tags::indexOf).toArray();
        double accuracy = (double) java.util.stream.IntStream.range(0, gold.length).filter(i -> predicted[i] == gold[i]).count() / gold.length;
        double baseline = MostFrequentTag.trainUpos(train).uposAccuracy(dev);
        System.out.printf("WindowTagger on 400 EWT sentences: dev %.3f, most frequent tag %.3f%n", accuracy, baseline);
        assertTrue(accuracy > baseline + 0.02, accuracy + " vs " + baseline + " " + Arrays.toString(predicted).substring(0, 40));
    }
}
