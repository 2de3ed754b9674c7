#!/usr/bin/python3
"""Writes PyTorch reference numbers for the nnlab library's nn tests.

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_fixtures.py

It writes lib/src/test/resources/fixtures/nn-float32.json and nn-float64.json: for Linear, each
activation and each loss, and a small network (mlp) trained on cross-entropy, the inputs (and weights), the outputs and the gradients PyTorch computes.
Then (drawn last, so that the earlier cases' random numbers stay the same) Linear without bias and
BCELoss at extreme probabilities (0, 1, 1e-13, ...), where PyTorch clamps each log at -100 and
p (1 - p) in the gradient at its EPSILON, a float 1e-12 (9.99999996e-13) even for float64 tensors.
The Java tests (org.nnlab.nn.TorchFixturesTest) read these files, so running the tests needs no torch.
Every array is {"shape": [...], "data": [...]} in row-major order; a scalar has shape [].
The numbers are written with Python's repr, which round-trips exactly (a float32 value is exact as a
double too).
"""

import json
import pathlib

import torch

SEED = 2024
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def grads(output, inputs, grad_output=None):
    """d(output)/d(inputs), with output weighted by grad_output (a vector-Jacobian product)."""
    return torch.autograd.grad(output, inputs, grad_outputs=grad_output)


def linear_case(dtype, bias=True):
    layer = torch.nn.Linear(4, 3, bias=bias).to(dtype)
    x = torch.randn(5, 4, dtype=dtype, requires_grad=True)
    y = layer(x)
    g = torch.randn_like(y)
    if not bias:
        dx, dw = grads(y, (x, layer.weight), g)
        return {"x": array(x), "weight": array(layer.weight), "grad_output": array(g), "y": array(y),
                "grad_x": array(dx), "grad_weight": array(dw)}
    dx, dw, db = grads(y, (x, layer.weight, layer.bias), g)
    return {"x": array(x), "weight": array(layer.weight), "bias": array(layer.bias), "grad_output": array(g),
            "y": array(y), "grad_x": array(dx), "grad_weight": array(dw), "grad_bias": array(db)}


def activation_case(module, dtype):
    # a few entries far out in both tails, the rest standard normal; none exactly 0 (ReLU's kink)
    x = torch.randn(4, 5, dtype=dtype)
    x[0, 0], x[0, 1], x[1, 0] = 8.0, -8.0, 30.0
    x.requires_grad_(True)
    y = module(x)
    g = torch.randn_like(y)
    (dx,) = grads(y, (x,), g)
    return {"x": array(x), "grad_output": array(g), "y": array(y), "grad_x": array(dx)}


def loss_case(loss, prediction, target):
    prediction = prediction.detach().requires_grad_(True)
    value = loss(prediction, target)
    (dp,) = grads(value, (prediction,))
    return {"prediction": array(prediction), "target": array(target), "loss": array(value),
            "grad_prediction": array(dp)}


def mlp_case(dtype):
    """A whole network and loss: Linear(4 -> 5), Tanh, Linear(5 -> 3), cross-entropy on integer labels."""
    net = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3)).to(dtype)
    x = torch.randn(6, 4, dtype=dtype, requires_grad=True)
    labels = torch.tensor([0, 2, 1, 1, 0, 2])
    loss = torch.nn.CrossEntropyLoss()(net(x), labels)
    params = [net[0].weight, net[0].bias, net[2].weight, net[2].bias]
    dx, *dparams = grads(loss, [x] + params)
    out = {"x": array(x), "labels": {"shape": [6], "data": [float(v) for v in labels.tolist()]},
           "loss": array(loss), "grad_x": array(dx)}
    for name, p, g in zip(["0.weight", "0.bias", "2.weight", "2.bias"], params, dparams):
        out[name] = array(p)
        out["grad_" + name] = array(g)
    return out


