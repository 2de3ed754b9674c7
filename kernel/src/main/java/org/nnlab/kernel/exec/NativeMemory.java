package org.nnlab.kernel.exec;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Gives memory that the C library holds but nothing uses back to the system: glibc's {@code malloc_trim(0)},
 * called through JNA.
 *
 * <p>Why: ND4J's arrays live in memory from the C library's {@code malloc}. When a training cell frees
 * them, glibc keeps most of the freed memory for the next {@code malloc} instead of returning it, so a
 * kernel that once trained a big model stays big while it sits idle. Making every big block a separate
 * mapping ({@code MALLOC_MMAP_THRESHOLD_}) returns it at once but makes each such allocation fetch new
 * zeroed pages from the system, which slowed ND4J's training 1.8x and PyTorch's 5x (measured). Trimming
 * once after a cell, or after the memory guard's collection, costs a few milliseconds and nothing during
 * training. Where there is no glibc (macOS) or JNA cannot load, {@link #trim()} does nothing.
 */
public final class NativeMemory {

    private static final Function MALLOC_TRIM = find();

    private NativeMemory() {
    }

    /** Calls malloc_trim(0); false where it is not available. */
    public static boolean trim() {
        if (MALLOC_TRIM == null) {
            return false;
        }
        MALLOC_TRIM.invokeInt(new Object[] {0});
        return true;
    }

    /** True where {@link #trim()} reaches glibc's malloc_trim. */
    static boolean available() {
        return MALLOC_TRIM != null;
    }

    private static Function find() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (Throwable e) { // UnsatisfiedLinkError (no glibc, or JNA's native part cannot load), ...
            return null;
        }
    }
}
