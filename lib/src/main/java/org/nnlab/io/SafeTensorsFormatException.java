package org.nnlab.io;

import java.nio.file.Path;

/**
 * A file is not a valid safetensors file: truncated, corrupt, or another format. The message names the file
 * and what is wrong with it.
 */
public final class SafeTensorsFormatException extends RuntimeException {

    private final transient Path file;

    /** {@code file} has the problem described by {@code problem}. */
    public SafeTensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file with the problem. */
    public Path file() {
        return file;
    }
}
