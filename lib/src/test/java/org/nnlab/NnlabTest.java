package org.nnlab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NnlabTest {

    @AfterEach
    void restoreDefaultSeed() {
        Nnlab.seed(Nnlab.DEFAULT_SEED);
    }

    @Test
    void versionComesFromTheMavenBuild() {
        // nnlab.properties holds ${project.version}; Maven's resource filtering must have replaced it.
        assertTrue(Nnlab.version().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), Nnlab.version());
    }

    @Test
    void seedIsRememberedAndDefaultsTo42() {
        assertEquals(42, Nnlab.DEFAULT_SEED);
        assertEquals(42, Nnlab.seed());
        Nnlab.seed(7);
        assertEquals(7, Nnlab.seed());
    }

    @Test
    void seedRepeatsTheSharedRandom() {
        Nnlab.seed(123);
        double[] first = {Nnlab.random().nextDouble(), Nnlab.random().nextDouble()};
        Nnlab.seed(123);
        double[] again = {Nnlab.random().nextDouble(), Nnlab.random().nextDouble()};
        assertArrayEquals(first, again);
        Nnlab.seed(124);
        assertNotEquals(first[0], Nnlab.random().nextDouble());
    }

    @Test
    void seedRepeatsNd4jRandomArrays() {
        Nnlab.seed(123);
        INDArray first = Nd4j.rand(3, 4);
        Nnlab.seed(123);
        INDArray again = Nd4j.rand(3, 4);
        assertEquals(first, again);
        Nnlab.seed(124);
        assertNotEquals(first, Nd4j.rand(3, 4));
    }

    @Test
    void fastModeIsSwitchedOnByOneTrueOrYes() {
        assertTrue(Nnlab.isFast("1"));
        assertTrue(Nnlab.isFast("true"));
        assertTrue(Nnlab.isFast(" YES "));
        assertFalse(Nnlab.isFast(null));
        assertFalse(Nnlab.isFast(""));
        assertFalse(Nnlab.isFast("0"));
        assertFalse(Nnlab.isFast("false"));
    }

    @Test
    void fastPicksTheSizeForTheCurrentMode() {
        assertEquals(Nnlab.isFast(System.getenv("NNLAB_FAST")), Nnlab.fastMode());
        assertEquals(Nnlab.fastMode() ? 5 : 200, Nnlab.fast(200, 5));
    }

    @Test
    void environmentBannerNamesEveryFact() {
        Nnlab.seed(99);
        Environment environment = Nnlab.environment();
        assertEquals(Nnlab.version(), environment.nnlabVersion());
        assertEquals(99, environment.seed());
        assertEquals(System.getProperty("java.version"), environment.javaVersion());

        String[] lines = environment.toString().split("\n");
        assertEquals("nnlab " + Nnlab.version(), lines[0]);
        assertEquals(9, lines.length, environment.toString());
        assertTrue(lines[1].matches("  backend +(CPU|CUDA) \\(\\w+Backend\\), default data type FLOAT"), lines[1]);
        assertTrue(lines[2].matches("  chosen by  NNLAB_BACKEND=(auto|cpu|cuda).*"), lines[2]);
        assertTrue(lines[3].startsWith("  device "), lines[3]);
        assertTrue(lines[4].matches("  BLAS +\\S.*"), lines[4]);
        assertTrue(lines[5].matches("  threads +\\d+ ND4J \\(OpenMP\\), \\d+ BLAS"), lines[5]);
        assertTrue(lines[6].startsWith("  Java       " + System.getProperty("java.version") + " ("), lines[6]);
        assertEquals("  seed       99", lines[7]);
        assertTrue(lines[8].startsWith("  fast mode  " + (Nnlab.fastMode() ? "on" : "off")), lines[8]);
    }
}
