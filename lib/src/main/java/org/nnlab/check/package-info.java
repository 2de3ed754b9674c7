/**
 * Checks behind the notebook exercises: {@link org.nnlab.check.Check} compares a student's answer with
 * a reference and prints "✔ ..." or throws an {@link org.nnlab.check.ExerciseFailure} whose message says
 * what is wrong and where. {@link org.nnlab.check.FiniteDifference} estimates derivatives numerically,
 * the reference for every derivative a student writes by hand.
 */
package org.nnlab.check;
