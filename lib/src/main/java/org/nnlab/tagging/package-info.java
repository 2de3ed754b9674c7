/**
 * Taggers end to end: the data of a tagging task ({@link org.nnlab.tagging.TaggingData}), a training loop
 * with learning-rate decay and early stopping on dev ({@link org.nnlab.tagging.TaggerTraining}), the
 * scores the lectures report ({@link org.nnlab.tagging.TaggerScores}), the NAME spans of notebook 10
 * ({@link org.nnlab.tagging.NameSpans}) and the {@code ./nnlab train pos} program ({@link org.nnlab.tagging.TrainPos}).
 * Uses rnn, eval, nn, optim, data; nothing in lib imports it.
 */
package org.nnlab.tagging;
