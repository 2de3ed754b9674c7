package org.nnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A module that lists its children gets their parameters (prefixed by name), the mode and the data type. */
class ModuleChildrenTest {

    /** Linear, dropout, Linear: only children() written. */
    static final class TwoLayers extends Module {
        final Linear first = new Linear(3, 4);
        final Dropout dropout = new Dropout(0.5);
        final Linear second = new Linear(4, 2);

        @Override
        public INDArray forward(INDArray x) {
            return second.forward(dropout.forward(first.forward(x)));
        }

        @Override
        public INDArray backward(INDArray g) {
            return first.backward(dropout.backward(second.backward(g)));
        }

        @Override
        protected Map<String, Module> children() {
            Map<String, Module> children = new LinkedHashMap<>();
            children.put("first", first);
            children.put("dropout", dropout);
            children.put("second", second);
            return children;
        }
    }

    @Test
    void parametersAreTheChildrensWithTheirNamesInFront() {
        TwoLayers m = new TwoLayers();
        assertEquals(List.of("first.weight", "first.bias", "second.weight", "second.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of(m.first.weight(), m.first.bias(), m.second.weight(), m.second.bias()), m.parameters());
    }

    @Test
    void evalTrainAndToReachEveryChild() {
        TwoLayers m = new TwoLayers();
        m.eval();
        assertFalse(m.dropout.isTraining() || m.first.isTraining());
        m.train();
        assertTrue(m.dropout.isTraining() && m.second.isTraining());
        m.to(DataType.DOUBLE);
        for (Parameter p : m.parameters()) {
            assertEquals(DataType.DOUBLE, p.value().dataType(), p.name());
        }
    }
}
