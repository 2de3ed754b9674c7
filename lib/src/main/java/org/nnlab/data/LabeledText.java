package org.nnlab.data;

/** A text with a class label, for example a movie-review snippet and its polarity (0 negative, 1 positive). */
public record LabeledText(String text, int label) {
}
