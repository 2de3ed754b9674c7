package org.nnlab.data;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * One downloadable file: where it lives inside a data folder ({@code path}, for example
 * {@code rt-polarity/rt-polarity.pos}), where to download it from ({@code url}), and the SHA-256 it must
 * have ({@code sha256}, 64 hex digits). Pinning the hash means we always train on exactly the same bytes.
 */
public record DataFile(String path, URI url, String sha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    /** Checks the parts: a relative path without "..", a URL, and 64 lower-case hex digits. */
    public DataFile {
        if (path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("path must be relative, with '/' between folders and no '..', "
                    + "but got '" + path + "'");
        }
        if (!HEX64.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, but got '" + sha256 + "'");
        }
    }

    /** A data file from a URL string. */
    public static DataFile of(String path, String url, String sha256) {
        return new DataFile(path, URI.create(url), sha256);
    }
}
