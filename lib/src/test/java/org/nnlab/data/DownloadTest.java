package org.nnlab.data;

import org.nnlab.testing.TestData;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The downloader, without the internet: a file:// URL, or a small HTTP server on 127.0.0.1. */
class DownloadTest {

    private static final byte[] CONTENT = "the good file\n".getBytes(StandardCharsets.UTF_8);
    private static final String CONTENT_SHA = Sha256.of(CONTENT);

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    /** Serves {@code body} at /data.txt and 404 elsewhere; returns the server's base URL. */
    private String serve(byte[] body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            boolean found = exchange.getRequestURI().getPath().equals("/data.txt");
            byte[] answer = found ? body : "not here".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(found ? 200 : 404, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** How many files a folder holds. */
    private static long leftovers(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private Path cache() {
        return dir.resolve("cache");
    }

    @Test
    void downloadsFromAFileUrlIntoTheCacheAndThenUsesTheCache() throws IOException {
        Path source = Files.write(dir.resolve("source.txt"), CONTENT);
        DataFile file = new DataFile("set/data.txt", source.toUri(), CONTENT_SHA);
        Download download = new Download(null, cache());
        Path fetched = download.fetch(file);
        assertEquals(cache().resolve("set/data.txt"), fetched);
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        Files.delete(source); // the second fetch must not need the source any more
        assertEquals(fetched, download.fetch(file));
        assertEquals(1, leftovers(cache().resolve("set")), "only the data file, no .part file");
    }

    @Test
    void downloadsOverHttp() throws IOException {
        String base = serve(CONTENT);
        DataFile file = DataFile.of("data.txt", base + "/data.txt", CONTENT_SHA);
        Path fetched = new Download(null, cache()).fetch(file);
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
        assertEquals(1, requests.get());
        new Download(null, cache()).fetch(file);
        assertEquals(1, requests.get(), "a verified cached file is not downloaded again");
    }

    @Test
    void aCorruptCachedFileIsReplaced() throws IOException {
        String base = serve(CONTENT);
        DataFile file = DataFile.of("data.txt", base + "/data.txt", CONTENT_SHA);
        Path cached = cache().resolve("data.txt");
        Files.createDirectories(cached.getParent());
        Files.write(cached, "the go".getBytes(StandardCharsets.UTF_8)); // a partial download
        Path fetched = new Download(null, cache()).fetch(file);
        assertEquals(1, requests.get());
        assertArrayEquals(CONTENT, Files.readAllBytes(fetched));
    }

    @Test
    void aDownloadWithTheWrongHashIsRejectedAndNotKept() throws IOException {
        String base = serve("a changed file\n".getBytes(StandardCharsets.UTF_8));
        DataFile file = DataFile.of("data.txt", base + "/data.txt", CONTENT_SHA);
        DownloadException e = assertThrows(DownloadException.class, () -> new Download(null, cache()).fetch(file));
        assertTrue(e.getMessage().contains("SHA-256") && e.getMessage().contains(base + "/data.txt")
                && e.getMessage().contains(CONTENT_SHA), e.getMessage());
        assertFalse(Files.exists(cache().resolve("data.txt")));
        assertEquals(0, leftovers(cache()), "no .part file left behind");
    }

    @Test
    void httpErrorsAreReported() throws IOException {
        String base = serve(CONTENT);
        DataFile file = DataFile.of("data.txt", base + "/missing.txt", CONTENT_SHA);
        DownloadException e = assertThrows(DownloadException.class, () -> new Download(null, cache()).fetch(file));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
    }

    @Test
    void offlineErrorNamesTheUrlAndHowToSupplyTheFile() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/data.txt";
        DataFile file = DataFile.of("set/data.txt", url, CONTENT_SHA);
        DownloadException e = assertThrows(DownloadException.class, () -> new Download(null, cache()).fetch(file));
        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().contains(cache().resolve("set/data.txt").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("NNLAB_DATA"), e.getMessage());
    }

    @Test
    void theLocalFolderComesFirstAndIsVerified() throws IOException {
        Path local = dir.resolve("local");
        Files.createDirectories(local.resolve("set"));
        Files.write(local.resolve("set/data.txt"), CONTENT);
        DataFile file = DataFile.of("set/data.txt", "http://127.0.0.1:1/never-used", CONTENT_SHA);
        assertEquals(local.resolve("set/data.txt"), new Download(local, cache()).fetch(file));

        Files.write(local.resolve("set/data.txt"), "corrupt".getBytes(StandardCharsets.UTF_8));
        DownloadException e = assertThrows(DownloadException.class, () -> new Download(local, cache()).fetch(file));
        assertTrue(e.getMessage().contains("NNLAB_DATA") && e.getMessage().contains("data.txt"), e.getMessage());
    }

    @Test
    void theSharedFolderIsFoundThroughNnlabDataAndMatchesEveryPinnedHash() {
        Download download = Download.fromEnvironment(Map.of(
                Download.DATA_ENV, TestData.folder().toString(),
                Download.CACHE_ENV, cache().toString()));
        for (DataFile file : Datasets.ALL) {
            Path fetched = download.fetch(file); // throws if a pinned hash were wrong
            assertEquals(TestData.folder().resolve(file.path()), fetched);
        }
        assertFalse(Files.exists(cache()), "nothing was downloaded");
        assertEquals(10_662, Datasets.rtPolarity(download).size());
        assertEquals(2_001, Datasets.ewtDev(download).size());
        assertEquals(1_115_394, Datasets.tinyShakespeare(download).length());
    }

    @Test
    void theDefaultCacheIsInTheHomeFolder() {
        Download download = Download.fromEnvironment(Map.of());
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "nnlab"), download.cacheFolder());
        assertEquals(null, download.localFolder());
    }

    @Test
    void dataFilesCheckTheirParts() {
        assertThrows(IllegalArgumentException.class, () -> DataFile.of("../x", "http://h/x", CONTENT_SHA));
        assertThrows(IllegalArgumentException.class, () -> DataFile.of("x", "http://h/x", "abc"));
    }
}
