package org.nnlab.kernel.magic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The kernel's magic commands, lines that start with {@code %}:
 * <pre>
 *   %classpath lib/foo.jar classes/ more/*.jar    add jars or class folders
 *   %classpath                                     show the class path
 *   %maven org.apache.commons:commons-math3:3.6.1  resolve from Maven Central, with dependencies
 *   %load helpers.jsh | other.ipynb                run a JShell script or a notebook's code cells
 *   %time code                                     run code and print its wall time
 *   %%time                                         (first line of a cell) time the whole cell
 *   %lsmagic                                       list the magics
 * </pre>
 */
public final class Magics {

    public static final List<String> NAMES = List.of("classpath", "maven", "load", "time", "lsmagic");
    public static final List<String> CELL_NAMES = List.of("time");

    /** What magics need from the kernel. */
    public interface Host {
        void addToClasspath(String path);

        String classpath();

        /** Runs code as if it were (part of) a cell. */
        void run(String code) throws Exception;
    }

    private final Host host;
    private final Consumer<String> out;

    public Magics(Host host, Consumer<String> out) {
        this.host = host;
        this.out = out;
    }

    /** True if this trimmed line is a magic command. */
    public static boolean isMagicLine(String line) {
        String t = line.strip();
        return t.startsWith("%") && t.length() > 1 && Character.isLetter(t.charAt(t.startsWith("%%") ? 2 : 1));
    }

    /** Runs one line magic (without its leading {@code %}). */
    public void runLine(String line, Path workingDir) throws Exception {
        String trimmed = line.strip();
        int space = trimmed.indexOf(' ');
        String name = space < 0 ? trimmed : trimmed.substring(0, space);
        String args = space < 0 ? "" : trimmed.substring(space + 1).strip();
        switch (name) {
            case "classpath":
                classpath(args, workingDir);
                break;
            case "maven":
                maven(args);
                break;
            case "load":
                load(args, workingDir);
                break;
            case "time":
                time(args);
                break;
            case "lsmagic":
                out.accept("Line magics: %" + String.join(", %", NAMES) + "\nCell magics: %%"
                        + String.join(", %%", CELL_NAMES) + "\n");
                break;
            default:
                throw new MagicException("Unknown magic %" + name + ". Available: %" + String.join(", %", NAMES));
        }
    }

    /** Runs a cell magic: {@code header} is the first line without {@code %%}, body the rest. */
    public void runCell(String header, String body) throws Exception {
        String name = header.strip().split("\\s+")[0];
        if (!name.equals("time")) {
            throw new MagicException("Unknown cell magic %%" + name + ". Available: %%" + String.join(", %%", CELL_NAMES));
        }
        time(body);
    }

    private void time(String code) throws Exception {
        long start = System.nanoTime();
        try {
            host.run(code);
        } finally {
            out.accept("Wall time: " + formatDuration(System.nanoTime() - start) + "\n");
        }
    }

    static String formatDuration(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.1f ms", ms);
        }
        return String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    private void classpath(String args, Path workingDir) throws MagicException {
        if (args.isEmpty()) {
            out.accept(host.classpath().replace(java.io.File.pathSeparator, "\n") + "\n");
            return;
        }
        for (String pattern : args.split("\\s+")) {
            List<Path> found = expand(pattern, workingDir);
            if (found.isEmpty()) {
                throw new MagicException("%classpath: nothing found at '" + pattern + "' (relative paths start at "
                        + workingDir + "). Give a .jar file, a folder of classes, or a pattern like lib/*.jar");
            }
            for (Path path : found) {
                host.addToClasspath(path.toString());
            }
        }
    }

    private static List<Path> expand(String pattern, Path workingDir) throws MagicException {
        Path path = workingDir.resolve(pattern.startsWith("~/")
                ? System.getProperty("user.home") + pattern.substring(1) : pattern);
        String file = path.getFileName() == null ? "" : path.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (file.contains("*") || file.contains("?")) {
            Path dir = path.getParent();
            if (dir != null && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, file)) {
                    matches.forEach(found::add);
                } catch (IOException e) {
                    throw new MagicException("%classpath: cannot list " + dir + ": " + e.getMessage());
                }
            }
            found.sort(null);
        } else if (Files.exists(path)) {
            found.add(path.toAbsolutePath().normalize());
        }
        return found;
    }

    private void maven(String args) throws MagicException {
        if (args.isEmpty()) {
            throw new MagicException("%maven needs coordinates, for example %maven org.apache.commons:commons-math3:3.6.1");
        }
        for (String coordinates : args.split("\\s+")) {
            List<Path> jars = MavenResolver.resolve(coordinates);
            for (Path jar : jars) {
                host.addToClasspath(jar.toString());
            }
            out.accept("Added " + coordinates + " (" + jars.size() + " jar" + (jars.size() == 1 ? "" : "s")
                    + ") to the class path\n");
        }
    }

    private void load(String args, Path workingDir) throws Exception {
        if (args.isEmpty()) {
            throw new MagicException("%load needs a file: a .jsh script or an .ipynb notebook");
        }
        Path file = workingDir.resolve(args);
        if (!Files.isRegularFile(file)) {
            throw new MagicException("%load: no file " + file);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (file.toString().endsWith(".ipynb")) {
            for (String cell : codeCells(text, file)) {
                host.run(cell);
            }
        } else {
            host.run(text);
        }
    }

    /** The sources of a notebook's code cells, in order. */
    static List<String> codeCells(String notebookJson, Path file) throws MagicException {
        List<String> cells = new ArrayList<>();
        try {
            JsonObject nb = JsonParser.parseString(notebookJson).getAsJsonObject();
            for (JsonElement c : nb.getAsJsonArray("cells")) {
                JsonObject cell = c.getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) {
                    continue;
                }
                JsonElement source = cell.get("source");
                if (source.isJsonArray()) {
                    StringBuilder sb = new StringBuilder();
                    for (JsonElement line : (JsonArray) source) {
                        sb.append(line.getAsString());
                    }
                    cells.add(sb.toString());
                } else {
                    cells.add(source.getAsString());
                }
            }
        } catch (RuntimeException e) {
            throw new MagicException("%load: " + file + " is not a valid notebook (" + e.getMessage() + ")");
        }
        return cells;
    }
}
