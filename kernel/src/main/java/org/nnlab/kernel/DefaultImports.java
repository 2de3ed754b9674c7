package org.nnlab.kernel;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The imports every notebook starts with: everyday JDK, ND4J and XChart types, and every package of the
 * nnlab library.
 *
 * <p>Java resolves a simple name found in two on-demand imports ({@code a.*}, {@code b.*}) as ambiguous,
 * and {@code java.lang.*} is always imported. So an nnlab class whose name is also a class of one of the
 * wildcard-imported packages (say {@code org.nnlab.nn.Module} and {@code java.lang.Module}) is imported by
 * its full name as well, which makes the course's meaning win.
 */
final class DefaultImports {

    /** Wildcard and single-type imports besides the nnlab library. */
    static final List<String> BASE = List.of(
            "java.util.*", "java.util.function.*", "java.util.stream.*",
            "org.nd4j.linalg.factory.Nd4j", "org.nd4j.linalg.api.ndarray.INDArray",
            "org.nd4j.linalg.api.buffer.DataType", "org.nd4j.linalg.ops.transforms.Transforms",
            "org.knowm.xchart.*");

    /** Packages whose every public class a cell can name without importing it. */
    private static final List<String> WILDCARD_PACKAGES = List.of(
            "java.lang", "java.util", "java.util.function", "java.util.stream", "org.knowm.xchart");

    private DefaultImports() {
    }

    /** The import statements, one per line, for a library found on this class path. */
    static String code(List<String> courseClasspath) {
        TreeSet<String> classes = nnlabClasses(courseClasspath);
        StringBuilder code = new StringBuilder();
        for (String imp : BASE) {
            code.append("import ").append(imp).append(";\n");
        }
        TreeSet<String> packages = new TreeSet<>();
        for (String c : classes) {
            packages.add(c.substring(0, c.lastIndexOf('.')));
        }
        for (String pkg : packages) {
            code.append("import ").append(pkg).append(".*;\n");
        }
        for (String c : clashing(classes)) {
            code.append("import ").append(c).append(";\n");
        }
        code.append("import static org.nnlab.kernel.display.Notebook.*;\n");
        return code.toString();
    }

    /** nnlab classes whose simple name is also a public class of a wildcard-imported package. */
    static List<String> clashing(TreeSet<String> nnlabClasses) {
        List<String> clashes = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        ClassLoader loader = DefaultImports.class.getClassLoader();
        for (String c : nnlabClasses) {
            String simple = c.substring(c.lastIndexOf('.') + 1);
            String other = seen.put(simple, c);
            if (other != null) {
                KernelLog.warn(simple + " is both " + other + " and " + c + ": cells must use the full name");
            }
            for (String pkg : WILDCARD_PACKAGES) {
                if (isPublicClass(pkg + "." + simple, loader)) {
                    clashes.add(c);
                    break;
                }
            }
        }
        return clashes;
    }

    private static boolean isPublicClass(String name, ClassLoader loader) {
        try {
            return Modifier.isPublic(Class.forName(name, false, loader).getModifiers());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The public-looking top-level classes of org.nnlab (without the kernel) in jars or class folders. */
    static TreeSet<String> nnlabClasses(List<String> classpath) {
        TreeSet<String> classes = new TreeSet<>();
        for (String entry : classpath) {
            Path path = Path.of(entry);
            try {
                if (Files.isDirectory(path)) {
                    try (Stream<Path> files = Files.walk(path)) {
                        files.forEach(f -> addClass(classes, path.relativize(f).toString()));
                    }
                } else if (Files.isRegularFile(path)) {
                    try (JarFile jar = new JarFile(path.toFile())) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            addClass(classes, entries.nextElement().getName());
                        }
                    }
                }
            } catch (IOException e) {
                KernelLog.warn("Cannot read " + entry + ": " + e);
            }
        }
        return classes;
    }

    private static void addClass(TreeSet<String> classes, String file) {
        String name = file.replace(File.separatorChar, '/');
        boolean topLevelClass = name.endsWith(".class") && !name.contains("$")
                && !name.endsWith("package-info.class") && !name.endsWith("module-info.class");
        if (topLevelClass && name.startsWith("org/nnlab/") && !name.startsWith("org/nnlab/kernel/")) {
            classes.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
    }
}
