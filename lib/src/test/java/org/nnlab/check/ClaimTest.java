package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ClaimTest {

    @Test
    void aClaimThatHoldsIsPrintedWithItsFigures() {
        for (boolean fast : new boolean[] {false, true}) {
            assertEquals("✔ the LSTM beats the RNN (0.98 against 0.51)\n",
                    printed(() -> Claim.that("the LSTM beats the RNN", true, "0.98 against 0.51", fast)));
        }
    }

    @Test
    void inFullModeAClaimThatFailsStopsTheNotebook() {
        Claim.LessonClaimFailed failed = assertThrows(Claim.LessonClaimFailed.class,
                () -> Claim.that("the LSTM beats the RNN", false, "0.49 against 0.51", false));
        assertEquals("this run does not support the lesson's claim that the LSTM beats the RNN (0.49 against 0.51)."
                + " The text around this cell says otherwise: tell your lecturer (a changed setting, seed or data can"
                + " cause it)", failed.getMessage());
    }

    @Test
    void inFastModeAClaimThatFailsSaysFastModeCannotShowIt() {
        assertEquals("ⓘ fast mode has too little data to show that the LSTM beats the RNN (0.49 against 0.51);"
                + " run the notebook in full mode to see it\n",
                printed(() -> Claim.that("the LSTM beats the RNN", false, "0.49 against 0.51", true)));
    }

    @Test
    void aClaimThisRunCannotShowIsPrintedWithTheReasonAndNeverFails() {
        for (boolean holds : new boolean[] {false, true}) {
            assertEquals("ⓘ not shown by this run: the tagger beats Tribuo (here 92.1 % against 92.4 %): the model"
                    + " trained here is the small one\n", printed(() -> Claim.given(false, "the model trained here is the small one")
                            .that("the tagger beats Tribuo", holds, "92.1 % against 92.4 %")));
        }
    }

    @Test
    void aClaimThisRunCanShowIsChecked() {
        assertEquals("✔ the tagger beats Tribuo (94.2 % against 92.4 %)\n",
                printed(() -> Claim.given(true, "unused").that("the tagger beats Tribuo", true, "94.2 % against 92.4 %")));
        if (!org.nnlab.Nnlab.fastMode()) {
            assertThrows(Claim.LessonClaimFailed.class,
                    () -> Claim.given(true, "unused").that("the tagger beats Tribuo", false, "92.1 % against 92.4 %"));
        }
    }

    private static String printed(Runnable r) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
