package org.nnlab.nn.loss;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy on scores (logits) z of shape {@code [batch, classes]} with integer class
 * labels: {@code L = mean over the batch of -log softmax(z)[label] = logsumexp(z) - z[label]}.
 * The log-sum-exp is taken as {@code m + log Σ e^(z - m)} with m the row's maximum, so large scores
 * do not overflow. Gradient: {@code dL/dz = (softmax(z) - onehot(label)) / batch}.
 * Same as PyTorch's {@code nn.CrossEntropyLoss}.
 */
public class CrossEntropyLoss extends Loss {

    private INDArray probabilities; // softmax(z), cached by forward
    private INDArray oneHot;        // onehot(label), cached by forward

    /** The loss for scores {@code [batch, classes]} and one label in 0..classes-1 per row. */
    public double forward(INDArray logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException(this + " expects scores [batch, classes] but got "
                    + Arrays.toString(logits.shape()));
        }
        long batch = logits.size(0);
        long classes = logits.size(1);
        if (labels.length != batch || batch == 0) {
            throw new IllegalArgumentException(this + " expects one label per row: " + batch
                    + " rows of scores but " + labels.length + " labels");
        }
        double[] hot = new double[Math.toIntExact(batch * classes)];   // onehot(label), row by row
        for (int row = 0; row < batch; row++) {
            if (labels[row] < 0 || labels[row] >= classes) {
                throw new IllegalArgumentException(this + ": label " + labels[row] + " at row " + row
                        + " is outside the class range 0.." + (classes - 1) + " (" + classes + " classes)");
            }
            hot[(int) (row * classes) + labels[row]] = 1;
        }
        INDArray target = Nd4j.create(hot, new long[] {batch, classes}, 'c').castTo(logits.dataType());
        // logsumexp(z) = m + log Σ e^(z - m), with m the row maximum
        INDArray m = logits.max(true, 1);
        INDArray shiftedExp = Transforms.exp(logits.sub(m), false);
        INDArray sumExp = shiftedExp.sum(true, 1);
        INDArray logSumExp = Transforms.log(sumExp, true).addi(m);
        INDArray correctScore = logits.mul(target).sum(true, 1);
        probabilities = shiftedExp.divi(sumExp);
        oneHot = target;
        return logSumExp.subi(correctScore).sumNumber().doubleValue() / batch;
    }

    /**
     * The loss for scores {@code [batch, classes]} and labels given as an array of whole numbers,
     * shape {@code [batch]} or {@code [batch, 1]}, in any data type.
     */
    @Override
    public double forward(INDArray logits, INDArray labels) {
        if (labels.length() != labels.size(0) || labels.rank() > 2) {
            throw new IllegalArgumentException(this + " expects labels [batch] (class numbers) but got "
                    + Arrays.toString(labels.shape()));
        }
        double[] values = labels.toDoubleVector();
        int[] classes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw new IllegalArgumentException(this + " expects whole class numbers as labels but got "
                        + values[i] + " at row " + i);
            }
            classes[i] = (int) values[i];
        }
        return forward(logits, classes);
    }

    /** softmax(z) of the last forward: the predicted class probabilities, {@code [batch, classes]}. */
    public INDArray probabilities() {
        if (probabilities == null) {
            throw new IllegalStateException(this + ": probabilities asked before forward");
        }
        return probabilities;
    }

    @Override
    public INDArray backward() {
        if (probabilities == null) {
            throw backwardBeforeForward();
        }
        // dL/dz = (softmax(z) - onehot(label)) / batch
        return probabilities.sub(oneHot).divi(probabilities.size(0));
    }
}
