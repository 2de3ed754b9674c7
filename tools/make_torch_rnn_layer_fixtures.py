#!/usr/bin/python3
"""Writes PyTorch reference numbers for whole recurrent LAYERS (org.nnlab.rnn.RecurrentStack).

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_rnn_layer_fixtures.py

It writes lib/src/test/resources/fixtures/rnn-layers-float32.json. For torch.nn.RNN (tanh), nn.LSTM and
nn.GRU with batch_first=True, with and without bias, 1 and 2 layers, one and two directions: the weights
(PyTorch's names weight_ih_l0, ..., weight_ih_l0_reverse, ...), a random input x [batch, time, input],
the output, h_n (and c_n), and the gradients of L = sum(G * output), a fixed random linear function of
the output, with respect to x and every parameter. The "_padded" cases run the same
layers on sequences of lengths 5, 3 and 1 padded at the end, through pack_padded_sequence and
pad_packed_sequence (padding gives output 0, as nnlab's mask does). The Java test is
org.nnlab.rnn.TorchRnnLayerFixturesTest. Every array is {"shape": [...], "data": [...]}, row-major.
"""

import json
import pathlib

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

SEED = 2026
BATCH, TIME, INPUT, HIDDEN = 3, 5, 4, 3
LENGTHS = [5, 3, 1]
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def layer_case(kind, bias, layers, bidirectional, padded, dtype):
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    net = module(INPUT, HIDDEN, num_layers=layers, bias=bias, batch_first=True,
                 bidirectional=bidirectional).to(dtype)
    with torch.no_grad():   # a wider spread than the default init, so the gates are not all near 0.5
        for p in net.parameters():
            p.mul_(2.0)
    x = torch.randn(BATCH, TIME, INPUT, dtype=dtype, requires_grad=True)
    if padded:
        packed = pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True, enforce_sorted=False)
        out, state = net(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=TIME)
    else:
        out, state = net(x)
    h_n, c_n = state if kind == "lstm" else (state, None)
    g_out = torch.randn_like(out)
    loss = (g_out * out).sum()
    case = {"kind": kind, "bias": bias, "layers": layers, "bidirectional": bidirectional, "x": array(x),
            "output": array(out), "h_n": array(h_n), "grad_output": array(g_out)}
    if padded:
        case["lengths"] = LENGTHS
    if c_n is not None:
        case["c_n"] = array(c_n)
    params = list(net.named_parameters())
    grads = torch.autograd.grad(loss, [x] + [p for _, p in params])
    case["grad_x"] = array(grads[0])
    case["parameters"] = {name: array(p) for name, p in params}
    case["grads"] = {name: array(g) for (name, _), g in zip(params, grads[1:])}
    return case


def cases(dtype):
    torch.manual_seed(SEED)
    out = {}
    for kind in ("rnn", "lstm", "gru"):
        for bias in (True, False):
            for layers in (1, 2):
                for bidirectional in (False, True):
                    name = f"{kind}{'' if bias else '_no_bias'}_l{layers}{'_bi' if bidirectional else ''}"
                    out[name] = layer_case(kind, bias, layers, bidirectional, False, dtype)
        out[f"{kind}_l2_bi_padded"] = layer_case(kind, True, 2, True, True, dtype)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    document = {"generator": "tools/make_torch_rnn_layer_fixtures.py", "torch": torch.__version__, "seed": SEED,
                "dtype": "float32", "batch": BATCH, "time": TIME, "input": INPUT, "hidden": HIDDEN,
                "cases": cases(torch.float32)}
    path = OUT / "rnn-layers-float32.json"
    path.write_text(json.dumps(document) + "\n")
    print("wrote", path)


if __name__ == "__main__":
    main()
