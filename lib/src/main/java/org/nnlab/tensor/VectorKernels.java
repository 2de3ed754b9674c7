package org.nnlab.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorMath}'s kernels with the JDK's vector API: the same formulas as the plain loop, applied to
 * a whole vector register of floats at once, and the plain loop for the few values left at the end.
 * Loaded only when the module {@code jdk.incubator.vector} is present.
 */
final class VectorKernels implements VectorMath.Kernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public void sigmoid(float[] a, int from, int to) {
        int i = from;
        for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, i);
            FloatVector e = x.neg().lanewise(VectorOperators.EXP);       // e^-x
            FloatVector.broadcast(SPECIES, 1f).div(e.add(1f)).intoArray(a, i);  // 1 / (1 + e^-x)
        }
        VectorMath.SCALAR.sigmoid(a, i, to);
    }

    @Override
    public void tanh(float[] a, int from, int to) {
        int i = from;
        for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, i).lanewise(VectorOperators.TANH).intoArray(a, i);
        }
        VectorMath.SCALAR.tanh(a, i, to);
    }

    @Override
    public String toString() {
        return "vector API, " + SPECIES.length() + " floats at a time";
    }
}
