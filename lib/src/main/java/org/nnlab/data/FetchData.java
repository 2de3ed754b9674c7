package org.nnlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts every course data set into one folder, checked, for a whole class to share.
 *
 * <p>{@code java -cp <nnlab jars> org.nnlab.data.FetchData FOLDER} fetches each file of
 * {@link Datasets#ALL} the usual way ({@link Download#fromEnvironment()}: {@code NNLAB_DATA} first, which
 * makes an offline install possible, then the network) and stores it under {@code FOLDER} with the same
 * layout as the shared data folder. Kernels then read it with {@code NNLAB_DATA=FOLDER}: one copy on the
 * server instead of one per student, and every read checks the pinned SHA-256. Running it again keeps
 * the files that are already right.
 */
public final class FetchData {

    private FetchData() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp <nnlab jars> org.nnlab.data.FetchData FOLDER");
            System.exit(2);
        }
        try {
            fetchAll(Download.fromEnvironment(), Path.of(args[0]));
        } catch (DownloadException e) {
            System.err.println("nnlab: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Fetches every data set into {@code folder}; returns the folder. */
    public static Path fetchAll(Download download, Path folder) {
        for (DataFile file : Datasets.ALL) {
            Path target = folder.resolve(file.path());
            if (Files.isRegularFile(target) && Sha256.of(target).equals(file.sha256())) {
                System.out.println("ok       " + file.path());
                continue;
            }
            Path source = download.fetch(file);  // checked against the pinned SHA-256
            copy(source, target);
            System.out.printf("fetched  %s (%.1f MB)%n", file.path(), size(target) / 1e6);
        }
        return folder;
    }

    private static void copy(Path source, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".part");
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
