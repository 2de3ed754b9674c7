#!/usr/bin/python3
"""Writes PyTorch reference numbers for the attention layers and the encoder-decoder (org.nnlab.attention).

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_attention_fixtures.py

It writes lib/src/test/resources/fixtures/attention-float32.json and attention-float64.json, read by
org.nnlab.attention.TorchAttentionFixturesTest. Cases:

- "additive", "dot": one query [batch, query] over keys [batch, T, key] and values [batch, T, value] with a
  padding mask from the lengths 5, 3, 1: e_j = v^T tanh(W_q q + W_k k_j) or q . k_j / sqrt(d), the softmax over
  the real keys, c = sum_j a_j v_j. Written out here from the formulas (PyTorch 1.13 has no attention function
  of this form); L = sum(G * c).
- "self_attention": torch.nn.MultiheadAttention(d, 1, batch_first=True) on x + PE (sinusoidal positions), with
  key_padding_mask from the lengths; L = sum(G * y). Its parameter names are nnlab's SelfAttention names.
- "seq2seq_none", "seq2seq_additive", "seq2seq_dot": a whole encoder-decoder under teacher forcing: embedding,
  a bidirectional nn.LSTM over packed sequences, s_0 = [h_n forward ; h_n reverse] (c likewise), an
  nn.LSTMCell decoder s_t = LSTM(E y_{t-1}, s_{t-1}), c_t the attention of s_t over the encoder outputs (Luong's
  order), scores W_out [s_t ; c_t] + b (without attention: no c_t); L = cross-entropy over the real target steps
  (ignore_index = -1). The parameters carry nnlab's Seq2Seq names.

Every array is {"shape": [...], "data": [...]}, row-major; "grads" are dL/d(parameter) by name.
"""

import json
import math
import pathlib

import torch

SEED = 2031
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"
LENGTHS = [5, 3, 1]


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def mask_of(lengths, time, dtype):
    return (torch.arange(time)[None, :] < torch.tensor(lengths)[:, None]).to(dtype)


def attend(kind, q, keys, values, mask, params):
    """The context and weights of one query per sequence (the formulas of nnlab's Attention)."""
    if kind == "additive":
        s = torch.tanh((q @ params["query.weight"].T)[:, None, :] + keys @ params["key.weight"].T)
        e = (s @ params["v.weight"].T)[:, :, 0]
    else:
        e = (keys * q[:, None, :]).sum(2) / math.sqrt(keys.shape[2])
    e = e.masked_fill(mask == 0, float("-inf"))
    a = torch.softmax(e, dim=1)
    return (a[:, :, None] * values).sum(1), a


def attention_case(kind, dtype):
    batch, time, qd, kd, vd, units = 3, 5, (4 if kind == "additive" else 3), 3, 2, 6
    q = torch.randn(batch, qd, dtype=dtype, requires_grad=True)
    keys = torch.randn(batch, time, kd, dtype=dtype, requires_grad=True)
    values = torch.randn(batch, time, vd, dtype=dtype, requires_grad=True)
    params = {}
    if kind == "additive":
        params = {"query.weight": torch.randn(units, qd, dtype=dtype), "key.weight": torch.randn(units, kd, dtype=dtype),
                  "v.weight": torch.randn(1, units, dtype=dtype)}
        for p in params.values():
            p.requires_grad_()
    mask = mask_of(LENGTHS, time, dtype)
    context, weights = attend(kind, q, keys, values, mask, params)
    g = torch.randn_like(context)
    grads = torch.autograd.grad((g * context).sum(), [q, keys, values] + list(params.values()))
    return {"kind": kind, "lengths": LENGTHS, "units": units, "query": array(q), "keys": array(keys),
            "values": array(values), "context": array(context), "weights": array(weights),
            "grad_context": array(g), "grad_query": array(grads[0]), "grad_keys": array(grads[1]),
            "grad_values": array(grads[2]), "parameters": {n: array(p) for n, p in params.items()},
            "grads": {n: array(d) for n, d in zip(params, grads[3:])}}


def positional_encoding(time, dim, dtype):
    pe = torch.zeros(time, dim, dtype=dtype)
    for t in range(time):
        for i in range(0, dim, 2):
            angle = t / 10000 ** (i / dim)
            pe[t, i] = math.sin(angle)
            if i + 1 < dim:
                pe[t, i + 1] = math.cos(angle)
    return pe


