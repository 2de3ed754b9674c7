/**
 * Attention and the encoder-decoder: {@link org.nnlab.attention.Attention} (additive and scaled dot-product
 * scoring, padding masks), the {@link org.nnlab.attention.Decoder} (an LSTM whose state s_t queries the encoder states, Luong's order),
 * {@link org.nnlab.attention.Seq2Seq} (BiLSTM encoder, teacher forcing, greedy decoding, with or without
 * attention), and the bridge to transformers: {@link org.nnlab.attention.SelfAttention} with
 * {@link org.nnlab.attention.PositionalEncoding}. Explicit forward and backward as in {@code nn} and
 * {@code rnn}; names and layouts as in PyTorch.
 */
package org.nnlab.attention;
