#!/usr/bin/python3
"""Writes PyTorch reference numbers for the INITIAL and FINAL states of recurrent layers (h_0, c_0, h_n, c_n).

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_rnn_state_fixtures.py

It writes lib/src/test/resources/fixtures/rnn-states-float32.json and rnn-states-float64.json. For
torch.nn.RNN (tanh), nn.LSTM and nn.GRU with batch_first=True, each case runs the layer from a given
initial state h_0 (and c_0), [num_layers * num_directions, batch, hidden], on a random input x, optionally
on sequences of lengths 5, 3 and 1 through pack_padded_sequence / pad_packed_sequence (the final state of
each sequence is then its state at its last real step), and takes the gradients of

    L = sum(G * output) + sum(G_h * h_n) + sum(G_c * c_n)

(G left out in the "_last" cases: a loss on the final states only, many-to-one) with respect to x, h_0,
c_0 and every parameter. The Java test is org.nnlab.rnn.TorchRnnStateFixturesTest; the weights carry
PyTorch's names (weight_ih_l0, ..., weight_ih_l0_reverse, ...). Every array is
{"shape": [...], "data": [...]}, row-major.
"""

import json
import pathlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SEED = 2027
BATCH, TIME, INPUT, HIDDEN = 3, 5, 4, 3
LENGTHS = [5, 3, 1]
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def state_case(kind, bias, layers, bidirectional, padded, output_loss, dtype):
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    net = module(INPUT, HIDDEN, num_layers=layers, bias=bias, batch_first=True,
                 bidirectional=bidirectional).to(dtype)
    with torch.no_grad():   # a wider spread than the default init, so the gates are not all near 0.5
        for p in net.parameters():
            p.mul_(2.0)
    rows = layers * (2 if bidirectional else 1)
    x = torch.randn(BATCH, TIME, INPUT, dtype=dtype, requires_grad=True)
    h_0 = (0.5 * torch.randn(rows, BATCH, HIDDEN, dtype=dtype)).requires_grad_()
    c_0 = (0.5 * torch.randn(rows, BATCH, HIDDEN, dtype=dtype)).requires_grad_() if kind == "lstm" else None
    start = (h_0, c_0) if kind == "lstm" else h_0
    if padded:
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out, state = net(packed, start)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=TIME)
    else:
        out, state = net(x, start)
    h_n, c_n = state if kind == "lstm" else (state, None)
    g_h = torch.randn_like(h_n)
    loss = (g_h * h_n).sum()
    case = {"kind": kind, "bias": bias, "layers": layers, "bidirectional": bidirectional, "x": array(x),
            "h_0": array(h_0), "output": array(out), "h_n": array(h_n), "grad_h_n": array(g_h)}
    if output_loss:
        g_out = torch.randn_like(out)
        loss = loss + (g_out * out).sum()
        case["grad_output"] = array(g_out)
    if c_n is not None:
        g_c = torch.randn_like(c_n)
        loss = loss + (g_c * c_n).sum()
        case["c_0"] = array(c_0)
        case["c_n"] = array(c_n)
        case["grad_c_n"] = array(g_c)
    if padded:
        case["lengths"] = LENGTHS
    params = list(net.named_parameters())
    inputs = [x, h_0] + ([c_0] if c_0 is not None else [])
    grads = torch.autograd.grad(loss, inputs + [p for _, p in params])
    case["grad_x"] = array(grads[0])
    case["grad_h_0"] = array(grads[1])
    if c_0 is not None:
        case["grad_c_0"] = array(grads[2])
    case["parameters"] = {name: array(p) for name, p in params}
    case["grads"] = {name: array(g) for (name, _), g in zip(params, grads[len(inputs):])}
    return case


def cases(dtype):
    torch.manual_seed(SEED)
    out = {}
    for kind in ("rnn", "lstm", "gru"):
        out[f"{kind}_l1"] = state_case(kind, True, 1, False, False, True, dtype)
        out[f"{kind}_l1_padded"] = state_case(kind, True, 1, False, True, True, dtype)
        out[f"{kind}_l1_bi_padded"] = state_case(kind, True, 1, True, True, True, dtype)
        out[f"{kind}_l1_bi_last"] = state_case(kind, True, 1, True, False, False, dtype)
        out[f"{kind}_l2_bi_padded"] = state_case(kind, True, 2, True, True, True, dtype)
        out[f"{kind}_no_bias_l2_last_padded"] = state_case(kind, False, 2, False, True, False, dtype)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        document = {"generator": "tools/make_torch_rnn_state_fixtures.py", "torch": torch.__version__,
                    "seed": SEED, "dtype": name, "batch": BATCH, "time": TIME, "input": INPUT,
                    "hidden": HIDDEN, "cases": cases(dtype)}
        path = OUT / f"rnn-states-{name}.json"
        path.write_text(json.dumps(document) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
