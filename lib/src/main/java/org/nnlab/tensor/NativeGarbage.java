package org.nnlab.tensor;

import java.lang.reflect.Method;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.Pointer;

/**
 * Frees the native memory of dead ND4J arrays during a long training loop, by asking for a garbage
 * collection when the process has grown a lot since the last one.
 *
 * <p>Why: an ND4J array keeps its numbers outside the Java heap and frees them only when the garbage
 * collector collects its small Java object. A training step makes little Java garbage but tens of MB of
 * native arrays; the arrays that live through a step or two (what backward needs) reach the collector's
 * old generation, which is collected rarely, so dead arrays pile up outside the heap: a 10-minute run of
 * {@code bench/rnn.py --minutes 10} grew from 490 MB to 1.36 GB, of which about 130 MB was alive.
 *
 * <p>Every optimizer step calls {@link #afterStep()}. At most every {@value #CHECK_EVERY_MS} ms it reads the
 * resident memory of the process; once that is {@value #NUDGE_MB} MB above the smallest size seen since
 * the last collection, it calls {@code System.gc()} (a few tens of ms for a classroom heap), and half a
 * second later gives the memory the C library then holds back to the system ({@code malloc_trim}). The
 * Jupyter kernel's memory guard does the same while a cell runs; this covers every training loop, in the
 * kernel, in tests, benchmarks and plain Java programs.
 */
public final class NativeGarbage {

    /** Growth since the last collection, in MB, after which the next step asks for one. */
    static final long NUDGE_MB = 128;
    static final long CHECK_EVERY_MS = 250;
    /** From a collection to the trim: ND4J's deallocator thread frees the collected arrays meanwhile. */
    static final long TRIM_DELAY_MS = 500;

    private static final NativeGarbage PROCESS = new NativeGarbage(NativeGarbage::residentBytes,
            System::nanoTime, System::gc, NativeGarbage::trim);

    private final LongSupplier resident;
    private final LongSupplier nanos;
    private final Runnable collect;
    private final Runnable trim;
    private long nextCheck;
    private long smallestSinceCollection = Long.MAX_VALUE;
    private long trimAt = -1;   // when to trim (ns), -1: nothing to do
    private int collections;

    NativeGarbage(LongSupplier resident, LongSupplier nanos, Runnable collect, Runnable trim) {
        this.resident = resident;
        this.nanos = nanos;
        this.collect = collect;
        this.trim = trim;
        this.nextCheck = nanos.getAsLong();
    }

    /** Called once per training step (by {@code Optimizer.step}); cheap when there is nothing to do. */
    public static void afterStep() {
        synchronized (PROCESS) {
            PROCESS.check();
        }
    }

    /** How many collections this process's steps have asked for (for tests and benchmarks). */
    public static int collections() {
        synchronized (PROCESS) {
            return PROCESS.collections;
        }
    }

    void check() {
        long now = nanos.getAsLong();
        if (now - nextCheck < 0) {
            return;
        }
        nextCheck = now + CHECK_EVERY_MS * 1_000_000;
        if (trimAt != -1 && now - trimAt >= 0) {
            trimAt = -1;
            trim.run();
        }
        long bytes = resident.getAsLong();
        if (bytes <= 0) {
            return;  // not Linux: no reading, no nudges
        }
        // the process shrinks some time after a collection (ND4J frees on its own thread): the baseline
        // is the smallest size seen since, not the size at the collection
        smallestSinceCollection = Math.min(smallestSinceCollection, bytes);
        if (bytes - smallestSinceCollection >= NUDGE_MB << 20) {
            collections++;
            collect.run();
            smallestSinceCollection = Long.MAX_VALUE;
            trimAt = now + TRIM_DELAY_MS * 1_000_000;
        }
    }

    private static long residentBytes() {
        try {
            return Pointer.physicalBytes();  // the resident set, read by JavaCPP's native code
        } catch (Throwable e) {  // JavaCPP's native part not loadable here
            return -1;
        }
    }

    private static final Method TRIM = trimMethod();

    private static Method trimMethod() {
        try {
            // glibc's malloc_trim(0), which JavaCPP 1.5.7 has but does not make public
            Method m = Pointer.class.getDeclaredMethod("trimMemory");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static void trim() {
        if (TRIM != null) {
            try {
                TRIM.invoke(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not glibc: the memory stays with the C library for its next allocations
            }
        }
    }
}
