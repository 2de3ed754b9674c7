package org.nnlab.check;

/**
 * An exercise check did not pass. The message is the feedback for the student, written so that it
 * says what is wrong and where ("sigmoid'(0): expected 0.25, yours is 0.5"), and names the likely mistake when
 * a common one fits.
 */
public class ExerciseFailure extends RuntimeException {

    public ExerciseFailure(String feedback) {
        super(feedback);
    }

    public ExerciseFailure(String feedback, Throwable cause) {
        super(feedback, cause);
    }
}
