package org.nnlab.nn;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lookup table of word vectors: row {@code k} of the weight E (shape {@code [vocabSize, dim]}) is the
 * vector of word number {@code k}, as PyTorch's {@code nn.Embedding}.
 * <pre>
 *   indices [batch]        -&gt;  E[indices]  [batch, dim]
 *   indices [batch, time]  -&gt;  E[indices]  [batch, time, dim]
 * </pre>
 * The lookup is the same as multiplying a one-hot vector by E ({@code onehot(k) · E = E[k]}), without
 * building the one-hot vectors. Its gradient is just as sparse: only the rows that were looked up get a
 * gradient, {@code dL/dE[k] += dL/dy at every position where index k occurred}; all other rows get none.
 *
 * <p>Indices come as an integer array (INT, LONG, ...) or as a floating-point array of whole numbers
 * (such as a batch from a padded FLOAT tensor). An optional padding index (as PyTorch's
 * {@code padding_idx}) marks the padding token: its row starts at zero and never gets a gradient, so it
 * stays zero under training.
 *
 * <p>Initialisation as PyTorch's default: every entry of E normal with mean 0 and standard deviation 1,
 * drawn from ND4J's generator, so {@code Nnlab.seed(...)} makes it repeatable.
 */
public class Embedding extends Module {

    /** The value of {@link #paddingIndex()} when there is no padding index. */
    public static final int NO_PADDING = -1;

    private final int vocabSize;
    private final int dim;
    private final int paddingIndex;
    private final Parameter weight;
    private long[] indices;     // the indices of the last forward, flattened; cached for backward
    private long[] inputShape;  // [batch] or [batch, time]
    private long[] outputShape; // [batch, dim] or [batch, time, dim]

    /** A table of {@code vocabSize} FLOAT vectors of size {@code dim}, without a padding index. */
    public Embedding(int vocabSize, int dim) {
        this(vocabSize, dim, NO_PADDING, DataType.FLOAT);
    }

    /** A table of {@code vocabSize} vectors of size {@code dim} in the given data type, without padding. */
    public Embedding(int vocabSize, int dim, DataType dataType) {
        this(vocabSize, dim, NO_PADDING, dataType);
    }

    /**
     * A table of {@code vocabSize} vectors of size {@code dim}; the row of {@code paddingIndex} is zero and
     * gets no gradient ({@link #NO_PADDING} for none).
     */
    public Embedding(int vocabSize, int dim, int paddingIndex, DataType dataType) {
        this(normal(vocabSize, dim, dataType), paddingIndex);
        if (paddingIndex != NO_PADDING) {
            weight.value().getRow(paddingIndex).assign(0); // the padding token's vector starts at zero
        }
    }

    /** A table with the given weight {@code [vocabSize, dim]} (used as it is, not copied), without padding. */
    public Embedding(INDArray weight) {
        this(weight, NO_PADDING);
    }

    /**
     * A table with the given weight {@code [vocabSize, dim]} (used as it is, not copied); the row of
     * {@code paddingIndex} gets no gradient ({@link #NO_PADDING} for none). The row is left as given.
     */
    public Embedding(INDArray weight, int paddingIndex) {
        if (weight.rank() != 2 || weight.size(0) < 1 || weight.size(1) < 1) {
            throw new IllegalArgumentException("Embedding expects a weight of shape [vocabSize, dim] but got "
                    + Arrays.toString(weight.shape()));
        }
        this.vocabSize = (int) weight.size(0);
        this.dim = (int) weight.size(1);
        if (paddingIndex != NO_PADDING && (paddingIndex < 0 || paddingIndex >= vocabSize)) {
            throw new IllegalArgumentException("Embedding(" + vocabSize + ", " + dim + "): padding index "
                    + paddingIndex + " is outside the vocabulary 0.." + (vocabSize - 1));
        }
        this.paddingIndex = paddingIndex;
        this.weight = new Parameter("weight", weight);
    }

    /** The number of words in the table. */
    public int vocabSize() {
        return vocabSize;
    }

    /** The size of each word vector. */
    public int dim() {
        return dim;
    }

    /** The index whose row gets no gradient, or {@link #NO_PADDING}. */
    public int paddingIndex() {
        return paddingIndex;
    }

