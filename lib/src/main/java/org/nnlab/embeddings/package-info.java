/**
 * Dense word vectors from plain text, the two routes of the lecture: the count-based route
 * ({@link org.nnlab.embeddings.CoOccurrence}: counts in a window, PPMI, then a truncated SVD,
 * {@link org.nnlab.embeddings.TruncatedSvd}) and the predictive route
 * ({@link org.nnlab.embeddings.SkipGram}: word2vec's skip-gram with negative sampling, whose loss and
 * gradients are {@link org.nnlab.embeddings.NegativeSampling}). Both give
 * {@link org.nnlab.embeddings.WordVectors}: lookup, cosine neighbours, analogies, save and load.
 */
package org.nnlab.embeddings;
