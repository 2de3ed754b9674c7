package org.nnlab.data;

/**
 * A data set cut into three parts: fit on {@code train}, choose settings and stop early on
 * {@code validation}, and report {@code test} once at the end. A part is {@code null} when its share was 0.
 */
public record Split(Dataset train, Dataset validation, Dataset test) {
}
