package org.nnlab.nn.loss;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy at every time step of a sequence, for taggers: scores {@code [batch, time, classes]},
 * one label per step {@code [batch, time]}, and the label {@link #IGNORE} (-1) at padded positions.
 * <pre>
 *   L = (1 / n) Σ over real steps (b, t) of  -log softmax(z[b, t])[label[b, t]]      n = number of real steps
 *   dL/dz[b, t] = (softmax(z[b, t]) - onehot(label[b, t])) / n     at real steps,  0 at padding
 * </pre>
 * Padding adds nothing to the loss or the gradient, so a batch of short and long sentences trains exactly
 * as the sentences would alone. The same as PyTorch's {@code CrossEntropyLoss(ignore_index=-1)} on the
 * flattened steps.
 */
public class SequenceCrossEntropyLoss extends Loss {

    /** The label of a padded position: ignored. */
    public static final int IGNORE = -1;

    private final CrossEntropyLoss perStep = new CrossEntropyLoss();
    private long[] shape;       // [batch, time, classes] of the last forward
    private int[] realRows;     // the flattened rows (b · time + t) that are real steps

    /** The mean loss over the real steps; {@code labels} holds whole numbers, -1 at padding. */
    @Override
    public double forward(INDArray scores, INDArray labels) {
        if (scores.rank() != 3) {
            throw new IllegalArgumentException(this + " expects scores [batch, time, classes] but got "
                    + Arrays.toString(scores.shape()));
        }
        long batch = scores.size(0);
        long time = scores.size(1);
        if (labels.rank() != 2 || labels.size(0) != batch || labels.size(1) != time) {
            throw new IllegalArgumentException(this + " expects labels [batch, time] = [" + batch + ", " + time
                    + "] (one class per step, -1 at padding) but got " + Arrays.toString(labels.shape()));
        }
        // keep the real steps: rows of the flattened [batch · time, classes] scores
        double[] flat = labels.dup('c').reshape(batch * time).toDoubleVector();
        int n = 0;
        for (double v : flat) {
            n += v == IGNORE ? 0 : 1;
        }
        if (n == 0) {
            throw new IllegalArgumentException(this + ": every position is padding (label -1); nothing to learn from");
        }
        realRows = new int[n];
        int[] realLabels = new int[n];
        for (int i = 0, k = 0; i < flat.length; i++) {
            if (flat[i] != IGNORE) {
                if (flat[i] != Math.rint(flat[i])) {
                    throw new IllegalArgumentException(this + " expects whole class numbers but got " + flat[i]
                            + " at batch " + (i / time) + ", step " + (i % time));
                }
                realRows[k] = i;
                realLabels[k++] = (int) flat[i];
            }
        }
        shape = scores.shape();
        INDArray rows = scores.dup('c').reshape(batch * time, shape[2]);
        return perStep.forward(n == flat.length ? rows : Nd4j.pullRows(rows, 1, realRows), realLabels);
    }

    /** dL/dz: the per-step gradient at the real steps, 0 at padding, shape {@code [batch, time, classes]}. */
    @Override
    public INDArray backward() {
        if (shape == null) {
            throw backwardBeforeForward();
        }
        INDArray real = perStep.backward(); // [n, classes], already divided by n
        int positions = (int) (shape[0] * shape[1]);
        if (realRows.length == positions) {
            return real.reshape(shape);     // no padding: the real rows are all rows, in order
        }
        // every position takes its row of the real steps' gradient, padding takes a row of zeros (row n):
        // one gather instead of a copy per row
        int[] from = new int[positions];
        Arrays.fill(from, realRows.length);
        for (int k = 0; k < realRows.length; k++) {
            from[realRows[k]] = k;
        }
        INDArray withZeroRow = Nd4j.concat(0, real, Nd4j.zeros(real.dataType(), 1, shape[2]));
        return Nd4j.pullRows(withZeroRow, 1, from).reshape(shape);
    }
}
