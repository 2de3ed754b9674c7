package org.nnlab.kernel.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.cert.Certificate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads what a notebook runs: the classes JShell compiles from cells, the nnlab library, and jars added
 * with {@code %classpath} or {@code %maven}. Every class it defines is passed through {@link Instrumenter}
 * so that an interrupt can stop it.
 *
 * <p>Its parent is the kernel's own class loader, which holds ND4J, XChart and Tribuo: those load once,
 * uninstrumented, and stay shared with the kernel's renderers (ND4J must be found by the loader that
 * started it).
 */
public final class CellClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Class files JShell has compiled but the JVM has not loaded yet. */
    private final Map<String, byte[]> compiled = new ConcurrentHashMap<>();

    /** Entries of the kernel's own class path: the parent loads those, so they are not added here. */
    private final Set<Path> parentEntries = new HashSet<>();

    public CellClassLoader(ClassLoader parent, String parentClasspath) {
        super("nnlab-cells", new URL[0], parent);
        for (String entry : parentClasspath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                parentEntries.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
    }

    /** Remembers a class JShell has just compiled; it is defined on first use. */
    void declare(String name, byte[] classFile) {
        compiled.put(name, classFile);
    }

    /** Adds a jar or class folder, unless the kernel's own loader already has it. */
    void add(Path entry) throws MalformedURLException {
        Path normalized = entry.toAbsolutePath().normalize();
        if (!parentEntries.contains(normalized)) {
            super.addURL(normalized.toUri().toURL());
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null && (compiled.containsKey(name) || isOwnedHere(name))) {
                loaded = findClass(name); // child first for cell classes and the library
            }
            if (loaded == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    /** The nnlab library and user jars on our URLs are loaded here even if the parent could see them. */
    private boolean isOwnedHere(String name) {
        return name.startsWith("org.nnlab.") && !name.startsWith("org.nnlab.kernel.")
                && findResource(name.replace('.', '/') + ".class") != null;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] classFile = compiled.remove(name);
        CodeSource source = null;
        if (classFile == null) {
            URL url = findResource(name.replace('.', '/') + ".class");
            if (url == null) {
                throw new ClassNotFoundException(name);
            }
            try {
                classFile = read(url);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
            source = new CodeSource(url, (Certificate[]) null);
            definePackageFor(name);
        }
        byte[] instrumented = Instrumenter.instrument(classFile);
        return defineClass(name, instrumented, 0, instrumented.length, source);
    }

    private void definePackageFor(String className) {
        int dot = className.lastIndexOf('.');
        if (dot > 0) {
            String pkg = className.substring(0, dot);
            if (getDefinedPackage(pkg) == null) {
                try {
                    definePackage(pkg, null, null, null, null, null, null, null);
                } catch (IllegalArgumentException alreadyDefinedByAnotherThread) {
                    // fine
                }
            }
        }
    }

    private static byte[] read(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
