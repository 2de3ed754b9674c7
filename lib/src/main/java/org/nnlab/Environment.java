package org.nnlab;

import org.nnlab.tensor.Backend;
import org.nnlab.tensor.BackendChoice;

/**
 * A snapshot of where the code runs, printed at the top of every notebook so that results can be
 * compared and problems reported: "it is slow" means little without the device and thread count.
 *
 * @param nnlabVersion  version of the nnlab library
 * @param backend       ND4J backend: CPU or CUDA
 * @param backendClass  the backend's class, for example {@code CpuBackend}
 * @param device        the processor or graphics card that does the arithmetic
 * @param dataType      ND4J's default floating-point type (FLOAT unless changed)
 * @param blasVendor    the BLAS library behind matrix products, for example OpenBLAS
 * @param threads       threads ND4J uses for one operation (OpenMP)
 * @param blasThreads   threads the BLAS library uses for one matrix product
 * @param javaVersion   version of the Java runtime
 * @param javaVendor    vendor of the Java runtime
 * @param seed          the random seed in use
 * @param fastMode      true when NNLAB_FAST=1 (less data, fewer epochs)
 * @param backendChoice what NNLAB_BACKEND (or {@code Nnlab.useBackend}) asked for, and why the CPU if the GPU was not used
 */
public record Environment(String nnlabVersion, String backend, String backendClass, String device,
                          String dataType, String blasVendor, int threads, int blasThreads,
                          String javaVersion, String javaVendor, long seed, boolean fastMode,
                          String backendChoice) {

    /** Reads the environment now. Starts ND4J if it has not started yet. */
    public static Environment current() {
        return new Environment(Nnlab.version(), Backend.name(), Backend.className(), Backend.device(),
                Backend.dataType(), Backend.blasVendor(), Backend.threads(), Backend.blasThreads(),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                Nnlab.seed(), Nnlab.fastMode(), BackendChoice.describe());
    }

    /** The banner: one fact per line. */
    @Override
    public String toString() {
        return String.join("\n",
                "nnlab " + nnlabVersion,
                line("backend", backend + " (" + backendClass + "), default data type " + dataType),
                line("chosen by", "NNLAB_BACKEND=" + backendChoice),
                line("device", device),
                line("BLAS", blasVendor),
                line("threads", threads + " ND4J (OpenMP), " + blasThreads + " BLAS"),
                line("Java", javaVersion + " (" + javaVendor + ")"),
                line("seed", Long.toString(seed)),
                line("fast mode", fastMode ? "on (NNLAB_FAST=1: less data, fewer epochs)" : "off"));
    }

    private static String line(String label, String value) {
        return String.format("  %-10s %s", label, value);
    }
}
