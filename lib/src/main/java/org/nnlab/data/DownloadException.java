package org.nnlab.data;

/**
 * A data file could not be obtained: the download failed, or a file had the wrong SHA-256. The message
 * says which file and URL, and how to supply the file by hand.
 */
public final class DownloadException extends RuntimeException {

    /** A failure described by {@code message}. */
    public DownloadException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