def window_tagger_case(dtype):
    """Collobert and Weston's window tagger: 3 words of 3 features (word 6 x 4, caps 6 x 2, suffix 5 x 2),
    Linear(3 * 8 -> 5), Hardtanh, Linear(5 -> 4), cross-entropy; 7 windows."""
    words, caps, suffixes = (torch.nn.Embedding(n, d).to(dtype) for n, d in ((6, 4), (6, 2), (5, 2)))
    hidden, output = torch.nn.Linear(24, 5).to(dtype), torch.nn.Linear(5, 4).to(dtype)
    ids = torch.stack([torch.randint(0, 6, (7, 3)), torch.randint(0, 6, (7, 3)), torch.randint(0, 5, (7, 3))], dim=2)
    e = torch.cat([words(ids[:, :, 0]), caps(ids[:, :, 1]), suffixes(ids[:, :, 2])], dim=2).reshape(7, -1)
    scores = output(torch.nn.Hardtanh()(hidden(e)))
    labels = torch.tensor([0, 3, 1, 2, 2, 0, 1])
    loss = torch.nn.CrossEntropyLoss()(scores, labels)
    named = {"words.weight": words.weight, "caps.weight": caps.weight, "suffixes.weight": suffixes.weight,
             "hidden.weight": hidden.weight, "hidden.bias": hidden.bias,
             "output.weight": output.weight, "output.bias": output.bias}
    dparams = grads(loss, list(named.values()))
    out = {"ids": {"shape": [7, 3, 3], "data": [float(v) for v in ids.flatten().tolist()]},
           "labels": {"shape": [7], "data": [float(v) for v in labels.tolist()]},
           "scores": array(scores), "loss": array(loss)}
    for (name, p), g in zip(named.items(), dparams):
        out[name] = array(p)
        out["grad_" + name] = array(g)
    return out


def cases(dtype):
    torch.manual_seed(SEED)
    out = {"linear": linear_case(dtype)}
    activations = {
        "sigmoid": torch.nn.Sigmoid(),
        "tanh": torch.nn.Tanh(),
        "relu": torch.nn.ReLU(),
        "leaky_relu_0.1": torch.nn.LeakyReLU(0.1),
        "identity": torch.nn.Identity(),
        "softmax": torch.nn.Softmax(dim=-1),
    }
    for name, module in activations.items():
        out[name] = activation_case(module, dtype)

    scores = torch.randn(6, 3, dtype=dtype) * 3
    scores[0, 0] = 40.0  # large scores: the stable formulas must not overflow
    scores[1, 1] = -40.0
    binary = (torch.rand(6, 3) > 0.5).to(dtype)
    probabilities = torch.sigmoid(torch.randn(6, 3, dtype=dtype))
    out["mse"] = loss_case(torch.nn.MSELoss(), scores, torch.randn(6, 3, dtype=dtype))
    out["bce"] = loss_case(torch.nn.BCELoss(), probabilities, binary)
    out["bce_with_logits"] = loss_case(torch.nn.BCEWithLogitsLoss(), scores, binary)
    labels = torch.tensor([0, 2, 1, 1, 0, 2])
    ce = loss_case(torch.nn.CrossEntropyLoss(), scores, labels)
    ce["target"] = {"shape": [6], "data": [float(v) for v in labels.tolist()]}
    out["cross_entropy"] = ce
    out["mlp"] = mlp_case(dtype)
    out["linear_no_bias"] = linear_case(dtype, bias=False)
    # p = 0 and 1 (log clamped at -100, p (1 - p) = 0 clamped at EPSILON), 1e-13 (p (1 - p) below EPSILON),
    # 1e-6 and 1 - 2^-20 (small but above it), and ordinary values; hard and soft targets
    extreme = torch.tensor([[0.0, 1.0, 1e-13, 1e-6], [1 - 2.0 ** -20, 0.5, 0.9, 0.2], [0.0, 1.0, 1e-13, 0.7]],
                           dtype=dtype)
    targets = torch.tensor([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.3, 0.2], [0.0, 1.0, 1.0, 0.0]], dtype=dtype)
    out["bce_extreme"] = loss_case(torch.nn.BCELoss(), extreme, targets)
    # added after the others so that their random draws stay as they were
    hardtanh = activation_case(torch.nn.Hardtanh(), dtype)
    out["hardtanh"] = hardtanh
    out["window_tagger"] = window_tagger_case(dtype)
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        document = {"generator": "tools/make_torch_fixtures.py", "torch": torch.__version__, "seed": SEED,
                    "dtype": name, "cases": cases(dtype)}
        path = OUT / f"nn-{name}.json"
        path.write_text(json.dumps(document, indent=1) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
