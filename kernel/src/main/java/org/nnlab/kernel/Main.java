package org.nnlab.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.nnlab.kernel.channels.KernelSockets;
import org.nnlab.kernel.exec.ExitGuard;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.nnlab.kernel.io.KernelIO;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the kernel: {@code java ... org.nnlab.kernel.Main CONNECTION_FILE}.
 *
 * <p>The sockets are bound first, so Jupyter sees the kernel ready at once; JShell (the Java compiler) and
 * ND4J start in the background meanwhile, and the first cell waits for them only if it comes very early.
 *
 * <p>{@code Main --warm-up} runs a typical first session and exits: the installer runs it once with
 * {@code -XX:ArchiveClassesAtExit} to build the class-data sharing archive that makes later starts fast.
 * {@code Main --prepare-natives} only unpacks ND4J's native libraries (also done by the warm-up).
 *
 * <p>{@code Main --standby} is a kernel started before it is asked for ({@code tools/nnlab_provisioner.py}):
 * it starts JShell and ND4J, then waits for one line on stdin, the connection file, and goes on as a
 * kernel started with it ({@link Standby}).
 */
public final class Main {

    /** System property: the nnlab library and other course jars, loaded so that interrupts can stop them. */
    static final String COURSE_CLASSPATH = "nnlab.course.classpath";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream processErr = KernelLog.processStderr();
        if (args.length == 1 && args[0].equals("--warm-up")) {
            WarmUp.run(processErr);
            System.exit(0);
        }
        if (args.length == 1 && args[0].equals("--prepare-natives")) {
            // unpacks ND4J's native libraries into JavaCPP's cache (the installer points it at the kernelspec)
            System.exit(WarmUp.startNd4j() ? 0 : 1);
        }
        if (args.length != 1) {
            processErr.println("usage: java -cp ... org.nnlab.kernel.Main CONNECTION_FILE|--standby");
            System.exit(2);
        }
        boolean standby = args[0].equals("--standby");
        // The compiler takes about a second to start: begin at once, while the sockets are bound.
        ExitGuard.hookInBackground();
        CompletableFuture<JavaEvaluator> evaluator = new CompletableFuture<>();
        Thread jshell = startJShell(evaluator, processErr, standby);
        if (standby) {
            Thread nd4j = startNd4j();  // ahead of the connection file too: a standby has time
            Standby.warmProtocol();
            Standby.announceWhenDone(jshell, nd4j);
        }
        String connectionFile = standby ? Standby.awaitConnectionFile(processErr) : args[0];

        String connection = Files.readString(Path.of(connectionFile), StandardCharsets.UTF_8);
        KernelSockets sockets = new KernelSockets(KernelConnectionProperties.parse(connection));

        ExitGuard.refuseExits();  // from now on System.exit from any code throws (the agent hooked it)
        KernelIO io = new KernelIO(sockets.iopub());
        System.setOut(io.out);
        System.setErr(io.err);

        NnlabKernel kernel = new NnlabKernel(io, evaluator);
        System.setIn(kernel.input());
        kernel.serve(sockets);
        sockets.connect();
        KernelLog.startupStep("sockets bound, kernel ready");

        if (!standby) {
            startNd4j();
        }
        sockets.waitUntilClosed();
        ExitGuard.allowKernelExit();
        System.exit(0);
    }

    /**
     * ND4J's native libraries load in the background; the first cell waits only if it comes early. Its
     * plug-in class loader is set first, before any cell can run (a CUDA build chooses its backend in the
     * first cell, through that loader).
     */
    private static Thread startNd4j() {
        try {
            WarmUp.prepareNd4j();
        } catch (java.net.MalformedURLException e) {
            KernelLog.warn("ND4J's plug-in class path is broken: " + e);
        }
        Thread nd4j = new Thread(WarmUp::startNd4j, "nnlab-nd4j-start");
        nd4j.setDaemon(true);
        nd4j.start();
        return nd4j;
    }

    private static Thread startJShell(CompletableFuture<JavaEvaluator> evaluator, PrintStream log,
                                    boolean standby) {
        Thread jshell = new Thread(() -> {
            try {
                KernelLog.startupStep("starting JShell");
                // JShell's own streams stay on the process's; cells print through System.out/err
                JavaEvaluator java = newEvaluator(log, log, InputStream.nullInputStream());
                KernelLog.startupStep("JShell started");
                WarmUp.importDefaults(java);
                KernelLog.startupStep("default imports done");
                if (standby) {
                    Standby.warmCompiler(java);
                }
                ExitGuard.awaitHooked();  // no cell before System.exit is guarded
                evaluator.complete(java);
            } catch (Throwable t) {
                KernelLog.warn("JShell failed to start: " + t);
                evaluator.completeExceptionally(t);
            }
        }, "nnlab-jshell-start");
        jshell.setDaemon(true);
        jshell.start();
        return jshell;
    }

    static JavaEvaluator newEvaluator(PrintStream out, PrintStream err, InputStream in) {
        return new JavaEvaluator(System.getProperty("java.class.path"), courseClasspath(), out, err, in);
    }

    static List<String> courseClasspath() {
        String cp = System.getProperty(COURSE_CLASSPATH, "");
        List<String> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return entries;
    }
}