    /** E, shape {@code [vocabSize, dim]}: row k is the vector of word k. */
    public Parameter weight() {
        return weight;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    /** y = E[indices]: {@code [batch]} to {@code [batch, dim]}, {@code [batch, time]} to {@code [batch, time, dim]}. */
    @Override
    public INDArray forward(INDArray input) {
        if (input.rank() != 1 && input.rank() != 2) {
            throw new IllegalArgumentException(this + " expects indices [batch] or [batch, time] but got "
                    + Arrays.toString(input.shape()));
        }
        long[] idx = checkedIndices(input);
        // all checks passed: now remember what backward needs
        indices = idx;
        inputShape = input.shape();
        outputShape = Arrays.copyOf(inputShape, inputShape.length + 1);
        outputShape[inputShape.length] = dim;
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            rows[i] = (int) idx[i];
        }
        // the rows E[k] of every index k, in order: [batch * time, dim], then shaped as the input plus dim
        INDArray looked = idx.length == 0 ? Nd4j.create(weight.value().dataType(), 0, dim)
                : Nd4j.pullRows(weight.value(), 1, rows); // one native gather
        return looked.reshape('c', outputShape);
    }

    @Override
    public INDArray backward(INDArray gradOutput) {
        if (indices == null) {
            throw backwardBeforeForward();
        }
        checkGradShape(gradOutput, outputShape);
        if (gradOutput.dataType() != weight.value().dataType()) {
            throw new IllegalArgumentException(this + ": backward expects a " + weight.value().dataType()
                    + " gradOutput, like the weight, but got " + gradOutput.dataType());
        }
        INDArray g = gradOutput.reshape('c', indices.length, dim); // one row of dL/dy per looked-up index
        // dL/dE[k] += dL/dy[i] for every position i whose index is k: only the rows used are touched,
        // a word that occurs twice gets both gradients, and the padding row gets none. As a loop:
        //     for i: if (indices[i] != paddingIndex) grad.getRow(indices[i]).addi(g.getRow(i));
        // ND4J's scatter_add does exactly this in one native call, far faster than a Java loop of row views.
        int kept = 0;
        for (long k : indices) {
            kept += k != paddingIndex ? 1 : 0;
        }
        if (kept == 0) {
            return Nd4j.zeros(weight.value().dataType(), inputShape);
        }
        long[] rows = indices;
        if (kept < indices.length) { // leave out the positions of the padding index
            rows = new long[kept];
            int[] positions = new int[kept];
            for (int i = 0, j = 0; i < indices.length; i++) {
                if (indices[i] != paddingIndex) {
                    rows[j] = indices[i];
                    positions[j++] = i;
                }
            }
            g = Nd4j.pullRows(g, 1, positions);
        }
        INDArray grad = weight.grad();
        Nd4j.exec(DynamicCustomOp.builder("scatter_add")
                .addInputs(grad, Nd4j.createFromArray(rows), g)
                .addOutputs(grad) // in place: adds into the accumulated gradient
                .build());
        int[] touched = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            touched[i] = (int) rows[i];
        }
        weight.addedToGradientRows(touched); // for a row-sparse gradient (Parameter.rowSparseGradient)
        // Indices are whole numbers, not something to differentiate: dL/d(indices) is 0.
        return Nd4j.zeros(weight.value().dataType(), inputShape);
    }

    /** {@code Embedding(10000, 50)}, or {@code Embedding(10000, 50, padding=0)}. */
    @Override
    public String toString() {
        return "Embedding(" + vocabSize + ", " + dim + (paddingIndex == NO_PADDING ? "" : ", padding=" + paddingIndex)
                + ")";
    }

    /** The indices as whole numbers, checked to lie in 0..vocabSize-1; the input is not changed. */
    private long[] checkedIndices(INDArray input) {
        INDArray flat = input.ravel();
        long[] idx;
        if (input.dataType().isFPType()) {
            double[] values = flat.toDoubleVector();
            idx = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != Math.rint(values[i])) {
                    throw new IllegalArgumentException(this + " expects whole-number indices but got " + values[i]
                            + " at " + position(input, i));
                }
                idx[i] = (long) values[i];
            }
        } else if (input.dataType().isIntType()) {
            idx = flat.toLongVector();
        } else {
            throw new IllegalArgumentException(this + " expects indices as whole numbers but got a "
                    + input.dataType() + " array");
        }
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= vocabSize) {
                throw new IllegalArgumentException(this + ": index " + idx[i] + " at " + position(input, i)
                        + " is outside the vocabulary 0.." + (vocabSize - 1) + " (vocabulary size " + vocabSize + ")");
            }
        }
        return idx;
    }

    /** Position {@code i} of the flattened input as {@code [b]} or {@code [b, t]}. */
    private static String position(INDArray input, int i) {
        return input.rank() == 1 ? "[" + i + "]" : "[" + i / input.size(1) + ", " + i % input.size(1) + "]";
    }

    /** PyTorch's default: normal with mean 0 and standard deviation 1. */
    private static INDArray normal(int vocabSize, int dim, DataType dataType) {
        if (vocabSize < 1 || dim < 1) {
            throw new IllegalArgumentException("Embedding expects vocabSize ≥ 1 and dim ≥ 1 but got vocabSize "
                    + vocabSize + " and dim " + dim);
        }
        return Nd4j.randn(dataType, vocabSize, dim);
    }
}
