package org.nnlab.tagging;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nnlab.data.LengthBatches;
import org.nnlab.data.TaggedSentence;
import org.nnlab.nn.Crf;
import org.nnlab.rnn.CharTagger;

/**
 * Several CRF taggers trained alike from different seeds, tagging as one: each sentence gets the tag sequence
 * whose score, averaged over the taggers, is highest. A sequence's score with one tagger is
 * {@code sum_t z_t[y_t] + sum_t A[y_t-1, y_t]} (plus start and end), so the average is the same sum with the
 * averaged tag scores z and the averaged transitions A, and one Viterbi pass finds its best sequence (a
 * product of the taggers' distributions: a sequence has to please them all). The seeds' errors differ in part,
 * so the average makes fewer (Reimers and Gurevych 2017 show how much one seed's figure can vary).
 */
public final class TaggerEnsemble {

    private final List<TaggerFiles.Loaded> members;
    private final Crf averageCrf;

    private TaggerEnsemble(List<TaggerFiles.Loaded> members, Crf averageCrf) {
        this.members = members;
        this.averageCrf = averageCrf;
    }

    /** The ensemble of taggers with a CRF, the same task and the same tags (as {@link TaggerFiles#load} gives them). */
    public static TaggerEnsemble of(List<TaggerFiles.Loaded> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one tagger");
        }
        TaggerFiles.Loaded first = members.get(0);
        Crf average = new Crf(first.data().tags().size(), DataType.FLOAT);
        for (TaggerFiles.Loaded m : members) {
            if (m.tagger().crf() == null) {
                throw new IllegalArgumentException("an ensemble averages CRF scores, but " + m.tagger() + " has no CRF");
            }
            if (!m.data().tags().equals(first.data().tags()) || !m.task().equals(first.task())) {
                throw new IllegalArgumentException("the taggers of an ensemble need the same task and tags: "
                        + first.task() + " " + first.data().tags() + " and " + m.task() + " " + m.data().tags());
            }
            TaggerTraining.checkContext(m.tagger(), m.data());
            Crf crf = m.tagger().crf();
            average.transitions().value().addi(crf.transitions().value().castTo(DataType.FLOAT).div(members.size()));
            average.start().value().addi(crf.start().value().castTo(DataType.FLOAT).div(members.size()));
            average.end().value().addi(crf.end().value().castTo(DataType.FLOAT).div(members.size()));
        }
        return new TaggerEnsemble(List.copyOf(members), average);
    }

    /** The members' tag set, in index order. */
    public List<String> tags() {
        return members.get(0).data().tags();
    }

    /** The best tags of every sentence (indices into {@link #tags()}), in batches of similar length. */
    public int[][] predict(List<TaggedSentence> sentences) {
        int[][] out = new int[sentences.size()][];
        for (int[] batch : LengthBatches.of(TaggingData.lengths(sentences), 128, 0)) {
            INDArray mean = null;
            INDArray mask = null;
            for (TaggerFiles.Loaded m : members) {
                CharTagger tagger = m.tagger();
                tagger.eval();
                INDArray x = m.data().input(sentences, batch);
                INDArray z = tagger.forward(x).castTo(DataType.FLOAT).div(members.size());   // [batch, time, tags]
                mean = mean == null ? z : mean.addi(z);
                mask = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).neq(CharTagger.PAD)
                        .castTo(DataType.FLOAT);
            }
            int[][] tags = averageCrf.decode(mean, mask);
            for (int k = 0; k < batch.length; k++) {
                out[batch[k]] = tags[k];
            }
        }
        return out;
    }

    /** Whether a word was seen in the training sentences (all members were trained on the same ones). */
    public boolean seenInTraining(String word) {
        return members.get(0).data().seenInTraining(word);
    }

    @Override
    public String toString() {
        return "TaggerEnsemble(" + members.size() + " taggers)";
    }
}
