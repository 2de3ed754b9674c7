package org.nnlab.nn.loss;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nnlab.tensor.NativeFloats;

/**
 * Softmax cross-entropy on scores (logits) z of shape {@code [batch, classes]} with integer class
 * labels: {@code L = mean over the batch of -log softmax(z)[label] = logsumexp(z) - z[label]}.
 * The log-sum-exp is taken as {@code m + log Σ e^(z - m)} with m the row's maximum, so large scores
 * do not overflow. Gradient: {@code dL/dz = (softmax(z) - onehot(label)) / batch}.
 * Same as PyTorch's {@code nn.CrossEntropyLoss}.
 */
public class CrossEntropyLoss extends Loss {

    private INDArray probabilities; // softmax(z), cached by forward
    private INDArray oneHot;        // onehot(label), cached by forward (null on the Java path)
    private int[] labels;           // the Java path's labels

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
        for (int row = 0; row < batch; row++) {
            if (labels[row] < 0 || labels[row] >= classes) {
                throw new IllegalArgumentException(this + ": label " + labels[row] + " at row " + row
                        + " is outside the class range 0.." + (classes - 1) + " (" + classes + " classes)");
            }
        }
        if (NativeFloats.copyable(logits)) {
            return forwardInJava(logits, labels);
        }
        double[] hot = new double[Math.toIntExact(batch * classes)];   // onehot(label), row by row
        for (int row = 0; row < batch; row++) {
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
     * The same formulas, row by row in Java, for FLOAT scores on the CPU: a batch of 64 rows of 10 scores
     * is 640 numbers, and the ten ND4J operations above took 200 µs for them (measured), ten times PyTorch.
     */
    private double forwardInJava(INDArray logits, int[] labels) {
        int batch = (int) logits.size(0);
        int classes = (int) logits.size(1);
        float[] z = NativeFloats.read(logits, new float[batch * classes], 0);
        double loss = 0;
        for (int row = 0; row < batch; row++) {
            int at = row * classes;
            float m = z[at];                                   // the row's maximum
            for (int k = 1; k < classes; k++) {
                m = Math.max(m, z[at + k]);
            }
            float correctScore = z[at + labels[row]];
            double sumExp = 0;
            for (int k = 0; k < classes; k++) {
                float e = (float) Math.exp(z[at + k] - m);     // e^(z - m): softmax's numerator
                z[at + k] = e;
                sumExp += e;
            }
            loss += m + Math.log(sumExp) - correctScore;      // logsumexp(z) - z[label]
            for (int k = 0; k < classes; k++) {
                z[at + k] /= (float) sumExp;                   // softmax(z)
            }
        }
        probabilities = Nd4j.createUninitialized(DataType.FLOAT, batch, classes);
        NativeFloats.write(z, 0, probabilities);
        oneHot = null;
        this.labels = labels.clone();
        return loss / batch;
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
        if (oneHot == null) {  // the Java path: the same, row by row
            int batch = (int) probabilities.size(0);
            int classes = (int) probabilities.size(1);
            float[] g = NativeFloats.read(probabilities, new float[batch * classes], 0);
            for (int row = 0; row < batch; row++) {
                g[row * classes + labels[row]] -= 1;
                for (int k = 0; k < classes; k++) {
                    g[row * classes + k] /= batch;
                }
            }
            INDArray grad = Nd4j.createUninitialized(DataType.FLOAT, batch, classes);
            NativeFloats.write(g, 0, grad);
            return grad;
        }
        return probabilities.sub(oneHot).divi(probabilities.size(0));
    }
}
