package org.nnlab.tensor;

import org.nd4j.linalg.factory.Nd4j;
import org.nnlab.Nnlab;

/**
 * A small program for tests/test_cuda_backend.py: run with ND4J's CUDA jars on the class path, it
 * prints how nnlab chose the backend. Arguments: nothing (use NNLAB_BACKEND), or the names to pass to
 * {@code Nnlab.useBackend} one after the other, as a notebook's first cells would.
 */
public final class BackendProbe {

    private BackendProbe() {
    }

    public static void main(String[] args) {
        for (String name : args) {
            try {
                Nnlab.useBackend(name);
                System.out.println("useBackend(" + name + ") ok");
            } catch (RuntimeException e) {
                System.out.println("useBackend(" + name + ") failed: " + e.getMessage().replace('\n', ' '));
            }
        }
        try {
            System.out.println(Nnlab.environment());
            System.out.println("backend=" + Backend.name());
            System.out.println("executioner=" + Nd4j.getExecutioner().getClass().getName());
            System.out.println("sum=" + Nd4j.ones(3).sumNumber());
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getClass().getName() + ": " + e.getMessage().replace('\n', ' '));
        }
        System.exit(0);
    }
}
