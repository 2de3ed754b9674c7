package org.nnlab.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the real corpora: the folder named by {@code NNLAB_DATA} (CI sets it), or else
 * {@code ../../shared/data} relative to the lib module, the shared folder beside the project.
 */
public final class TestData {

    private TestData() {
    }

    public static Path folder() {
        String env = System.getenv("NNLAB_DATA");
        Path folder = env != null && !env.isBlank() ? Path.of(env) : Path.of("../../shared/data");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("the test data folder " + folder.toAbsolutePath()
                    + " does not exist; set NNLAB_DATA to the shared data folder");
        }
        return folder;
    }
}
