/**
 * Evaluation: accuracy, the confusion matrix with precision, recall and F1 per class and their micro and
 * macro averages, and a bridge to Tribuo for a bag-of-words baseline. Results render as HTML tables
 * through {@code mimeBundle()}.
 */
package org.nnlab.eval;
