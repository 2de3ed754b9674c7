package org.nnlab.testing;

import java.util.ArrayList;
import java.util.List;

import org.nnlab.data.LabeledText;
import org.nnlab.data.PolarityReader;
import org.nnlab.data.Tokenizer;

/** All 10,662 RT sentence polarity texts in file order, as lower-cased tokens, with their labels (1 = positive). */
public record RtTexts(List<List<String>> tokens, int[] labels) {

    public static RtTexts load() {
        List<LabeledText> all = PolarityReader.readFolder(TestData.folder().resolve("rt-polarity"));
        Tokenizer tokenizer = Tokenizer.lowerCasing();
        List<List<String>> tokens = new ArrayList<>(all.size());
        int[] labels = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            tokens.add(tokenizer.tokenize(all.get(i).text()));
            labels[i] = all.get(i).label();
        }
        return new RtTexts(tokens, labels);
    }
}
