package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nnlab.Nnlab;
import org.nnlab.tensor.BackendChoice.Facts;
import org.nnlab.tensor.BackendChoice.Gpu;
import org.nnlab.tensor.BackendChoice.Kind;

/** The choice between ND4J's CPU and CUDA backends, on made-up machines (this one has no GPU). */
class BackendChoiceTest {

    static final Gpu A100 = new Gpu("NVIDIA A100-SXM4-40GB", 8, 0, 40L << 30);
    static final Gpu RTX3090 = new Gpu("NVIDIA GeForce RTX 3090", 8, 6, 24L << 30);
    static final Gpu H100 = new Gpu("NVIDIA H100 80GB HBM3", 9, 0, 80L << 30);
    static final Gpu K40 = new Gpu("Tesla K40c", 3, 5, 12L << 30);

    @Test
    void readsTheRequestPropertyFirstAndNamesTheAllowedValues() {
        assertEquals(Kind.AUTO, BackendChoice.requested(null, null));
        assertEquals(Kind.AUTO, BackendChoice.requested(" ", ""));
        assertEquals(Kind.CUDA, BackendChoice.requested(null, "CUDA"));
        assertEquals(Kind.CPU, BackendChoice.requested("cpu", "cuda"));
        String message = assertThrows(IllegalArgumentException.class,
                () -> BackendChoice.requested(null, "opencl")).getMessage();
        assertTrue(message.contains("'opencl'") && message.contains("cpu, cuda or auto"), message);
    }

    @Test
    void autoTakesASupportedGpuAndOtherwiseSaysWhyInOneLine() {
        assertEquals(Kind.CUDA, BackendChoice.decide(Kind.AUTO, new Facts(true, null, List.of(RTX3090))).backend());
        assertEquals(Kind.CUDA, BackendChoice.decide(Kind.AUTO, new Facts(true, null, List.of(H100, A100))).backend(),
                "a supported second GPU is enough");
        var h100 = BackendChoice.decide(Kind.AUTO, new Facts(true, null, List.of(H100)));
        assertEquals(Kind.CPU, h100.backend());
        assertTrue(h100.note().contains("H100") && h100.note().contains("newer than")
                && h100.note().contains("3.7 to 8.6") && h100.note().endsWith("using the CPU backend"), h100.note());
        assertEquals(1, h100.note().lines().count());
        var k40 = BackendChoice.decide(Kind.AUTO, new Facts(true, null, List.of(K40)));
        assertTrue(k40.note().contains("older than"), k40.note());
        var none = BackendChoice.decide(Kind.AUTO, new Facts(true, null, List.of()));
        assertTrue(none.note().contains("no GPU was found"), none.note());
        var noRuntime = BackendChoice.decide(Kind.AUTO, new Facts(true, "the CUDA 11.6 runtime cannot be loaded (x)", List.of()));
        assertTrue(noRuntime.note().contains("CUDA 11.6 runtime"), noRuntime.note());
        // a CPU-only build has nothing to choose: no line at all
        var cpuBuild = BackendChoice.decide(Kind.AUTO, new Facts(false, null, List.of()));
        assertEquals(Kind.CPU, cpuBuild.backend());
        assertNull(cpuBuild.note());
    }

    @Test
    void cudaFailsWithTheSupportedRangeAndTheFix() {
        String newer = assertThrows(IllegalStateException.class,
                () -> BackendChoice.decide(Kind.CUDA, new Facts(true, null, List.of(H100)))).getMessage();
        assertTrue(newer.contains("NNLAB_BACKEND=cuda") && newer.contains("compute capability 3.7 to 8.6")
                && newer.contains("CUDA 11.6") && newer.contains("NNLAB_BACKEND=cpu"), newer);
        String noJars = assertThrows(IllegalStateException.class,
                () -> BackendChoice.decide(Kind.CUDA, new Facts(false, null, List.of()))).getMessage();
        assertTrue(noJars.contains("no CUDA backend") && noJars.contains("NNLAB_CUDA=1 ./nnlab setup"), noJars);
        String noDriver = assertThrows(IllegalStateException.class,
                () -> BackendChoice.decide(Kind.CUDA, new Facts(true, "the CUDA 11.6 runtime cannot be loaded (x)",
                        List.of()))).getMessage();
        assertTrue(noDriver.contains("Install an NVIDIA driver"), noDriver);
        assertEquals(Kind.CUDA, BackendChoice.decide(Kind.CUDA, new Facts(true, null, List.of(A100))).backend());
        assertEquals(Kind.CPU, BackendChoice.decide(Kind.CPU, new Facts(true, null, List.of(A100))).backend());
    }

    @Test
    void thisBuildRunsOnTheCpuAndSaysHowItWasChosen() {
        // the lib's tests run on the backend NNLAB_BACKEND asks for (ChooseBackendForTests starts the choice)
        String asked = System.getenv(BackendChoice.ENV);
        if (asked == null || asked.isBlank() || asked.equalsIgnoreCase("auto") || asked.equalsIgnoreCase("cpu")) {
            assertEquals("CPU", Backend.name());
        } else {
            assertEquals("CUDA", Backend.name());
        }
        assertTrue(Nnlab.environment().toString().contains("chosen by  NNLAB_BACKEND="), Nnlab.environment().toString());
        assertTrue(BackendChoice.nd4jStarted(), "ND4J found its backend through nnlab's choice");
        String message = assertThrows(IllegalStateException.class, () -> Nnlab.useBackend("cuda")).getMessage();
        assertTrue(message.contains("already started") && message.contains("first cell"), message);
        assertThrows(IllegalArgumentException.class, () -> Nnlab.useBackend("tpu"));
    }
}
