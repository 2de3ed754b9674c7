package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.nn.ReLU;

class FallbackTest {

    private static double notDone() {
        throw new NotImplementedYet("share");
    }

    @Test
    void usesTheLibraryWhileYoursIsNotDoneAndSaysSoOnce() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0.25, Fallback.yoursOr("shareA", () -> notDone(), () -> 0.25));
            assertEquals(0.25, Fallback.yoursOr("shareA", () -> notDone(), () -> 0.25));
        } finally {
            System.setOut(saved);
        }
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("shareA is not done yet"), said);
        assertEquals(1, said.split("not done yet", -1).length - 1, "said once: " + said);
    }

    @Test
    void yoursTakesOverAndItsErrorsShow() {
        assertEquals(0.5, Fallback.yoursOr("shareB", () -> 0.5, () -> 0.25));
        assertThrows(ArithmeticException.class, () -> Fallback.yoursOr("shareC", () -> 1 / zero(), () -> 2));
    }

    private static int zero() {
        return 0;
    }

    @Test
    void reluDeadShareCountsUnitsAtMostZeroInEveryRow() {
        // unit 0: never positive (dead); unit 1: active; unit 2: active once; unit 3: zero or below (dead)
        var z = Nd4j.createFromArray(new double[][] {{-1, 2, -0.5, 0}, {-3, -1, 0.1, 0}, {-2, 5, -4, -1}});
        assertEquals(0.5, ReLU.deadShare(z), 1e-12);
        assertEquals(0.0, ReLU.deadShare(Nd4j.createFromArray(new double[][] {{1, 2}, {-1, -2}})), 1e-12);
    }
}
