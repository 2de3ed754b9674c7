package org.nnlab.kernel;

import org.nnlab.kernel.display.Renderers;
import org.nnlab.kernel.exec.CellError;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** What the kernel does before the first cell: imports, and starting ND4J and the compiler. */
final class WarmUp {

    /** Imported in every notebook, besides every package of the nnlab library. */
    static final List<String> IMPORTS = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*",
            "org.nd4j.linalg.factory.Nd4j", "org.nd4j.linalg.api.ndarray.INDArray",
            "org.nd4j.linalg.api.buffer.DataType", "org.nd4j.linalg.ops.transforms.Transforms",
            "org.knowm.xchart.*", "org.knowm.xchart.style.markers.SeriesMarkers");

    private WarmUp() {
    }

    /** Loads ND4J's native backend (about a second), so the first tensor in a cell comes fast. */
    static boolean startNd4j() {
        try {
            Thread.currentThread().setContextClassLoader(WarmUp.class.getClassLoader());
            Nd4j.create(1);
            KernelLog.startupStep("ND4J started");
            return true;
        } catch (Throwable t) {
            KernelLog.warn("ND4J failed to start: " + t);
            return false;
        }
    }

    static void importDefaults(JavaEvaluator java) throws CellError {
        StringBuilder code = new StringBuilder();
        for (String imp : IMPORTS) {
            code.append("import ").append(imp).append(";\n");
        }
        for (String pkg : nnlabPackages(Main.courseClasspath())) {
            code.append("import ").append(pkg).append(".*;\n");
        }
        code.append("import static org.nnlab.kernel.display.Notebook.*;\n");
        java.evalHere(code.toString(), 0, 1);
    }

    /** The packages of the nnlab library (org.nnlab and below, without the kernel), found in its jar. */
    static List<String> nnlabPackages(List<String> classpath) {
        TreeSet<String> packages = new TreeSet<>();
        for (String entry : classpath) {
            Path path = Path.of(entry);
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        files.filter(f -> f.toString().endsWith(".class"))
                                .forEach(f -> addPackage(packages, path.relativize(f).toString()));
                    }
                } else if (Files.isRegularFile(path)) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            addPackage(packages, entries.nextElement().getName());
                        }
                    }
                }
            } catch (IOException e) {
                KernelLog.warn("Cannot read " + entry + ": " + e);
            }
        }
        return new ArrayList<>(packages);
    }

    private static void addPackage(TreeSet<String> packages, String classFile) {
        String name = classFile.replace(File.separatorChar, '/');
        if (name.startsWith("org/nnlab/") && name.endsWith(".class") && !name.startsWith("org/nnlab/kernel/")) {
            packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.'));
        }
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