def self_attention_case(dtype):
    batch, time, dim = 3, 5, 4
    layer = torch.nn.MultiheadAttention(dim, 1, batch_first=True).to(dtype)
    with torch.no_grad():
        for p in layer.parameters():
            p.add_(0.3 * torch.randn_like(p))   # non-zero biases, a wider spread
    x = torch.randn(batch, time, dim, dtype=dtype, requires_grad=True)
    h = x + positional_encoding(time, dim, dtype)
    pad = mask_of(LENGTHS, time, dtype) == 0
    y, w = layer(h, h, h, key_padding_mask=pad, need_weights=True)
    g = torch.randn_like(y)
    params = list(layer.named_parameters())
    grads = torch.autograd.grad((g * y).sum(), [x] + [p for _, p in params])
    return {"lengths": LENGTHS, "x": array(x), "pe": array(positional_encoding(time, dim, dtype)),
            "output": array(y), "weights": array(w), "grad_output": array(g), "grad_x": array(grads[0]),
            "parameters": {n: array(p) for n, p in params}, "grads": {n: array(d) for (n, _), d in zip(params, grads[1:])}}


def seq2seq_case(kind, dtype):
    vocab, dim, hidden = 8, 3, 2
    states = 2 * hidden
    source = torch.tensor([[3, 4, 5, 6, 7], [7, 3, 3, 0, 0], [5, 6, 0, 0, 0]])
    source_lengths = [5, 3, 2]
    target_in = torch.tensor([[1, 7, 6, 5, 4], [1, 3, 3, 0, 0], [1, 6, 5, 0, 0]])       # BOS y_1 .. y_n
    labels = torch.tensor([[7, 6, 5, 4, 2], [3, 3, 2, -1, -1], [6, 5, 2, -1, -1]])     # y_1 .. y_n EOS
    src_emb = torch.nn.Embedding(vocab, dim, padding_idx=0).to(dtype)
    encoder = torch.nn.LSTM(dim, hidden, batch_first=True, bidirectional=True).to(dtype)
    tgt_emb = torch.nn.Embedding(vocab, dim, padding_idx=0).to(dtype)
    context = 0 if kind == "none" else states
    cell = torch.nn.LSTMCell(dim, states).to(dtype)
    output = torch.nn.Linear(states + context, vocab).to(dtype)
    att = {}
    if kind == "additive":
        att = {"query.weight": torch.nn.Parameter(0.5 * torch.randn(states, states, dtype=dtype)),
               "key.weight": torch.nn.Parameter(0.5 * torch.randn(states, states, dtype=dtype)),
               "v.weight": torch.nn.Parameter(0.5 * torch.randn(1, states, dtype=dtype))}
    with torch.no_grad():
        for m in (encoder, cell):
            for p in m.parameters():
                p.mul_(2.0)
    named = {"source_embedding.weight": src_emb.weight}
    for n, p in encoder.named_parameters():
        named["encoder." + n.replace("_l0", "")] = p
    named["decoder.embedding.weight"] = tgt_emb.weight
    for n, p in cell.named_parameters():
        named["decoder.cell." + n] = p
    for n, p in att.items():
        named["decoder.attention." + n] = p
    named["decoder.output.weight"] = output.weight
    named["decoder.output.bias"] = output.bias

    mask = mask_of(source_lengths, source.shape[1], dtype)
    packed = torch.nn.utils.rnn.pack_padded_sequence(src_emb(source), torch.tensor(source_lengths),
                                                     batch_first=True, enforce_sorted=False)
    enc, (h_n, c_n) = encoder(packed)
    enc, _ = torch.nn.utils.rnn.pad_packed_sequence(enc, batch_first=True, total_length=source.shape[1])
    h, c = torch.cat([h_n[0], h_n[1]], 1), torch.cat([c_n[0], c_n[1]], 1)
    scores = []
    for t in range(target_in.shape[1]):
        h, c = cell(tgt_emb(target_in[:, t]), (h, c))
        if kind == "none":
            scores.append(output(h))
        else:
            ctx, _ = attend("additive" if kind == "additive" else "dot", h, enc, enc, mask, att)
            scores.append(output(torch.cat([h, ctx], 1)))
    scores = torch.stack(scores, 1)
    loss = torch.nn.functional.cross_entropy(scores.reshape(-1, vocab), labels.reshape(-1), ignore_index=-1)
    names = list(named)
    grads = torch.autograd.grad(loss, [named[n] for n in names])
    return {"kind": kind, "vocab": vocab, "dim": dim, "hidden": hidden, "source": source.tolist(),
            "target_in": target_in.tolist(), "labels": labels.tolist(), "scores": array(scores), "loss": loss.item(),
            "parameters": {n: array(named[n]) for n in names}, "grads": {n: array(g) for n, g in zip(names, grads)}}


def cases(dtype):
    torch.manual_seed(SEED)
    return {"additive": attention_case("additive", dtype), "dot": attention_case("dot", dtype),
            "self_attention": self_attention_case(dtype),
            "seq2seq_none": seq2seq_case("none", dtype), "seq2seq_additive": seq2seq_case("additive", dtype),
            "seq2seq_dot": seq2seq_case("dot", dtype)}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        document = {"generator": "tools/make_torch_attention_fixtures.py", "torch": torch.__version__,
                    "seed": SEED, "dtype": name, "cases": cases(dtype)}
        path = OUT / f"attention-{name}.json"
        path.write_text(json.dumps(document) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
