package org.nnlab.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * k-fold cross-validation: the examples {@code 0 .. n-1} dealt into {@code k} folds of nearly equal size
 * (sizes differ by at most one). Round {@code f} trains on every fold but {@code f} and tests on fold
 * {@code f}, so after {@code k} rounds every example has been tested exactly once, by a model that never saw
 * it. The mean and spread over the rounds say more than one split can: one lucky split can be a point or
 * two above the mean.
 * <pre>{@code
 * Folds folds = Folds.stratified(labels, 10, 42);   // each fold has the classes in the proportions of the data
 * for (int f = 0; f < folds.k(); f++) {
 *     int[] train = folds.train(f), test = folds.test(f);
 *     ...
 * }
 * }</pre>
 * The same {@code seed} gives the same folds. Indices come back in increasing order.
 */
public final class Folds {

    private final int[] foldOf; // foldOf[i] = the fold that tests example i
    private final int k;

    private Folds(int[] foldOf, int k) {
        this.foldOf = foldOf;
        this.k = k;
    }

    /** Plain folds: the examples shuffled with {@code seed}, then dealt to the folds in turn. */
    public static Folds of(int n, int k, long seed) {
        check(n, k);
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        return deal(List.of(order), n, k);
    }

    /**
     * Stratified folds: the examples of each class shuffled with {@code seed} and dealt to the folds in turn,
     * one class after the other, so each fold holds every class in about its share of the data (at most one
     * example more or less per class) and the fold sizes still differ by at most one.
     */
    public static Folds stratified(int[] labels, int k, long seed) {
        check(labels.length, k);
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Folds.stratified: label of example " + i + " is " + labels[i]
                        + "; labels are class numbers 0, 1, ...");
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        for (List<Integer> members : byClass) {
            Collections.shuffle(members, random);
        }
        return deal(byClass, labels.length, k);
    }

    /** Deals the examples of the lists, in order, to folds 0, 1, ..., k-1, 0, 1, ... */
    private static Folds deal(List<List<Integer>> lists, int n, int k) {
        int[] foldOf = new int[n];
        int next = 0;
        for (List<Integer> list : lists) {
            for (int i : list) {
                foldOf[i] = next;
                next = (next + 1) % k;
            }
        }
        return new Folds(foldOf, k);
    }

    private static void check(int n, int k) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds but got k = " + k);
        }
        if (n < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " examples but there are " + n);
        }
    }

    /** The number of folds. */
    public int k() {
        return k;
    }

    /** The number of examples. */
    public int size() {
        return foldOf.length;
    }

    /** The fold that tests example {@code i}. */
    public int foldOf(int i) {
        return foldOf[i];
    }

    /** The examples fold {@code f} tests, in increasing order. */
    public int[] test(int f) {
        checkFold(f);
        return select(f, true);
    }

    /** The examples round {@code f} trains on (all but fold {@code f}), in increasing order. */
    public int[] train(int f) {
        checkFold(f);
        return select(f, false);
    }

    /** The elements of {@code items} at {@code indices}, in that order: for example the texts of a fold. */
    public static <T> List<T> pick(List<T> items, int[] indices) {
        List<T> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(items.get(i));
        }
        return out;
    }

    /** The entries of {@code values} at {@code indices}: for example the labels of a fold. */
    public static int[] pick(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            out[j] = values[indices[j]];
        }
        return out;
    }

    private int[] select(int f, boolean inFold) {
        return java.util.stream.IntStream.range(0, foldOf.length).filter(i -> (foldOf[i] == f) == inFold).toArray();
    }

    private void checkFold(int f) {
        if (f < 0 || f >= k) {
            throw new IndexOutOfBoundsException("fold " + f + " does not exist: there are " + k + " folds, 0.." + (k - 1));
        }
    }

    /** {@code Folds(10 folds of 10662 examples, 1066 to 1067 each)}. */
    @Override
    public String toString() {
        int[] sizes = new int[k];
        for (int f : foldOf) {
            sizes[f]++;
        }
        int min = Arrays.stream(sizes).min().orElse(0);
        int max = Arrays.stream(sizes).max().orElse(0);
        return "Folds(" + k + " folds of " + foldOf.length + " examples, " + (min == max ? min + "" : min + " to " + max)
                + " each)";
    }
}
