package org.nnlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Random;

import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.tensor.Backend;
import org.nnlab.tensor.BackendChoice;
import org.nnlab.tensor.KeepAlive;

/**
 * The front door of nnlab: its version, the random seed, fast mode, and the environment banner.
 *
 * <p>Randomness: nnlab code draws from two generators, ND4J's (for random arrays) and
 * {@link #random()} (for shuffling, sampling, synthetic data). {@link #seed(long)} seeds both, so one
 * number makes a whole run repeatable. The default seed is {@value #DEFAULT_SEED}. ND4J keeps one
 * generator per thread: {@code seed(long)} seeds the generator of the thread that calls it.
 *
 * <p>Only {@link #seed(long)} and {@link #environment()} start ND4J; the other methods are cheap.
 */
public final class Nnlab {

    /** The seed used until {@link #seed(long)} is called. */
    public static final long DEFAULT_SEED = 42;

    static {
        // before ND4J starts: the backend (NNLAB_BACKEND=cpu|cuda|auto), and on the CPU ND4J's executioner
        // and array factory with arrays kept alive during native code
        BackendChoice.prepare();
        KeepAlive.install();
    }

    private static final String VERSION = readVersion();
    private static final Random RANDOM = new Random(DEFAULT_SEED);
    private static volatile long seed = DEFAULT_SEED;
    private static volatile boolean nd4jSeeded = false;

    private Nnlab() {
    }

    /** The version of the nnlab library, for example {@code 0.1.0}. */
    public static String version() {
        return VERSION;
    }

    /**
     * Chooses ND4J's backend like {@code NNLAB_BACKEND}: {@code "cpu"}, {@code "cuda"} or {@code "auto"} (the
     * GPU if ND4J's CUDA build can run on it, else the CPU, with a line saying why). ND4J picks its backend
     * once, at the first tensor: call this in a notebook's first cell, before anything else.
     *
     * @throws IllegalStateException if ND4J has started already, or "cuda" cannot run here (the message
     *                               says what is missing and what to do)
     */
    public static synchronized void useBackend(String name) {
        BackendChoice.requested(name, null);  // a clear error for anything but cpu, cuda, auto
        if (BackendChoice.nd4jStarted()) {
            throw new IllegalStateException("ND4J has already started on the " + Backend.name() + " backend and "
                    + "cannot change it now: restart the kernel (Kernel > Restart) and call Nnlab.useBackend(\""
                    + name + "\") in the first cell, before any tensor");
        }
        System.setProperty(BackendChoice.PROPERTY, name);
        BackendChoice.prepare();
        BackendChoice.check();
        KeepAlive.install();
    }

    /**
     * Seeds ND4J's random generator (on the calling thread) and the shared {@link #random()}.
     * Call it again with the same number to repeat a run from this point.
     */
    public static synchronized void seed(long newSeed) {
        BackendChoice.check();  // NNLAB_BACKEND=cuda without a usable GPU: say so before ND4J starts
        seed = newSeed;
        RANDOM.setSeed(newSeed);
        Nd4j.getRandom().setSeed(newSeed);
        nd4jSeeded = true;
    }

    /** The seed in use: {@value #DEFAULT_SEED} unless {@link #seed(long)} chose another. */
    public static long seed() {
        return seed;
    }

    /** The shared Java random generator, seeded by {@link #seed(long)}. */
    public static Random random() {
        return RANDOM;
    }

    /**
     * True when the environment variable {@code NNLAB_FAST} is {@code 1} (or {@code true}/{@code yes}).
     * Fast mode runs the same code on less data and for fewer epochs; CI uses it.
     */
    public static boolean fastMode() {
        return isFast(System.getenv("NNLAB_FAST"));
    }

    /**
     * Picks a size for the mode we run in: {@code full} normally, {@code fast} in fast mode.
     * For example {@code int epochs = Nnlab.fast(200, 5);}.
     */
    public static int fast(int full, int fast) {
        return fastMode() ? fast : full;
    }

    /**
     * Describes where this notebook runs: versions, ND4J backend, device, BLAS, threads, seed.
     * Print it (its {@code toString()} is a readable banner) at the top of every notebook.
     * The first call also seeds ND4J with {@link #seed()} if {@link #seed(long)} was never called.
     */
    public static Environment environment() {
        BackendChoice.check();
        if (!nd4jSeeded) {
            seed(seed);
        }
        return Environment.current();
    }

    /** Reads the value of NNLAB_FAST: "1", "true" or "yes" (any case) switch fast mode on. */
    static boolean isFast(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }

    /** Maven writes the project version into nnlab.properties when it builds the library. */
    private static String readVersion() {
        try (InputStream in = Nnlab.class.getResourceAsStream("nnlab.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read nnlab.properties", e);
        }
    }
}
