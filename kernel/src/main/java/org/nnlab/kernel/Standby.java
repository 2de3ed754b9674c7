package org.nnlab.kernel;

import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.nnlab.kernel.channels.KernelSockets;
import org.nnlab.kernel.display.Renderers;
import org.nnlab.kernel.exec.JavaEvaluator;
import org.nnlab.kernel.exec.NativeMemory;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

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
    /** With ND4J started ahead (not a CUDA build): an array made and shown, as a first cell does. */
    static final String WARM_ARRAY = "Nd4j.zeros(3, 3).addi(1.0)";

    static final String READY = "nnlab standby ready";

    private Standby() {
    }

    static void warmCompiler(JavaEvaluator java) {
        try {
            java.evalAndForget(WARM_CODE);
            if (!WarmUp.cudaBuild()) {
                JavaEvaluator.Result array = java.evalAndForget(WARM_ARRAY);
                new Renderers(new Renderer()).render(array.value());
            }
            KernelLog.startupStep("standby: compiler and renderers warmed, snippets dropped");
        } catch (Exception e) {
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
            // the warm-up's garbage (javac's trees, the throw-away sockets) goes before the kernel waits: the
            // heap shrinks and glibc gives the freed native memory back (the idle standby: 188 to 192 MB, `./nnlab bench --standby`)
            System.gc();
            NativeMemory.trim();
            KernelLog.startupStep("standby ready");
            PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
            out.println(READY);
        }, "nnlab-standby-ready");
        announce.setDaemon(true);
        announce.start();
    }

    /**
     * Binds and closes a throw-away set of the protocol's sockets on loopback ports: ZeroMQ, the message
     * classes and the JSON code load now, not after the launch (under load, adopted to ready took 0.9 s
     * without this, 0.15 s with it).
     */
    static void warmProtocol() {
        try {
            int[] ports = new int[5];
            for (int i = 0; i < ports.length; i++) {
                try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    ports[i] = free.getLocalPort();
                }
            }
            String connection = String.format("{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_port\": %d, "
                    + "\"iopub_port\": %d, \"stdin_port\": %d, \"control_port\": %d, \"hb_port\": %d, "
                    + "\"key\": \"%s\", \"signature_scheme\": \"hmac-sha256\"}",
                    ports[0], ports[1], ports[2], ports[3], ports[4], UUID.randomUUID());
            KernelSockets sockets = new KernelSockets(KernelConnectionProperties.parse(connection));
            sockets.connect();
            sockets.close();
            KernelLog.startupStep("standby: protocol warmed");
        } catch (Exception e) {
            KernelLog.warn("standby: protocol warm-up failed (the kernel works, it answers later): " + e);
        }
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
