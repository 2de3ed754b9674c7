package org.nnlab.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nnlab.Nnlab;

/**
 * Every cell's backward against central differences, in DOUBLE, over three chained steps (so the gradient
 * also flows from step to step through h and c): all parameters, every x_t, h_0 and c_0.
 */
class CellGradCheckTest {

    private static final double TOLERANCE = 1e-6;

    private static void assertPasses(RecurrentCell cell, boolean withC, int expectedArrays) {
        Map<String, Double> errors = CellGradCheck.check(cell, 2, 3, withC);
        assertEquals(expectedArrays, errors.size(), errors.toString());
        for (Map.Entry<String, Double> e : errors.entrySet()) {
            assertTrue(e.getValue() < TOLERANCE, cell + ": " + e.getKey() + " has relative error " + e.getValue()
                    + " (all: " + errors + ")");
        }
    }

    @Test
    void rnnCellTanhWithBias() {
        Nnlab.seed(1);
        assertPasses(new RnnCell(3, 4, RnnCell.Nonlinearity.TANH, true, DataType.DOUBLE), false, 4 + 3 + 1);
    }

    @Test
    void rnnCellLinearWithoutBias() {
        Nnlab.seed(2);
        assertPasses(new RnnCell(3, 4, RnnCell.Nonlinearity.NONE, false, DataType.DOUBLE), false, 2 + 3 + 1);
    }

    @Test
    void lstmCell() {
        Nnlab.seed(3);
        assertPasses(new LstmCell(3, 4, true, DataType.DOUBLE), true, 4 + 3 + 2);
        Nnlab.seed(4);
        assertPasses(new LstmCell(3, 2, false, DataType.DOUBLE), true, 2 + 3 + 2);
    }

    @Test
    void gruCellPyTorchFormulation() {
        Nnlab.seed(5);
        assertPasses(new GruCell(3, 4, GruCell.Formulation.PYTORCH, true, DataType.DOUBLE), false, 4 + 3 + 1);
        Nnlab.seed(6);
        assertPasses(new GruCell(3, 2, GruCell.Formulation.PYTORCH, false, DataType.DOUBLE), false, 2 + 3 + 1);
    }

    @Test
    void gruCellLectureFormulation() {
        Nnlab.seed(7);
        assertPasses(new GruCell(3, 4, GruCell.Formulation.LECTURE, true, DataType.DOUBLE), false, 4 + 3 + 1);
        Nnlab.seed(8);
        assertPasses(new GruCell(3, 2, GruCell.Formulation.LECTURE, false, DataType.DOUBLE), false, 2 + 3 + 1);
    }

    @Test
    void floatCellConvertedToDoubleChecksToo() {
        Nnlab.seed(9);
        RecurrentCell cell = new LstmCell(2, 3);   // FLOAT by default
        assertEquals(DataType.FLOAT, cell.dataType());
        assertPasses(cell, true, 4 + 3 + 2);        // the check converts it with to(DOUBLE)
        assertEquals(DataType.DOUBLE, cell.weightIh().grad().dataType());
    }
}
