package org.nnlab.tensor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * Chooses ND4J's backend, CPU or CUDA, before ND4J starts: {@code NNLAB_BACKEND=cpu|cuda|auto} (or the
 * system property {@code nnlab.backend}, which {@code Nnlab.useBackend} sets from a notebook's first cell).
 *
 * <p>ND4J itself takes the backend with the highest priority that says it can run. nnlab adds what a
 * class needs: {@code auto} uses the GPU only if ND4J's CUDA build can really run on it, and says in one
 * line why it uses the CPU otherwise; {@code cuda} fails with a message naming what is missing. ND4J
 * 1.0.0-M2.1's CUDA build needs the CUDA 11.6 runtime and a GPU of compute capability 3.7 to 8.6 (Kepler
 * K80 to Ampere); a newer GPU such as an H100 (9.0) cannot run its kernels.
 *
 * <p>The choice works by hiding the other backend from ND4J: ND4J finds backends through Java's service
 * loader, with the class loader {@link ND4JClassLoading} gives it, so a class loader that leaves out the
 * other backend's service file makes ND4J load the chosen one.
 */
public final class BackendChoice {

    /** What can be asked for. */
    public enum Kind { CPU, CUDA, AUTO }

    public static final String ENV = "NNLAB_BACKEND";
    public static final String PROPERTY = "nnlab.backend";
    /** The compute capabilities ND4J 1.0.0-M2.1's CUDA 11.6 build was compiled for. */
    static final int MIN_CAPABILITY = 37;
    static final int MAX_CAPABILITY = 86;
    static final String SUPPORTED = "ND4J 1.0.0-M2.1's CUDA backend needs the CUDA 11.6 runtime and a GPU of compute "
            + "capability 3.7 to 8.6";
    static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
    private static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    /** A graphics card: its name, compute capability (major.minor) and memory in bytes. */
    public record Gpu(String name, int major, int minor, long memory) {
        int capability() {
            return 10 * major + minor;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s (compute capability %d.%d, %.1f GB)", name, major, minor,
                    memory / (double) (1L << 30));
        }
    }

    /**
     * What this machine has: whether the CUDA backend is on the class path, why the CUDA runtime cannot
     * be used (null if it can), and the GPUs it sees.
     */
    public record Facts(boolean cudaBackend, String runtimeProblem, List<Gpu> gpus) {
    }

    /** The backend to load, and a line for the user when {@code auto} did not take the GPU (else null). */
    public record Decision(Kind backend, String note) {
    }

    private static volatile Decision decision;
    private static volatile RuntimeException failure;
    private static volatile BackendFilter filter;

    private BackendChoice() {
    }

    /** The backend asked for: the system property first, then the environment variable, else auto. */
    public static Kind requested(String property, String environment) {
        String value = property != null && !property.isBlank() ? property : environment;
        if (value == null || value.isBlank()) {
            return Kind.AUTO;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "cpu" -> Kind.CPU;
            case "cuda", "gpu" -> Kind.CUDA;
            case "auto" -> Kind.AUTO;
            default -> throw new IllegalArgumentException(ENV + " is '" + value + "', but it can only be cpu, cuda "
                    + "or auto");
        };
    }

    /** The decision for a request on a machine with these facts; throws if CUDA is asked for but impossible. */
    public static Decision decide(Kind requested, Facts facts) {
        if (requested == Kind.CPU) {
            return new Decision(Kind.CPU, null);
        }
        String problem = cudaProblem(facts);
        if (problem == null) {
            return new Decision(Kind.CUDA, null);
        }
        if (requested == Kind.CUDA) {
            throw new IllegalStateException(ENV + "=cuda, but " + problem + ". " + SUPPORTED + ". " + fix(facts));
        }
        // auto: say why only where a GPU backend was there to be had
        return new Decision(Kind.CPU, facts.cudaBackend() ? "nnlab: " + problem + "; using the CPU backend" : null);
    }

    /** Why the CUDA backend cannot run here, or null if it can. */
    static String cudaProblem(Facts facts) {
        if (!facts.cudaBackend()) {
            return "this build has no CUDA backend";
        }
        if (facts.runtimeProblem() != null) {
            return facts.runtimeProblem();
        }
        if (facts.gpus().isEmpty()) {
            return "no GPU was found";
        }
        for (Gpu gpu : facts.gpus()) {
            if (gpu.capability() >= MIN_CAPABILITY && gpu.capability() <= MAX_CAPABILITY) {
                return null;
            }
        }
        Gpu first = facts.gpus().get(0);
        return "the GPU " + first + (first.capability() > MAX_CAPABILITY ? " is newer than" : " is older than")
                + " the compute capabilities 3.7 to 8.6 that ND4J's CUDA build supports";
    }

    private static String fix(Facts facts) {
        if (!facts.cudaBackend()) {
            return "Build with the CUDA backend: NNLAB_CUDA=1 ./nnlab setup (or ./mvnw -Pcuda package), or use "
                    + ENV + "=cpu.";
        }
        if (facts.runtimeProblem() != null) {
            return "Install an NVIDIA driver for CUDA 11.6 or newer and the CUDA 11.6 runtime (see README, GPU), "
                    + "or use " + ENV + "=cpu (or auto).";
        }
        return "Use " + ENV + "=cpu (or auto) on this machine.";
    }

    /**
     * Reads the request, looks at the machine and makes ND4J load the chosen backend. Call it before ND4J
     * starts ({@code Nnlab} does, in its static initialiser); calling it again with another request works
     * as long as ND4J has not started. A {@code cuda} request that cannot be met is kept as the failure
     * that {@link #check()} throws.
     */
    public static synchronized Decision prepare() {
        if (nd4jStarted()) {
            return decision;  // too late: ND4J keeps the backend it loaded
        }
        failure = null;
        decision = null;
        try {
            Kind requested = requested(System.getProperty(PROPERTY), System.getenv(ENV));
            boolean cudaJars = onClassPath(CUDA_BACKEND);
            Facts facts = requested == Kind.CPU || !cudaJars ? new Facts(cudaJars, null, List.of()) : probe();
            decision = decide(requested, facts);
        } catch (RuntimeException e) {
            failure = e;
            return null;
        }
        if (decision.note() != null) {
            System.err.println(decision.note());
        }
        if (decision.backend() == Kind.CUDA) {
            // the CPU executioner and array factory the kernel and tests name must not reach the CUDA backend
            for (String key : new String[] {"opexec", "ndarrayfactory.class"}) {
                String chosen = System.getProperty(key);
                if (chosen != null && chosen.startsWith("org.nnlab.tensor.KeepAlive")) {
                    System.clearProperty(key);
                }
            }
        }
        if (filter == null) {
            filter = new BackendFilter(ND4JClassLoading.getNd4jClassloader());
            ND4JClassLoading.setNd4jClassloader(filter);
        }
        filter.keep = decision.backend();
        return decision;
    }

    /** Throws the reason if the requested backend cannot be used (NNLAB_BACKEND=cuda without a usable GPU). */
    public static void check() {
        RuntimeException e = failure;
        if (e != null) {
            throw e;
        }
    }

    /** The choice in one line for the environment banner, for example "auto (no GPU was found)". */
    public static String describe() {
        String asked;
        try {
            asked = requested(System.getProperty(PROPERTY), System.getenv(ENV)).name().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            asked = "?";
        }
        Decision d = decision;
        String why = d == null || d.note() == null ? ""
                : " (" + d.note().replace("nnlab: ", "").replace("; using the CPU backend", "") + ")";
        boolean built = onClassPath(CUDA_BACKEND);
        return asked + why + (built ? "" : ", CPU-only build");
    }

    /** The last decision, or null if none was made (or it failed). */
    public static Decision decision() {
        return decision;
    }

    /** True once ND4J has looked for its backends through nnlab's choice: from then on it cannot change. */
    public static boolean nd4jStarted() {
        BackendFilter f = filter;
        return f != null && f.backendsListed;
    }

    /** The facts of this machine, from the CUDA runtime through JavaCPP (present with the CUDA backend). */
    public static Facts probe() {
        List<Gpu> gpus = new ArrayList<>();
        try {
            ClassLoader loader = BackendChoice.class.getClassLoader();
            Class<?> cudart = Class.forName("org.bytedeco.cuda.global.cudart", true, loader);
            Class<?> intPointer = Class.forName("org.bytedeco.javacpp.IntPointer", true, loader);
            Object count = intPointer.getConstructor(long.class).newInstance(1L);
            int error = (int) cudart.getMethod("cudaGetDeviceCount", intPointer).invoke(null, count);
            if (error != 0) {
                return new Facts(true, "the CUDA runtime found no usable GPU (cudaGetDeviceCount error " + error
                        + ": no GPU, or a driver older than CUDA 11.6)", gpus);
            }
            int n = (int) intPointer.getMethod("get").invoke(count);
            Class<?> propClass = Class.forName("org.bytedeco.cuda.cudart.cudaDeviceProp", true, loader);
            Method properties = cudart.getMethod("cudaGetDeviceProperties", propClass, int.class);
            for (int d = 0; d < n; d++) {
                Object prop = propClass.getConstructor().newInstance();
                properties.invoke(null, prop, d);
                Object name = propClass.getMethod("name").invoke(prop);
                String text = (String) name.getClass().getMethod("getString").invoke(name);
                gpus.add(new Gpu(text, (int) propClass.getMethod("major").invoke(prop),
                        (int) propClass.getMethod("minor").invoke(prop),
                        (long) propClass.getMethod("totalGlobalMem").invoke(prop)));
            }
            return new Facts(true, null, gpus);
        } catch (ClassNotFoundException e) {
            return new Facts(true, "JavaCPP's CUDA classes (org.bytedeco:cuda) are missing from the class path", gpus);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new Facts(true, "the CUDA 11.6 runtime cannot be loaded (" + cause.getClass().getSimpleName()
                    + ": " + firstLine(cause.getMessage()) + ")", gpus);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    static boolean onClassPath(String className) {
        return BackendChoice.class.getClassLoader().getResource(className.replace('.', '/') + ".class") != null;
    }

    /** A class loader that shows ND4J only the chosen backend's service file. */
    static final class BackendFilter extends ClassLoader {
        volatile Kind keep = Kind.CPU;
        volatile boolean backendsListed;

        BackendFilter(ClassLoader parent) {
            super("nnlab-backend-choice", parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> all = super.getResources(name);
            if (!SERVICE.equals(name)) {
                return all;
            }
            backendsListed = true;
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(all)) {
                boolean cuda = url.toString().contains("nd4j-cuda");
                if (cuda == (keep == Kind.CUDA)) {
                    kept.add(url);
                }
            }
            return Collections.enumeration(kept);
        }
    }
}
