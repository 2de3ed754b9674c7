/**
 * Data for the course: synthetic 2-D sets ({@link org.nnlab.data.Synthetic}, {@link org.nnlab.data.Dataset}),
 * text ({@link org.nnlab.data.Tokenizer}, {@link org.nnlab.data.Vocab}, {@link org.nnlab.data.PaddedBatch},
 * {@link org.nnlab.data.LengthBatches}), generated sequence tasks ({@link org.nnlab.data.FirstTokenTask},
 * {@link org.nnlab.data.NumberAgreement}), readers for real corpora ({@link org.nnlab.data.PolarityReader},
 * {@link org.nnlab.data.ConlluReader}, {@link org.nnlab.data.PlainTextReader}) and a downloader with a pinned
 * SHA-256 and a cache ({@link org.nnlab.data.Download}, {@link org.nnlab.data.Datasets}).
 *
 * <p>Everything random takes a seed, so the same seed gives the same data.
 */
package org.nnlab.data;
