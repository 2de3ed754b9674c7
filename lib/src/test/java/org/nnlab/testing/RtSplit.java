package org.nnlab.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nnlab.data.LabeledText;
import org.nnlab.data.PolarityReader;
import org.nnlab.data.Tokenizer;

/**
 * The RT sentence polarity data split as the tests use it: all 10,662 texts shuffled with seed 42,
 * lower-cased tokens, the first 90 % for training and the last 10 % held out.
 */
public record RtSplit(List<List<String>> trainTokens, int[] trainLabels,
                      List<List<String>> testTokens, int[] testLabels) {

    public static RtSplit load() {
        List<LabeledText> all = new ArrayList<>(PolarityReader.readFolder(TestData.folder().resolve("rt-polarity")));
        Collections.shuffle(all, new Random(42));
        Tokenizer tokenizer = Tokenizer.lowerCasing();
        int cut = all.size() * 9 / 10;
        List<List<String>> trainTokens = new ArrayList<>();
        List<List<String>> testTokens = new ArrayList<>();
        int[] trainLabels = new int[cut];
        int[] testLabels = new int[all.size() - cut];
        for (int i = 0; i < all.size(); i++) {
            LabeledText t = all.get(i);
            if (i < cut) {
                trainTokens.add(tokenizer.tokenize(t.text()));
                trainLabels[i] = t.label();
            } else {
                testTokens.add(tokenizer.tokenize(t.text()));
                testLabels[i - cut] = t.label();
            }
        }
        return new RtSplit(trainTokens, trainLabels, testTokens, testLabels);
    }
}
