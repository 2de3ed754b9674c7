package org.nnlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small labelled data set: one row of features per example and an integer class label.
 *
 * <p>Rows are {@code double[]} so a student can print and read them; {@link #x()} and {@link #y()} give
 * the same numbers as ND4J arrays ({@code [n, features]} and {@code [n, 1]}, FLOAT) for a network.
 * Labels run from {@code 0} to {@code numClasses() - 1}. A {@code Dataset} never changes after it is made.
 */
public final class Dataset {

    private final double[][] features;
    private final int[] labels;
    private final int numClasses;

    /**
     * Makes a data set from rows of features and their labels (both are copied).
     *
     * @throws IllegalArgumentException if it is empty, rows differ in width, the counts differ, or a label
     *     lies outside {@code 0 .. numClasses-1}
     */
    public Dataset(double[][] features, int[] labels, int numClasses) {
        if (features.length == 0) {
            throw new IllegalArgumentException("a Dataset needs at least one example, but got none");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException("a Dataset needs one label per row, but got "
                    + features.length + " rows and " + labels.length + " labels");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, but got " + numClasses);
        }
        int width = features[0].length;
        this.features = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length
                        + " features but row 0 has " + width);
            }
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i
                        + " is outside the classes 0.." + (numClasses - 1));
            }
            this.features[i] = features[i].clone();
        }
        this.labels = labels.clone();
        this.numClasses = numClasses;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Number of features per example (2 for the synthetic sets). */
    public int numFeatures() {
        return features[0].length;
    }

    /** Number of classes; labels run from 0 to {@code numClasses() - 1}. */
    public int numClasses() {
        return numClasses;
    }

    /** The features of example {@code i} (a copy). */
    public double[] row(int i) {
        return features[i].clone();
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All features, {@code [n][features]} (a copy). */
    public double[][] features() {
        double[][] copy = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            copy[i] = features[i].clone();
        }
        return copy;
    }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** How many examples each class has: {@code counts[c]} is the number with label {@code c}. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** The features as an ND4J matrix {@code [n, features]} of FLOAT. */
    public INDArray x() {
        return Nd4j.createFromArray(features).castTo(DataType.FLOAT);
    }

    /** The labels as an ND4J column {@code [n, 1]} of FLOAT (0.0, 1.0, ...), the target of a binary output. */
    public INDArray y() {
        float[][] column = new float[labels.length][1];
        for (int i = 0; i < labels.length; i++) {
            column[i][0] = labels[i];
        }
        return Nd4j.createFromArray(column);
    }

    /** The labels one-hot as {@code [n, numClasses]} of FLOAT, the target of a softmax output. */
    public INDArray oneHot() {
        float[][] rows = new float[labels.length][numClasses];
        for (int i = 0; i < labels.length; i++) {
            rows[i][labels[i]] = 1f;
        }
        return Nd4j.createFromArray(rows);
    }

    /** The examples at the given positions, in that order. */
    public Dataset subset(int[] indices) {
        double[][] rows = new double[indices.length][];
        int[] ys = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            rows[i] = features[indices[i]];
            ys[i] = labels[indices[i]];
        }
        return new Dataset(rows, ys, numClasses);
    }

    /** The same examples in an order shuffled by {@code seed}. */
    public Dataset shuffled(long seed) {
        return subset(permutation(size(), new Random(seed)));
    }

    /**
     * Splits into train, validation and test parts after shuffling with {@code seed}.
     * The split is stratified: each class is shuffled and cut in the same proportions, so every part keeps
     * the class balance of the whole. The test part gets what is left after train and validation.
     *
     * @param trainFraction share of each class for training, for example 0.7
     * @param validationFraction share of each class for validation, for example 0.15 (may be 0)
     */
    public Split split(double trainFraction, double validationFraction, long seed) {
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1) {
            throw new IllegalArgumentException("split fractions must satisfy train > 0, validation >= 0 and "
                    + "train + validation <= 1, but got train " + trainFraction + " and validation "
                    + validationFraction);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            int nTrain = (int) Math.round(members.size() * trainFraction);
            int nValidation = (int) Math.round(members.size() * validationFraction);
            nValidation = Math.min(nValidation, members.size() - nTrain);
            train.addAll(members.subList(0, nTrain));
            validation.addAll(members.subList(nTrain, nTrain + nValidation));
            test.addAll(members.subList(nTrain + nValidation, members.size()));
        }
        // Shuffle each part too, so the classes are mixed rather than in blocks.
        return new Split(part(train, random), part(validation, random), part(test, random));
    }

    private Dataset part(List<Integer> indices, Random random) {
        if (indices.isEmpty()) {
            return null;
        }
        java.util.Collections.shuffle(indices, random);
        return subset(indices.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A random order of {@code 0 .. n-1} (Fisher-Yates). */
    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public String toString() {
        return "Dataset(" + size() + " examples, " + numFeatures() + " features, " + numClasses
                + " classes " + Arrays.toString(classCounts()) + ")";
    }
}
