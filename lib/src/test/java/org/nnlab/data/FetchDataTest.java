package org.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnlab.testing.TestData;

class FetchDataTest {

    @Test
    void fillsAFolderWithEveryDataSetAndRepairsABrokenFile(@TempDir Path temp) throws IOException {
        Download offline = new Download(TestData.folder(), temp.resolve("cache"));
        Path shared = FetchData.fetchAll(offline, temp.resolve("shared"));
        for (DataFile file : Datasets.ALL) {
            assertEquals(file.sha256(), Sha256.of(shared.resolve(file.path())), file.path());
        }
        // a file cut short (a disk that filled up) is replaced on the next run
        DataFile victim = Datasets.ALL.get(0);
        Files.writeString(shared.resolve(victim.path()), "cut short");
        FetchData.fetchAll(offline, shared);
        assertEquals(victim.sha256(), Sha256.of(shared.resolve(victim.path())));
        // and the folder serves as a local data folder for every kernel
        Download student = new Download(shared, temp.resolve("student-cache"));
        assertEquals(shared.resolve(victim.path()), student.fetch(victim));
    }
}
