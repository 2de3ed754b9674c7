package org.nnlab.check;

import org.nnlab.Nnlab;

/**
 * A lesson's central claim, checked in code where the notebook makes it ("the BiLSTM beats the
 * most-frequent-tag baseline"), so that a handout never states a lesson its own numbers contradict:
 * <pre>{@code
 * Claim.that("the BiLSTM tags more words right than the most-frequent-tag baseline", lstm > baseline,
 *         String.format("%.1f %% against %.1f %%", 100 * lstm, 100 * baseline));
 * // ✔ the BiLSTM tags more words right than the most-frequent-tag baseline (94.1 % against 85.3 %)
 * }</pre>
 * In full mode a claim that does not hold stops the notebook with {@link LessonClaimFailed}: the lesson
 * and its numbers disagree, and the lecturer must know. In fast mode (a few epochs on a sliver of the
 * data, for tests) it prints that fast mode has too little data to show the claim, with the figures, so
 * that nobody reads an inverted figure as the lesson.
 */
public final class Claim {

    private Claim() {
    }

    /** Checks one claim; {@code figures} are the numbers behind it, shown either way. */
    public static void that(String claim, boolean holds, String figures) {
        that(claim, holds, figures, Nnlab.fastMode());
    }

    static void that(String claim, boolean holds, String figures, boolean fastMode) {
        String withFigures = claim + (figures == null || figures.isEmpty() ? "" : " (" + figures + ")");
        if (holds) {
            System.out.println("✔ " + withFigures);
        } else if (fastMode) {
            System.out.println("ⓘ fast mode has too little data to show that " + withFigures
                    + "; run the notebook in full mode to see it");
        } else {
            throw new LessonClaimFailed(withFigures);
        }
    }

    /**
     * A claim that only some runs can show, for example one about the full model that {@code ./nnlab train pos}
     * trains in a quarter of an hour, when the notebook may instead show a smaller one trained in two minutes:
     * <pre>{@code
     * Claim.given(fullModel, "the smaller model trained here has had 2 minutes; ./nnlab train pos trains the full one")
     *      .that("the character-aware tagger beats the Tribuo tagger", ours > tribuo, figures);
     * }</pre>
     * When {@code canShow} is true the claim is checked as {@link #that(String, boolean, String)}; else it is
     * printed as not shown by this run, with the reason, and never fails.
     */
    public static Given given(boolean canShow, String whyNot) {
        return new Given(canShow, whyNot);
    }

    /** A claim that this run can or cannot show, from {@link #given}. */
    public record Given(boolean canShow, String whyNot) {

        public void that(String claim, boolean holds, String figures) {
            if (canShow) {
                Claim.that(claim, holds, figures);
            } else {
                System.out.println("ⓘ not shown by this run: " + claim
                        + (figures == null || figures.isEmpty() ? "" : " (here " + figures + ")") + ": " + whyNot);
            }
        }
    }

    /** A claim of the lesson that its own run does not support (full mode only). */
    public static final class LessonClaimFailed extends RuntimeException {

        LessonClaimFailed(String claim) {
            super("this run does not support the lesson's claim that " + claim + ". The text around this cell"
                    + " says otherwise: tell your lecturer (a changed setting, seed or data can cause it)");
        }
    }
}
