/**
 * Evaluation: accuracy, the confusion matrix with precision, recall and F1 per class and their micro and
 * macro averages, a bridge to Tribuo for a bag-of-words baseline,
 * and spans from BIO tags with span-level precision, recall and F1 ({@link org.nnlab.eval.BioTags},
 * {@link org.nnlab.eval.SpanScores}). Results render as HTML tables
 * through {@code mimeBundle()}.
 */
package org.nnlab.eval;
