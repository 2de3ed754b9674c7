package org.nnlab.kernel;

import org.nnlab.kernel.display.Renderers;
import org.nnlab.kernel.exec.CellError;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the kernel does before the first cell: imports, and starting ND4J and the compiler. */
final class WarmUp {

    private WarmUp() {
    }

    private static volatile boolean pluginsReady;

    /** Gives ND4J the class loader for its plug-ins (see {@link #nd4jLoader()}); cheap, does not start ND4J. */
    static synchronized void prepareNd4j() throws MalformedURLException {
        if (pluginsReady) {
            return;
        }
        Thread.currentThread().setContextClassLoader(WarmUp.class.getClassLoader());
        ClassLoader loader = nd4jLoader();
        ND4JClassLoading.setNd4jClassloader(loader);
        checkExecutioner(loader);
        pluginsReady = true;
    }

    /**
     * True if ND4J's CUDA backend is on the class path (a build with -Pcuda). Then ND4J does not start
     * ahead of the first cell: it starts at the first tensor, on the backend that NNLAB_BACKEND or
     * {@code Nnlab.useBackend} in the first cell chooses.
     */
    static boolean cudaBuild() {
        return WarmUp.class.getClassLoader().getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null;
    }

    /** Loads ND4J's native backend (about a second), so the first tensor in a cell comes fast. */
    static boolean startNd4j() {
        try {
            prepareNd4j();
            if (cudaBuild()) {
                KernelLog.startupStep("CUDA backend present: ND4J starts at the first tensor");
                return true;
            }
            Nd4j.create(1);
            KernelLog.startupStep("ND4J started");
            return true;
        } catch (Throwable t) {
            KernelLog.warn("ND4J failed to start: " + t);
            return false;
        }
    }

    /**
     * The class loader ND4J loads its plug-ins with. The kernel's JVM options choose the nnlab library's
     * executioner ({@code -Dopexec=org.nnlab.tensor.KeepAliveOpExecutioner}, which keeps each op alive while its
     * native code runs), but the library is on the course class path, which the kernel's own loader does
     * not see: so ND4J gets a loader over the course jars, whose parent (the kernel's loader) has ND4J.
     */
    private static ClassLoader nd4jLoader() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : Main.courseClasspath()) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        return new URLClassLoader("nnlab-nd4j-plugins", urls.toArray(URL[]::new), WarmUp.class.getClassLoader());
    }

    /**
     * If the executioner or array factory chosen with -Dopexec / -Dndarrayfactory.class cannot be loaded (a
     * course class path without the library), ND4J would not start at all: fall back to ND4J's own, with a
     * warning in the kernel log.
     */
    private static void checkExecutioner(ClassLoader loader) {
        for (String key : new String[] {"opexec", "ndarrayfactory.class"}) {
            String chosen = System.getProperty(key);
            if (chosen == null || !chosen.startsWith("org.nnlab.")) {
                continue;
            }
            try {
                Class.forName(chosen, false, loader);
            } catch (ClassNotFoundException e) {
                KernelLog.warn(chosen + " is not on the course class path; ND4J uses its own");
                System.clearProperty(key);
            }
        }
    }

    static void importDefaults(JavaEvaluator java) throws CellError {
        java.evalHere(DefaultImports.code(Main.courseClasspath()), 0, 1);
    }

    /** A typical first session, run once at install time to record the classes a session needs. */
    static void run(PrintStream log) throws Exception {
        startNd4j();
        JavaEvaluator java = Main.newEvaluator(log, log, new ByteArrayInputStream(new byte[0]));
        importDefaults(java);
        Renderers renderers = new Renderers(new Renderer());
        String[] cells = {
                "int answer = 6 * 7;",
                "String greet(String name) { return \"Hello, \" + name; }\ngreet(\"nnlab\")",
                "INDArray x = Nd4j.rand(3, 3);\nx.mmul(x.transpose())",
                "XYChart chart = new XYChartBuilder().width(400).height(300).title(\"warm-up\").build();\n"
                        + "chart.addSeries(\"y\", new double[]{0, 1, 2}, new double[]{0, 1, 4});\nchart",
                "List<Integer> xs = new ArrayList<>(List.of(3, 1, 2)); Collections.sort(xs); xs",
        };
        int n = 1;
        for (String cell : cells) {
            JavaEvaluator.Result r = java.runner().run(() -> java.evalHere(cell, 0, 1));
            if (r.isPresent()) {
                renderers.render(r.value());
            }
            n++;
        }
        try {
            java.runner().run(() -> java.evalHere("int broken = ;", 0, 1));
        } catch (CellError expected) {
            // compile errors are part of a typical session too
        }
        log.println("nnlab warm-up: " + (n - 1) + " cells ran");
        java.close();
    }
}
