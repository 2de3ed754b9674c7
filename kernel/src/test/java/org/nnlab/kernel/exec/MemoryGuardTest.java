package org.nnlab.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryGuardTest {

    @Test
    void theLimitIsTheSmallestOfTheHubsAndTheCgroups(@TempDir Path temp) throws IOException {
        Path root = temp.resolve("cgroup");
        Path v1 = Files.createDirectories(root.resolve("memory/nnlab/ada"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1073741824\n");
        Path proc = temp.resolve("proc-cgroup");
        Files.writeString(proc, "5:cpu,cpuacct:/nnlab/ada\n4:memory:/nnlab/ada\n0::/\n");
        assertEquals(OptionalLong.of(1L << 30), MemoryGuard.limit(Map.of(), proc, root));
        assertEquals(OptionalLong.of(500_000_000), MemoryGuard.limit(Map.of("MEM_LIMIT", "500000000"), proc, root));

        // cgroup v2: memory.max, "max" meaning none
        Path v2 = Files.createDirectories(root.resolve("user.slice/ada"));
        Files.writeString(v2.resolve("memory.max"), "max\n");
        Files.writeString(proc, "0::/user.slice/ada\n");
        assertEquals(OptionalLong.empty(), MemoryGuard.limit(Map.of(), proc, root));
        Files.writeString(v2.resolve("memory.max"), "2147483648\n");
        assertEquals(OptionalLong.of(2L << 30), MemoryGuard.limit(Map.of("MEM_LIMIT", "not a number"), proc, root));

        // v1's "no limit" is a huge number; no cgroup file at all is no limit either
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.writeString(proc, "4:memory:/nnlab/ada\n");
        assertEquals(OptionalLong.empty(), MemoryGuard.limit(Map.of(), proc, root));
        assertEquals(OptionalLong.empty(), MemoryGuard.limit(Map.of(), temp.resolve("missing"), root));
    }

    @Test
    void collectsFirstAndStopsOnlyIfThatDidNotHelp() {
        long mb = 1L << 20;
        AtomicLong resident = new AtomicLong(500 * mb);
        MemoryGuard guard = new MemoryGuard(1000 * mb, resident::get);
        assertNull(guard.check(1), "half the limit is fine");
        resident.set(950 * mb);
        String message = guard.check(1);  // the garbage collection cannot change the fake figure
        assertTrue(message != null && message.contains("memory limit") && message.contains("restart the kernel"),
                message);
        // the next cell starts near the limit: it may run (to free memory) as long as it does not grow
        assertNull(guard.check(2), "a cell that starts near the limit");
        resident.set(955 * mb);
        assertNull(guard.check(2), "a few MB more is noise");
        resident.set(990 * mb);
        assertTrue(guard.check(2) != null, "a cell that grows near the limit is stopped");
        resident.set(850 * mb);
        assertNull(guard.check(3), "above the collection mark but below the stop mark");
    }

    @Test
    void withoutALimitItCollectsWhenNativeGarbagePilesUpAndNeverStopsACell() {
        long mb = 1L << 20;
        AtomicLong resident = new AtomicLong(200 * mb);
        AtomicLong collections = new AtomicLong();
        MemoryGuard guard = new MemoryGuard(0, resident::get, () -> {
            collections.incrementAndGet();
            resident.set(220 * mb);  // the collection freed the dead arrays
        }, () -> { });
        assertNull(guard.check(1));
        resident.set(400 * mb);
        assertNull(guard.check(1));
        assertEquals(0, collections.get(), "200 MB more is not yet a pile");
        resident.set(500 * mb);
        assertNull(guard.check(1), "no limit: never a stop");
        assertEquals(1, collections.get());
        resident.set(300 * mb);
        assertNull(guard.check(2));
        assertEquals(1, collections.get(), "measured from the last collection (220 MB), 300 MB is fine");
    }

    @Test
    void theNextNudgeIsMeasuredFromWhereTheProcessShrankAfterACollection() throws InterruptedException {
        long mb = 1L << 20;
        AtomicLong resident = new AtomicLong(200 * mb);
        AtomicLong collections = new AtomicLong();
        // as in ND4J: the collection itself frees nothing yet; the native memory goes a moment later
        MemoryGuard guard = new MemoryGuard(0, resident::get, collections::incrementAndGet, () -> { });
        assertNull(guard.check(1));
        resident.set(500 * mb);
        guard.check(1);
        assertEquals(1, collections.get());
        resident.set(230 * mb);  // the deallocator has run
        guard.check(1);
        Thread.sleep(1100);  // past the shortest time between two collections
        resident.set(520 * mb);  // 290 MB of new garbage since the process shrank
        guard.check(1);
        assertEquals(2, collections.get(), "the pile is measured from 230 MB, not from 500 MB");
    }

    @Test
    void freedMemoryGoesBackToTheSystemHalfASecondAfterACollectionAndAfterABigCell() throws InterruptedException {
        long mb = 1L << 20;
        AtomicLong resident = new AtomicLong(200 * mb);
        AtomicLong collections = new AtomicLong();
        AtomicLong trims = new AtomicLong();
        MemoryGuard guard = new MemoryGuard(0, resident::get, collections::incrementAndGet, () -> {
            trims.incrementAndGet();
            resident.set(210 * mb);  // what the C library held goes back
        });
        assertNull(guard.check(1));
        resident.set(230 * mb);
        guard.afterCell();
        assertEquals(0, collections.get(), "a cell that left 30 MB: nothing to tidy");
        assertEquals(0, trims.get());
        guard.check(2);
        resident.set(600 * mb);
        guard.check(2);                      // the pile: a collection, the trim comes later
        assertEquals(1, collections.get());
        guard.trimIfDue();
        assertEquals(0, trims.get(), "not at once: ND4J frees after the collection, on its own thread");
        Thread.sleep(MemoryGuard.TRIM_DELAY_MS + 50);
        guard.trimIfDue();
        assertEquals(1, trims.get());
        guard.trimIfDue();
        assertEquals(1, trims.get(), "one trim per collection");
        // a cell ends 100 MB above where the process was after the last collection: collect and trim, twice
        guard.check(3);
        resident.set(310 * mb);
        guard.afterCell();
        assertEquals(3, collections.get());
        assertEquals(3, trims.get());
        Thread.sleep(MemoryGuard.TRIM_DELAY_MS + 50);
        guard.trimIfDue();
        assertEquals(3, trims.get(), "nothing left to do");
        // a cell during which the guard collected ends low: tidied all the same (its garbage went to the C library)
        guard.check(4);
        resident.set(600 * mb);
        Thread.sleep(1100);                  // past the shortest time between two collections
        guard.check(4);
        assertEquals(4, collections.get());
        resident.set(230 * mb);
        guard.afterCell();
        assertEquals(6, collections.get());
        assertEquals(5, trims.get());
    }

    @Test
    void mallocTrimIsReachedOnLinux() {
        // glibc's malloc_trim through JNA: where this fails, freed native memory stays with the kernel
        assertTrue(NativeMemory.available(), "malloc_trim not found");
        assertTrue(NativeMemory.trim());
    }

    @Test
    void theRealResidentMemoryIsRead() {
        long resident = MemoryGuard.residentBytes();
        assertTrue(resident > 10L << 20 && resident < Runtime.getRuntime().totalMemory() + (4L << 30),
                "resident memory " + resident);
    }
}
