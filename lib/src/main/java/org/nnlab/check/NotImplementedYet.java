package org.nnlab.check;

/**
 * Thrown by the stub of an exercise that the student has not written yet:
 * <pre>{@code
 * double sigmoidPrime(double x) {
 *     // YOUR CODE HERE
 *     throw new org.nnlab.check.NotImplementedYet("sigmoidPrime");
 * }
 * }</pre>
 * The method compiles (a {@code throw} may stand where a {@code return} is expected) and says clearly
 * what to do when a check calls it.
 */
public class NotImplementedYet extends ExerciseFailure {

    private final String what;

    /** @param what the method or part of the exercise still to write, for example "sigmoidPrime" */
    public NotImplementedYet(String what) {
        super(what + " is not implemented yet: replace the `throw` line with your code");
        this.what = what;
    }

    /** The method or part of the exercise still to write. */
    public String what() {
        return what;
    }
}
