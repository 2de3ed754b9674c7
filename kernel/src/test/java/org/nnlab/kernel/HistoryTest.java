package org.nnlab.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HistoryTest {

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).collect(Collectors.toList());
    }

    @Test
    void tailRangeAndSearch() {
        History h = new History();
        h.add(1, "int a = 1;");
        h.add(2, "a + 1");
        h.add(3, "a + 1");
        h.add(4, "print(a)");
        assertEquals(List.of("a + 1", "print(a)"), inputs(h.tail(2, false)));
        assertEquals(List.of("a + 1", "a + 1"), inputs(h.range(1, 2, 4, false)));
        assertEquals(List.of("a + 1", "a + 1"), inputs(h.search("a + ?", 10, false, false)));
        assertEquals(4, h.search("*a*", 10, false, false).size());
        assertEquals(List.of("int a = 1;", "a + 1", "print(a)"), inputs(h.search("*a*", 10, true, false)));
        assertEquals(1, h.search("*", 1, false, false).size());
    }

    @Test
    void outputsAreKeptWithTheirInput() {
        History h = new History();
        h.add(7, "6 * 7");
        h.setOutput(7, "42");
        HistoryEntry e = h.tail(1, true).get(0);
        assertEquals("42", e.getOutput());
        assertEquals(7, e.getCellNumber());
    }
}
