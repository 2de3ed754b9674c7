package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KeepAliveOpExecutionerTest {

    @Test
    void theTestsRunOnTheKeepAliveExecutioner() {
        // a CPU fix: on the CUDA backend (NNLAB_BACKEND=cuda) ND4J's own CUDA executioner runs
        assumeTrue(Backend.name().equals("CPU"), "the CUDA backend has its own executioner");
        assertInstanceOf(KeepAliveOpExecutioner.class, Nd4j.getExecutioner(),
                "pom.xml's surefire argLine should pass -Dopexec=" + KeepAliveOpExecutioner.class.getName());
        // ND4J has started, on the CPU backend, with this executioner chosen: install() agrees
        assertTrue(KeepAliveOpExecutioner.install());
        assertInstanceOf(KeepAliveNDArrayFactory.class, Nd4j.factory(),
                "pom.xml's surefire argLine should pass -D" + KeepAliveNDArrayFactory.PROPERTY + "="
                        + KeepAliveNDArrayFactory.class.getName());
        assertTrue(KeepAliveNDArrayFactory.install());
        // and its pullRows gathers what ND4J's does
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertEquals(Nd4j.createFromArray(new float[][] {{5, 6}, {1, 2}, {5, 6}}), a.dup().getRows(2, 0, 2));
    }

    @Test
    void nativeOpsSurviveCollectionsStartedByAnotherThread() throws Exception {
        // A separate JVM with the kernel's heap flags, so that a crash fails this test and not the whole run.
        // With ND4J's own executioner this loop crashed the JVM in 3 to 4 s (three of three tries).
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms24m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
                "-D" + KeepAliveOpExecutioner.PROPERTY + "=" + KeepAliveOpExecutioner.class.getName(),
                "-cp", System.getProperty("java.class.path"),
                NativeOpStress.class.getName(), "10"))
                .redirectErrorStream(true).start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            child.destroyForcibly();
            throw e;
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), "the stress JVM died:\n" + tail(output));
        assertTrue(output.contains("survived") && output.contains("on KeepAliveOpExecutioner"), tail(output));
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }
}
