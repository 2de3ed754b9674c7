package org.nnlab.eval;

/**
 * A labelled stretch of a sentence, such as a named entity: tokens {@code start} to {@code end}
 * (both inclusive, counted from 0) of type {@code type} ("PER", "ORG", ...).
 *
 * <p>Two spans are equal only if type and both bounds are equal; that is the "exact match" of span-level
 * evaluation. {@link #toString()} prints {@code PER[0,1]}.
 */
public record Span(String type, int start, int end) {

    public Span {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("a span needs a type such as PER, got " + type);
        }
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a span needs 0 <= start <= end, got [" + start + "," + end + "]");
        }
    }

    /** Number of tokens in the span. */
    public int length() {
        return end - start + 1;
    }

    @Override
    public String toString() {
        return type + "[" + start + "," + end + "]";
    }
}
