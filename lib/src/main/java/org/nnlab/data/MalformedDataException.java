package org.nnlab.data;

import java.nio.file.Path;

/**
 * A data file does not have the expected format. The message names the file and the line (counted from 1),
 * so the problem can be found and fixed in an editor.
 */
public final class MalformedDataException extends RuntimeException {

    private final transient Path file;
    private final int line;

    /** A problem on line {@code line} (from 1) of {@code file}, described by {@code problem}. */
    public MalformedDataException(Path file, int line, String problem) {
        super(file + ", line " + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file with the problem. */
    public Path file() {
        return file;
    }

    /** The line with the problem, counted from 1. */
    public int line() {
        return line;
    }
}
