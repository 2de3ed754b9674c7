package org.nnlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BackendTest {

    @Test
    void nameAgreesWithTheDevice() {
        assertTrue(List.of("CPU", "CUDA").contains(Backend.name()), Backend.name());
        assertEquals(Backend.name().equals("CUDA"), Backend.isGpu());
        assertTrue(Backend.className().endsWith("Backend"), Backend.className());
        assertFalse(Backend.className().contains("."), "the class name is short, without its package");
    }

    @Test
    void cpuDeviceNamesItsCores() {
        if (!Backend.isGpu()) {
            assertTrue(Backend.device().endsWith(", " + Runtime.getRuntime().availableProcessors() + " cores"),
                    Backend.device());
            assertTrue(Backend.blasVendor().equals("OpenBLAS") || Backend.blasVendor().equals("MKL"),
                    Backend.blasVendor());
        } else {
            assertTrue(Backend.device().startsWith("GPU"), Backend.device());
            assertEquals("cuBLAS", Backend.blasVendor());
        }
    }

    @Test
    void threadsFollowOmpNumThreads() {
        assertTrue(Backend.threads() >= 1);
        assertTrue(Backend.blasThreads() >= 1);
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null) { // the build runs tests with OMP_NUM_THREADS=1
            assertEquals(Integer.parseInt(omp), Backend.threads());
        }
    }

    @Test
    void defaultDataTypeIsFloat() {
        assertEquals("FLOAT", Backend.dataType());
    }
}
