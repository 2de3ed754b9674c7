package org.nnlab.kernel.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DefaultLimitTest {

    @Test
    void sharesSizesAndNone(@TempDir Path dir) throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:        8000000 kB\nMemFree:  100 kB\n");
        long total = 8_000_000L * 1024;
        assertEquals(OptionalLong.of((long) (total * 75.0 / 100)), DefaultLimit.of(Map.of(), null, meminfo));
        assertEquals(OptionalLong.of((long) (total * 60.0 / 100)), DefaultLimit.of(Map.of(), "60%", meminfo));
        assertEquals(OptionalLong.of(512L << 20), DefaultLimit.of(Map.of(), "512m", meminfo));
        assertEquals(OptionalLong.of(4L << 30),
                DefaultLimit.of(Map.of("NNLAB_MEMORY_LIMIT", "4G"), "512m", meminfo));  // the variable wins
        assertEquals(OptionalLong.empty(), DefaultLimit.of(Map.of(), "none", meminfo));
        assertEquals(OptionalLong.of((long) (total * 75.0 / 100)), DefaultLimit.of(Map.of(), "lots", meminfo));
        assertNull(DefaultLimit.parse("150%", meminfo));
        assertEquals(OptionalLong.empty(), DefaultLimit.parse("50%", dir.resolve("missing")));
    }
}
