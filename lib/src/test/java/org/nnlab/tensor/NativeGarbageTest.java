package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NativeGarbageTest {

    private static final long MB = 1 << 20;
    private static final long MS = 1_000_000;

    /** A fake process: resident size and clock set by the test; counts collections and trims. */
    private static final class Process {
        long resident = 300 * MB;
        long now = 1_000 * MS;
        int collections;
        int trims;
        final NativeGarbage garbage = new NativeGarbage(() -> resident, () -> now, () -> collections++,
                () -> trims++);

        void step(long afterMs) {
            now += afterMs * MS;
            garbage.check();
        }
    }

    @Test
    void collectsOnceTheProcessGrewByTheNudgeThenTrimsHalfASecondLater() {
        Process p = new Process();
        p.step(0);
        p.resident += (NativeGarbage.NUDGE_MB - 1) * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        assertEquals(0, p.collections, "grew by less than the nudge");
        p.resident += 2 * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        assertEquals(1, p.collections, "grew by the nudge");
        assertEquals(0, p.trims, "the trim waits for ND4J's deallocator thread");
        p.step(NativeGarbage.TRIM_DELAY_MS);
        assertEquals(1, p.trims);
        p.step(NativeGarbage.TRIM_DELAY_MS);
        assertEquals(1, p.trims, "one trim per collection");
    }

    @Test
    void readsAtMostEveryCheckPeriod() {
        Process p = new Process();
        p.step(0);
        p.resident += 2 * NativeGarbage.NUDGE_MB * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS / 2);
        assertEquals(0, p.collections, "too soon after the last reading");
        p.step(NativeGarbage.CHECK_EVERY_MS / 2);
        assertEquals(1, p.collections);
    }

    @Test
    void theBaselineIsTheSmallestSizeSinceTheCollection() {
        Process p = new Process();
        p.step(0);
        p.resident += NativeGarbage.NUDGE_MB * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        assertEquals(1, p.collections);
        // the collection frees memory a little later; growth is counted from there
        p.resident -= 100 * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        p.resident += (NativeGarbage.NUDGE_MB - 10) * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        assertEquals(1, p.collections, "below the nudge above the new baseline");
        p.resident += 20 * MB;
        p.step(NativeGarbage.CHECK_EVERY_MS);
        assertEquals(2, p.collections);
    }

    @Test
    void withoutAReadingItNeverCollects() {
        Process p = new Process();
        p.resident = -1;
        for (int i = 0; i < 100; i++) {
            p.step(NativeGarbage.CHECK_EVERY_MS);
        }
        assertEquals(0, p.collections);
    }

    @Test
    void theRealReadingIsTheResidentSet() {
        Nd4j.create(1);  // loads the native libraries
        long bytes = Pointer.physicalBytes();
        assertTrue(bytes > 50 * MB && bytes < 20_000 * MB, "resident bytes " + bytes);
    }
}
