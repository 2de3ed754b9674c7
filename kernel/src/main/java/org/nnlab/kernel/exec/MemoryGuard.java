package org.nnlab.kernel.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Stops a cell before the kernel outgrows its memory limit, so a student sees a message instead of a
 * kernel that the system kills without a word.
 *
 * <p>The limit is the smallest of {@code MEM_LIMIT} (bytes; JupyterHub's spawners set it), the memory
 * limit of the kernel's cgroup (v2 {@code memory.max}, v1 {@code memory.limit_in_bytes}) and the kernel's
 * own default, a share of the machine's memory ({@link DefaultLimit}), so that without a hub too a runaway
 * cell is stopped before the system's out-of-memory killer ends the kernel (or something else). ND4J keeps its
 * arrays outside the Java heap, where no JVM option bounds them, so the guard watches the whole
 * process: while a cell runs it reads the resident memory ten times a second. Above 80 % of the limit it
 * asks for a garbage collection, which frees the native memory of arrays nothing refers to any more;
 * if the process is still above 90 % and the running cell made it grow, it stops the cell like an
 * interrupt: the variables defined before are kept, and the message says what to do. A cell that does
 * not allocate (say {@code hog = null;}) still runs near the limit, so the student can free memory.
 *
 * <p>Without a limit it still does one thing: ND4J frees an array's native memory only when the garbage
 * collector collects its small Java object, and a training loop makes little Java garbage, so collections
 * are rare and dead arrays pile up outside the heap (a notebook reached 1 GB that way, with 100 MB alive).
 * So whenever the process has grown by {@value #NUDGE_MB} MB since the last collection, the guard asks for
 * one.
 *
 * <p>Freed native memory stays with the C library for its next allocation; the guard gives it back to the
 * system ({@link NativeMemory#trim()}, glibc's {@code malloc_trim}) half a second after each collection it
 * asked for (ND4J frees the arrays on its own thread after the collection), and after a cell that left the
 * process {@value #TIDY_MB} MB bigger than it was after the last collection it collects and trims twice
 * more, so an idle kernel holds what its variables need, not the peak of the training it ran.
 */
public final class MemoryGuard {

    /** The system property where the kernel states the limit it enforces, in bytes (unset: none). */
    public static final String EFFECTIVE = "nnlab.memory.limit.effective";

    static final double COLLECT_AT = 0.80;
    static final double STOP_AT = 0.90;
    private static final long PERIOD_MS = 100;
    private static final long MIN_MS_BETWEEN_COLLECTIONS = 1000;
    /** Growth within one cell below this is noise (JIT, a printed line), not what brings the kernel down. */
    static final long GROWTH = 16L << 20;

    /** Growth of the process since the last collection after which the guard asks for one. */
    static final long NUDGE_MB = 256;

    /** Growth since the last collection that a finished cell leaves before the guard tidies up. */
    static final long TIDY_MB = 64;

    /** From a collection to the trim: ND4J's deallocator thread frees the collected arrays meanwhile. */
    static final long TRIM_DELAY_MS = 500;

    private final long limit;  // 0: no limit, only the nudges
    private long residentAfterCollection;
    private final LongSupplier residentBytes;
    private long lastCollection;
    private long cell = -1;
    private long residentAtCellStart;

    private final Runnable collect;
    private final Runnable trim;
    private long trimAt; // when to trim next (ms), 0: nothing to do
    private boolean cellWasRunning;
    private boolean collectedInCell; // the guard collected while the current cell ran

    MemoryGuard(long limit, LongSupplier residentBytes) {
        this(limit, residentBytes, System::gc, NativeMemory::trim);
    }

    MemoryGuard(long limit, LongSupplier residentBytes, Runnable collect, Runnable trim) {
        this.limit = limit;
        this.residentBytes = residentBytes;
        this.collect = collect;
        this.trim = trim;
    }

    /** Starts a guard for this process; returns its limit, if any (also the system property {@value #EFFECTIVE}). */
    public static OptionalLong start(CellRunner runner) {
        OptionalLong limit = limit(System.getenv(), Path.of("/proc/self/cgroup"), Path.of("/sys/fs/cgroup"));
        OptionalLong share = DefaultLimit.of(System.getenv(), System.getProperty(DefaultLimit.PROPERTY),
                Path.of("/proc/meminfo"));
        if (share.isPresent() && share.getAsLong() < limit.orElse(Long.MAX_VALUE)) {
            limit = share;
        }
        limit.ifPresent(bytes -> System.setProperty(EFFECTIVE, Long.toString(bytes)));
        if (residentBytes() > 0) {  // Linux: the process's memory can be read
            MemoryGuard guard = new MemoryGuard(limit.orElse(0), MemoryGuard::residentBytes);
            Thread thread = new Thread(() -> guard.watch(runner), "nnlab-memory-guard");
            thread.setDaemon(true);
            thread.start();
        }
        return limit;
    }

    private void watch(CellRunner runner) {
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            boolean running = runner.isRunning();
            if (running) {
                String stop = check(runner.cellNumber());
                if (stop != null) {
                    runner.interrupt(stop);
                }
            } else if (cellWasRunning) {
                try {
                    afterCell();
                } catch (InterruptedException e) {
                    return;
                }
            }
            cellWasRunning = running;
            trimIfDue();
        }
    }

    /**
     * A cell has just finished: if it grew the process by {@value #TIDY_MB} MB or made the guard collect,
     * collect and trim, twice (measured: some of ND4J's arrays are freed only after a second collection;
     * one round left 70 MB of 2 GB of garbage).
     */
    void afterCell() throws InterruptedException {
        long resident = residentBytes.getAsLong();
        residentAfterCollection = residentAfterCollection == 0 ? resident : residentAfterCollection;
        boolean grew = resident > Math.min(residentAtCellStart, residentAfterCollection) + (TIDY_MB << 20);
        if (grew || collectedInCell) {
            collectedInCell = false;
            for (int round = 0; round < 2; round++) {
                lastCollection = now();
                collect.run();
                Thread.sleep(TRIM_DELAY_MS / 2);  // ND4J's deallocator thread frees the collected arrays
                trim.run();
            }
            trimAt = 0;
            residentAfterCollection = residentBytes.getAsLong();
        }
    }

    /** Trims if a trim is due (half a second after a collection). */
    void trimIfDue() {
        if (trimAt != 0 && now() >= trimAt) {
            trimAt = 0;
            trim.run();
            residentAfterCollection = Math.min(residentAfterCollection, residentBytes.getAsLong());
        }
    }

    private void collectAndTrimLater() {
        collectedInCell = true;
        lastCollection = now();
        collect.run();  // ND4J frees an array's native memory when its Java object is collected
        trimAt = lastCollection + TRIM_DELAY_MS;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** One look at the process while cell number {@code cellNumber} runs: null if all is well, else the message. */
    String check(long cellNumber) {
        long resident = residentBytes.getAsLong();
        if (cellNumber != cell) {
            cell = cellNumber;
            residentAtCellStart = resident;
            collectedInCell = false;
            residentAfterCollection = Math.min(residentAfterCollection == 0 ? resident : residentAfterCollection,
                    resident);
        }
        // ND4J frees an array's native memory on its own thread some time after the collection found it
        // dead, so the process shrinks after the collection, not during it: the baseline for the next nudge
        // is the smallest size seen since the last collection
        residentAfterCollection = Math.min(residentAfterCollection, resident);
        boolean nearLimit = limit > 0 && resident >= COLLECT_AT * limit;
        boolean piledUp = resident > residentAfterCollection + (NUDGE_MB << 20);
        if (!nearLimit && !piledUp) {
            return null;
        }
        if (now() - lastCollection >= MIN_MS_BETWEEN_COLLECTIONS) {
            collectAndTrimLater();
            resident = residentBytes.getAsLong();
            residentAfterCollection = resident;
        }
        if (limit <= 0) {
            return null;
        }
        boolean grew = resident > residentAtCellStart + GROWTH;
        return resident >= STOP_AT * limit && grew ? message(resident, limit) : null;
    }

    static String message(long resident, long limit) {
        return String.format(Locale.ROOT, "nnlab stopped this cell: the kernel uses %.2f GB of its %.2f GB memory "
                + "limit, and going on would get it killed. Variables defined before this cell are kept. Set large "
                + "arrays and models you no longer need to null, use smaller data, batches or models, or restart "
                + "the kernel (Kernel > Restart) to start from a clean slate.", resident / 1e9, limit / 1e9);
    }

    /** The smallest memory limit that applies to this process, if any. */
    static OptionalLong limit(Map<String, String> env, Path procCgroup, Path cgroupRoot) {
        long smallest = Long.MAX_VALUE;
        String fromHub = env.get("MEM_LIMIT");
        if (fromHub != null && fromHub.strip().matches("\\d+")) {
            smallest = Long.parseLong(fromHub.strip());
        }
        smallest = Math.min(smallest, cgroupLimit(procCgroup, cgroupRoot));
        // cgroup v1 writes "no limit" as a huge number; anything above a petabyte is no limit
        return smallest > 0 && smallest < (1L << 50) ? OptionalLong.of(smallest) : OptionalLong.empty();
    }

    private static long cgroupLimit(Path procCgroup, Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procCgroup);
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
        long smallest = Long.MAX_VALUE;
        for (String line : lines) {
            String[] parts = line.split(":", 3);  // hierarchy-id:controllers:path
            if (parts.length < 3) {
                continue;
            }
            String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                smallest = Math.min(smallest, readLimit(root.resolve(path).resolve("memory.max")));
            } else if (List.of(parts[1].split(",")).contains("memory")) {
                smallest = Math.min(smallest, readLimit(root.resolve("memory").resolve(path).resolve("memory.limit_in_bytes")));
            }
        }
        return smallest;
    }

    private static long readLimit(Path file) {
        try {
            String text = Files.readString(file).strip();
            return text.matches("\\d+") ? Long.parseLong(text) : Long.MAX_VALUE;  // v2 writes "max"
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Resident memory of this process, from /proc/self/status (VmRSS, in kB); 0 where there is none. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
