package org.nnlab.kernel;

import org.nnlab.kernel.exec.CellError;
import org.nnlab.kernel.exec.JavaEvaluator;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kernel started before it is asked for ({@code Main --standby}), kept by the notebook server's
 * provisioner ({@code tools/nnlab_provisioner.py}) in the working directory and environment of its last
 * launch. JShell, the default imports and ND4J start at once; the kernel then waits for one line on stdin,
 * the connection file of the launch that adopts it. End of stdin without a line means the notebook server
 * is gone: the standby exits.
 */
final class Standby {

    /**
     * Compiled and run once, then dropped: javac's first compiles of declarations and expressions are the
     * slow part of a first cell. It touches no ND4J array (a CUDA build picks its backend in the first cell)
     * and nothing random, so a cell sees the same state as in a kernel started cold.
     */
    static final String WARM_CODE = String.join("\n",
            "INDArray nnlabStandbyWarm(INDArray x) { return x.mmul(x.transpose()).add(1.0); }",
            "List<Integer> nnlabStandbyList = new ArrayList<>(List.of(3, 1, 2));",
            "Collections.sort(nnlabStandbyList);",
            "nnlabStandbyList.size() * 1.5");

    static final String READY = "nnlab standby ready";

    private Standby() {
    }

    static void warmCompiler(JavaEvaluator java) {
        try {
            java.evalAndForget(WARM_CODE);
            KernelLog.startupStep("standby: compiler warmed, snippets dropped");
        } catch (CellError | RuntimeException e) {
            KernelLog.warn("standby warm-up cell failed (the kernel works, its first cell is slower): " + e);
        }
    }

    /**
     * Prints {@code nnlab standby ready} on the process's stdout once the start-up threads are done (the
     * provisioner reads it: a benchmark waits for it before it times a warm start).
     */
    static void announceWhenDone(Thread... startUp) {
        Thread announce = new Thread(() -> {
            try {
                for (Thread t : startUp) {
                    t.join();
                }
            } catch (InterruptedException e) {
                return;
            }
            KernelLog.startupStep("standby ready");
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            out.println(READY);
        }, "nnlab-standby-ready");
        announce.setDaemon(true);
        announce.start();
    }

    /** Blocks until the provisioner sends the connection file; exits if the notebook server is gone. */
    static String awaitConnectionFile(PrintStream log) throws IOException {
        KernelLog.startupStep("standby: waiting for a connection file on stdin");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null || line.isBlank()) {
            System.exit(0);  // the server closed our stdin: nobody will adopt this kernel
        }
        String file = line.strip();
        if (!Files.isReadable(Path.of(file))) {
            log.println("[nnlab kernel] standby: no readable connection file at " + file);
            System.exit(2);
        }
        KernelLog.startupStep("standby: adopted with " + file);
        return file;
    }
}
