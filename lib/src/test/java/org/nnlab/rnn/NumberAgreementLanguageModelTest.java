package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nnlab.Nnlab;
import org.nnlab.data.AgreementExample;
import org.nnlab.data.NumberAgreement;
import org.nnlab.data.Vocab;
import org.nnlab.eval.AgreementAccuracy;
import org.nnlab.nn.loss.SequenceCrossEntropyLoss;
import org.nnlab.optim.Adam;
import org.nnlab.train.Trainer;

/**
 * An LSTM language model trained on generated sentences ("the boy near the cars greets") prefers the verb
 * form that agrees with the subject: accuracy by the number of attractors; ablating the units that
 * correlate most with the subject's number lowers it.
 */
class NumberAgreementLanguageModelTest {

    @Test
    void prefersTheAgreeingVerbAcrossAttractors() {
        Vocab vocab = Vocab.build(List.of(NumberAgreement.words()), 1);
        // up to 3 phrases, each noun singular or plural at random: the last noun says nothing about the verb
        List<AgreementExample> train = NumberAgreement.withRandomNumbers(1600, 3, 1);
        INDArray[] xy = AgreementAccuracy.trainingPairs(train, vocab);
        Nnlab.seed(5);
        LanguageModel lm = new LanguageModel(vocab.size(), 16, 32);
        long start = System.nanoTime();
        new Trainer(lm, new SequenceCrossEntropyLoss(), new Adam(lm, 0.03)).epochs(4).batchSize(32).seed(2)
                .fit(xy[0], xy[1]);
        System.out.printf(Locale.ROOT, "trained %s on %d sentences in %.1f s%n", lm, train.size(),
                (System.nanoTime() - start) / 1e9);
        lm.eval();
        List<AgreementExample> test = new ArrayList<>();
        for (int k = 0; k <= 3; k++) {
            test.addAll(NumberAgreement.generate(200, 3, k, 100 + k)); // 3 phrases, k of them attractors
        }
        Map<Integer, Double> accuracy = AgreementAccuracy.byAttractors(lm, vocab, test);
        accuracy.forEach((k, a) -> System.out.printf(Locale.ROOT, "attractors %d: accuracy %.3f%n", k, a));
        assertTrue(accuracy.get(0) >= 0.9, "accuracy with 0 attractors " + accuracy.get(0));

        // the units that carry the subject's number, and what happens without them
        double[] r = AgreementAccuracy.numberCorrelations(lm, vocab, NumberAgreement.withRandomNumbers(400, 3, 9));
        List<Integer> byStrength = new ArrayList<>(java.util.stream.IntStream.range(0, r.length).boxed()
                .sorted((a, b) -> Double.compare(Math.abs(r[b]), Math.abs(r[a]))).toList());
        int[] strongest = byStrength.subList(0, 4).stream().mapToInt(Integer::intValue).toArray();
        System.out.printf(Locale.ROOT, "units most correlated with the subject's number: %s (r = %.2f, %.2f, ...)%n",
                java.util.Arrays.toString(strongest), r[strongest[0]], r[strongest[1]]);
        Map<Integer, Double> ablated = AgreementAccuracy.byAttractors(lm, vocab, test, strongest);
        ablated.forEach((k, a) -> System.out.printf(Locale.ROOT, "ablated, attractors %d: accuracy %.3f%n", k, a));
        double strongestAblated = AgreementAccuracy.accuracy(lm, vocab, test, strongest);
        // as many other units, chosen at random (three draws)
        List<Integer> others = new ArrayList<>(byStrength.subList(4, r.length));
        java.util.Random pick = new java.util.Random(3);
        double randomAblated = 0;
        for (int draw = 0; draw < 3; draw++) {
            java.util.Collections.shuffle(others, pick);
            randomAblated += AgreementAccuracy.accuracy(lm, vocab, test,
                    others.subList(0, 4).stream().mapToInt(Integer::intValue).toArray()) / 3;
        }
        System.out.printf(Locale.ROOT, "overall %.3f -> %.3f with the 4 strongest units ablated, %.3f with 4 others%n",
                AgreementAccuracy.accuracy(lm, vocab, test), strongestAblated, randomAblated);
        assertTrue(strongestAblated < randomAblated - 0.2,
                "ablating the units that carry the subject's number should cost more than ablating others");
    }
}
