package org.nnlab.kernel.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellOutputTest {

    @Test
    void aMultiByteCharacterSplitAcrossWritesIsNeverCut() {
        List<String> sent = new ArrayList<>();
        CellOutput out = new CellOutput(sent::add);
        byte[] text = "σ(x) ≥ 0 ✓".getBytes(StandardCharsets.UTF_8);
        int cut = "σ(x) ".getBytes(StandardCharsets.UTF_8).length + 1; // inside the 3-byte '≥'
        out.write(text, 0, cut);
        out.sendNow();
        out.write(text, cut, text.length - cut);
        out.sendNow();
        assertEquals("σ(x) ≥ 0 ✓", String.join("", sent));
        assertEquals("σ(x) ", sent.get(0));
    }

    @Test
    void manySmallWritesAreSentInFewBatches() {
        List<String> sent = new ArrayList<>();
        CellOutput out = new CellOutput(sent::add);
        for (int i = 0; i < 1000; i++) {
            out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8), 0, ("line " + i + "\n").length());
            out.flush();
        }
        out.sendNow();
        assertTrue(sent.size() < 10, "sent " + sent.size() + " batches");
        assertTrue(String.join("", sent).endsWith("line 999\n"));
    }
}
