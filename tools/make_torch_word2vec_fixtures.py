#!/usr/bin/python3
"""Writes PyTorch reference numbers for the skip-gram negative-sampling loss (org.nnlab.embeddings).

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_word2vec_fixtures.py

It writes lib/src/test/resources/fixtures/word2vec-float32.json and word2vec-float64.json: for a few
(center v, context u_o, negatives u_1..u_K) cases, the loss -log σ(u_o·v) - Σ_k log σ(-u_k·v), computed
with torch.nn.functional.logsigmoid, and its gradients from autograd. One case has scores far out in
both tails (|u·v| ≈ 40), where a naive log(sigmoid(x)) would give log 0. The Java test
(org.nnlab.embeddings.TorchWord2VecFixturesTest) reads these files, so running the tests needs no torch.
Every array is {"shape": [...], "data": [...]} in row-major order; a scalar has shape [].
"""

import json
import pathlib

import torch
import torch.nn.functional as F

SEED = 2024
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def case(v, u_o, u_neg):
    v, u_o, u_neg = (t.detach().clone().requires_grad_(True) for t in (v, u_o, u_neg))
    loss = -F.logsigmoid(u_o @ v) - F.logsigmoid(-(u_neg @ v)).sum()
    dv, du_o, du_neg = torch.autograd.grad(loss, (v, u_o, u_neg))
    return {"center": array(v), "context": array(u_o), "negatives": array(u_neg), "loss": array(loss),
            "grad_center": array(dv), "grad_context": array(du_o), "grad_negatives": array(du_neg)}


def cases(dtype):
    out = {}
    for name, dim, k in (("small", 3, 1), ("word2vec", 10, 5), ("many_negatives", 6, 15)):
        out[name] = case(torch.randn(dim, dtype=dtype), torch.randn(dim, dtype=dtype),
                         torch.randn(k, dim, dtype=dtype))
    # saturated: the true pair scores -40 and one negative +40 (40 each in the loss), another negative -40
    v = torch.tensor([4.0, 0.0, 2.0], dtype=dtype)
    out["saturated"] = case(v, torch.tensor([-10.0, 1.0, 0.0], dtype=dtype),
                            torch.tensor([[10.0, 0.0, 0.0], [-10.0, 3.0, 0.0]], dtype=dtype))
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        torch.manual_seed(SEED)
        document = {"generator": "tools/make_torch_word2vec_fixtures.py", "torch": torch.__version__,
                    "seed": SEED, "dtype": name, "cases": cases(dtype)}
        path = OUT / f"word2vec-{name}.json"
        path.write_text(json.dumps(document, indent=1) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
