package org.nnlab.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which ND4J backend does the arithmetic, on which device, with how many threads.
 *
 * <p>ND4J picks its backend (CPU or CUDA) the first time it is used; every method here starts ND4J
 * if it has not started yet. The facts come from ND4J itself
 * ({@code Nd4j.getExecutioner().getEnvironmentInformation()}, {@code Nd4j.getBackend()}, the BLAS
 * wrapper), so they show what ND4J really uses, not what was asked for.
 */
public final class Backend {

    private Backend() {
    }

    /** "CPU" or "CUDA". */
    public static String name() {
        return String.valueOf(info().getOrDefault(Nd4jEnvironment.BACKEND_KEY, "unknown"));
    }

    /** The backend's class without its package, for example {@code CpuBackend} or {@code JCublasBackend}. */
    public static String className() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** True when ND4J computes on a graphics card. */
    public static boolean isGpu() {
        return !Nd4j.getBackend().getEnvironment().isCPU();
    }

    /** The processor or graphics card that computes, for example "AMD EPYC 7B13, 2 cores". */
    public static String device() {
        return isGpu() ? gpuName() : cpuName() + ", " + cores() + " cores";
    }

    /** Processor cores available to this Java process (a container may allow fewer than the machine has). */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The BLAS libraries this process has loaded (OpenBLAS, the reference BLAS or MKL), as paths from
     * /proc/self/maps; empty where that cannot be read (not Linux). Tells which OpenBLAS ND4J multiplies
     * with: the system's or the one it bundles.
     */
    public static List<String> blasLibraries() {
        java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                String path = line.substring(slash).trim();
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (name.contains(".so") && (name.startsWith("libopenblas") || name.startsWith("libblas")
                        || name.startsWith("libmkl_"))) {
                    found.add(path);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no list
        }
        return List.copyOf(found);
    }

    /** The BLAS library behind matrix products: OpenBLAS, MKL or cuBLAS. */
    public static String blasVendor() {
        Blas.Vendor vendor = Nd4j.factory().blas().getBlasVendor();
        return switch (vendor) {
            case OPENBLAS -> "OpenBLAS";
            case MKL -> "MKL";
            case CUBLAS -> "cuBLAS";
            default -> vendor.name();
        };
    }

    /** Threads ND4J uses for one element-wise or reduction operation (OpenMP; OMP_NUM_THREADS sets it). */
    public static int threads() {
        return Nd4j.getEnvironment().maxThreads();
    }

    /** Threads the BLAS library uses for one matrix product. */
    public static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /** ND4J's default floating-point type, the type of {@code Nd4j.rand(...)}: FLOAT unless changed. */
    public static String dataType() {
        return Nd4j.defaultFloatingPointType().name();
    }

    private static Properties info() {
        return Nd4j.getExecutioner().getEnvironmentInformation();
    }

    /** Name, compute capability and memory of the GPU that runs this thread's work. */
    private static String gpuName() {
        if (!(info().get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY) instanceof List<?> devices)
                || devices.isEmpty()) {
            return "GPU";
        }
        int index = Nd4j.getAffinityManager().getDeviceForCurrentThread();
        Object entry = devices.get(Math.min(Math.max(index, 0), devices.size() - 1));
        if (!(entry instanceof Map<?, ?> device)) {
            return "GPU";
        }
        Object memory = device.get(Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY);
        String gigabytes = memory instanceof Number bytes
                ? String.format(", %.1f GB", bytes.doubleValue() / (1L << 30)) : "";
        return "GPU " + index + ": " + device.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)
                + " (compute capability " + device.get(Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY)
                + "." + device.get(Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY) + gigabytes + ")";
    }

    /** The processor model from /proc/cpuinfo on Linux; the architecture name elsewhere. */
    private static String cpuName() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                var model = lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst();
                if (model.isPresent() && !model.get().isEmpty()) {
                    return model.get();
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the architecture name
            }
        }
        return "CPU (" + System.getProperty("os.arch") + ")";
    }
}
