#!/usr/bin/python3
"""Writes PyTorch reference numbers for ONE STEP of the nnlab recurrent cells (org.nnlab.rnn).

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_rnn_fixtures.py

It writes lib/src/test/resources/fixtures/rnn-float32.json and rnn-float64.json. For torch.nn.RNNCell
(tanh), LSTMCell and GRUCell, each with and without bias, one step from a random input x and a random
previous state (h, and c for the LSTM): the weights (PyTorch names weight_ih, weight_hh, bias_ih, bias_hh),
the new state, and the gradients of L = sum(grad_h * h') (+ sum(grad_c * c') for the LSTM), a fixed random
linear function of the outputs, with respect to x, the previous state and every parameter.
One more case, gru_lecture, is the lectures' GRU (reset gate before the matrix,
n = tanh(W_in x + b_in + W_hn (r * h) + b_hn)), written out with torch operations, since torch has no
module for it. The Java test is org.nnlab.rnn.TorchRnnFixturesTest. Format as tools/make_torch_fixtures.py:
every array is {"shape": [...], "data": [...]} in row-major order.
"""

import json
import pathlib

import torch

SEED = 2025
BATCH, INPUT, HIDDEN = 3, 4, 5
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def lecture_gru(cell, x, h):
    """The lectures' GRU with the GRUCell's weights: r and z as PyTorch, the reset before W_hn."""
    wi_r, wi_z, wi_n = cell.weight_ih.chunk(3, 0)
    wh_r, wh_z, wh_n = cell.weight_hh.chunk(3, 0)
    if cell.bias:
        bi_r, bi_z, bi_n = cell.bias_ih.chunk(3, 0)
        bh_r, bh_z, bh_n = cell.bias_hh.chunk(3, 0)
    else:
        bi_r = bi_z = bi_n = bh_r = bh_z = bh_n = 0
    r = torch.sigmoid(x @ wi_r.T + bi_r + h @ wh_r.T + bh_r)
    z_torch = torch.sigmoid(x @ wi_z.T + bi_z + h @ wh_z.T + bh_z)
    n = torch.tanh(x @ wi_n.T + bi_n + (r * h) @ wh_n.T + bh_n)
    return (1 - z_torch) * n + z_torch * h      # = (1 - z) h + z n with the lectures' z = 1 - z_torch


def cell_case(kind, bias, dtype):
    if kind == "rnn":
        cell = torch.nn.RNNCell(INPUT, HIDDEN, bias=bias, nonlinearity="tanh")
    elif kind == "lstm":
        cell = torch.nn.LSTMCell(INPUT, HIDDEN, bias=bias)
    else:
        cell = torch.nn.GRUCell(INPUT, HIDDEN, bias=bias)
    cell = cell.to(dtype)
    with torch.no_grad():   # a wider spread than the default init, so the gates are not all near 0.5
        for p in cell.parameters():
            p.mul_(2.0)
    x = torch.randn(BATCH, INPUT, dtype=dtype, requires_grad=True)
    h = torch.randn(BATCH, HIDDEN, dtype=dtype, requires_grad=True)
    params = list(cell.named_parameters())
    case = {"x": array(x), "h": array(h)}
    for name, p in params:
        case[name] = array(p)
    inputs = [x, h] + [p for _, p in params]
    if kind == "lstm":
        c = torch.randn(BATCH, HIDDEN, dtype=dtype, requires_grad=True)
        h_new, c_new = cell(x, (h, c))
        grad_h, grad_c = torch.randn_like(h_new), torch.randn_like(c_new)
        loss = (grad_h * h_new).sum() + (grad_c * c_new).sum()
        inputs.insert(2, c)
        case.update({"c": array(c), "h_next": array(h_new), "c_next": array(c_new),
                     "grad_h_next": array(grad_h), "grad_c_next": array(grad_c)})
        names = ["x", "h", "c"] + [n for n, _ in params]
    else:
        h_new = lecture_gru(cell, x, h) if kind == "gru_lecture" else cell(x, h)
        grad_h = torch.randn_like(h_new)
        loss = (grad_h * h_new).sum()
        case.update({"h_next": array(h_new), "grad_h_next": array(grad_h)})
        names = ["x", "h"] + [n for n, _ in params]
    grads = torch.autograd.grad(loss, inputs)
    for name, g in zip(names, grads):
        case["grad_" + name] = array(g)
    return case


def cases(dtype):
    torch.manual_seed(SEED)
    out = {}
    for kind in ("rnn", "lstm", "gru", "gru_lecture"):
        for bias in (True, False):
            out[kind + ("" if bias else "_no_bias")] = cell_case(kind, bias, dtype)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        document = {"generator": "tools/make_torch_rnn_fixtures.py", "torch": torch.__version__, "seed": SEED,
                    "dtype": name, "batch": BATCH, "input": INPUT, "hidden": HIDDEN, "cases": cases(dtype)}
        path = OUT / f"rnn-{name}.json"
        path.write_text(json.dumps(document, indent=1) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
