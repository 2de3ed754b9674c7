package org.nnlab.check;

/**
 * An exercise check did not pass. The message is the feedback for the student, written so that it
 * says what is wrong and where ("your sigmoid' is off at x = 2: expected 0.105, got 0.88").
 */
public class ExerciseFailure extends RuntimeException {

    public ExerciseFailure(String feedback) {
        super(feedback);
    }

    public ExerciseFailure(String feedback, Throwable cause) {
        super(feedback, cause);
    }
}
