package org.nnlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Gets data files to this machine and proves they are the right ones.
 *
 * <p>{@link #fetch(DataFile)} looks in three places, in this order:
 * <ol>
 *   <li>the local data folder ({@code NNLAB_DATA}), if set: a folder laid out like the project's shared data
 *       folder ({@code rt-polarity/rt-polarity.pos}, {@code ud-english-ewt/...}, {@code tinyshakespeare/...});
 *       a file found there must have the pinned SHA-256, otherwise it is an error (we never use it);</li>
 *   <li>the cache folder ({@code NNLAB_CACHE}, default {@code ~/.cache/nnlab}): a cached file with the
 *       pinned SHA-256 is used; one with another hash (a partial or corrupt download) is deleted and
 *       downloaded again;</li>
 *   <li>the URL: the file is downloaded to a {@code <name>.*.part} file beside its place in the cache, checked,
 *       and only then moved into place, so an interrupted download never looks complete.</li>
 * </ol>
 * Without network the error names the URL and says where to put the file by hand.
 */
public final class Download {

    /** The environment variable naming a local data folder, looked at before the cache. */
    public static final String DATA_ENV = "NNLAB_DATA";
    /** The environment variable naming the cache folder. */
    public static final String CACHE_ENV = "NNLAB_CACHE";

    private static final int TIMEOUT_MILLIS = 30_000;

    private final Path localFolder;
    private final Path cacheFolder;

    /**
     * A downloader with an optional local data folder ({@code null} for none) and a cache folder.
     */
    public Download(Path localFolder, Path cacheFolder) {
        this.localFolder = localFolder;
        this.cacheFolder = cacheFolder;
    }

    /** The downloader the environment asks for: {@code NNLAB_DATA} and {@code NNLAB_CACHE}. */
    public static Download fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** The downloader for these environment variables (a map, so tests can pass their own). */
    static Download fromEnvironment(Map<String, String> env) {
        String data = env.get(DATA_ENV);
        String cache = env.get(CACHE_ENV);
        Path local = data == null || data.isBlank() ? null : Path.of(data);
        Path cacheFolder = cache == null || cache.isBlank()
                ? Path.of(System.getProperty("user.home"), ".cache", "nnlab")
                : Path.of(cache);
        return new Download(local, cacheFolder);
    }

    /** The local data folder, or {@code null} if there is none. */
    public Path localFolder() {
        return localFolder;
    }

    /** The cache folder. */
    public Path cacheFolder() {
        return cacheFolder;
    }

    /**
     * A verified copy of the file: from the local folder, the cache, or downloaded into the cache.
     *
     * @throws DownloadException if the local copy has the wrong SHA-256, the download fails, or the
     *     downloaded bytes have the wrong SHA-256
     */
    public Path fetch(DataFile file) {
        if (localFolder != null) {
            Path local = localFolder.resolve(file.path());
            if (Files.isRegularFile(local)) {
                String actual = Sha256.of(local);
                if (!actual.equals(file.sha256())) {
                    throw new DownloadException(local + " in the local data folder (" + DATA_ENV + ") has SHA-256 "
                            + actual + " but " + file.sha256() + " was expected: it is partial, corrupt or another "
                            + "version. Replace it with the file from " + file.url() + " or delete it.");
                }
                return local;
            }
        }
        Path cached = cacheFolder.resolve(file.path());
        if (Files.isRegularFile(cached)) {
            String actual = Sha256.of(cached);
            if (actual.equals(file.sha256())) {
                return cached;
            }
            System.err.println("nnlab: " + cached + " has SHA-256 " + actual + ", not " + file.sha256()
                    + " (partial or corrupt); downloading it again");
            delete(cached);
        }
        download(file, cached);
        return cached;
    }

    /** Downloads into a temporary {@code .part} file, checks the hash, then moves it to {@code target}. */
    private void download(DataFile file, Path target) {
        System.err.println("nnlab: downloading " + file.url() + " to " + target);
        Path partial = null;
        try {
            Files.createDirectories(target.getParent());
            // A fresh name per download, so two programs fetching the same file do not write into each other.
            partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
            URLConnection connection = file.url().toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            if (connection instanceof HttpURLConnection http && http.getResponseCode() != 200) {
                throw new IOException("the server answered HTTP " + http.getResponseCode() + " "
                        + http.getResponseMessage());
            }
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | IllegalArgumentException e) {
            if (partial != null) {
                delete(partial);
            }
            throw new DownloadException("cannot download " + file.url() + ": " + e
                    + ". If this machine is offline, download the file elsewhere and put it at " + target
                    + ", or set " + DATA_ENV + " to a folder that holds " + file.path() + ".", e);
        }
        String actual = Sha256.of(partial);
        if (!actual.equals(file.sha256())) {
            delete(partial);
            throw new DownloadException("downloaded " + file.url() + " but its SHA-256 is " + actual + ", not the "
                    + "pinned " + file.sha256() + ": the download was cut short or the file changed on the server. "
                    + "The file was not kept. Try again, or put a correct copy at " + target + ".");
        }
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Download(local " + localFolder + ", cache " + cacheFolder + ")";
    }
}
