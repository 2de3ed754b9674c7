#!/usr/bin/python3
"""Writes PyTorch reference numbers for the nnlab library's optimizer tests.

Run with Debian's Python, which has python3-torch:

    /usr/bin/python3 tools/make_torch_optim_fixtures.py

It writes lib/src/test/resources/fixtures/optim-float32.json and optim-float64.json. For each optimizer
case: the options, and for two parameters their initial values, three fixed gradients and the values
after each of the three steps (torch.optim with those gradients set by hand). Cases named *_l1 use the
nnlab L1 rule, which torch has no option for: the gradient given to torch is grad + l1 * sign(w).
The AdamW cases (decoupled weight decay) are drawn after all the others, so that adding them left the
earlier cases' random numbers unchanged.
Then gradient clipping (torch.nn.utils.clip_grad_norm_ / clip_grad_value_: gradients before and after,
and the global 2-norm before clipping) and learning-rate schedules (StepLR, ExponentialLR,
CosineAnnealingLR: the learning rate at each epoch).
The Java tests (org.nnlab.optim.TorchOptimFixturesTest) read these files, so running them needs no torch.
Every array is {"shape": [...], "data": [...]} in row-major order.
"""

import json
import math
import pathlib

import torch

SEED = 2025
STEPS = 3
OUT = pathlib.Path(__file__).resolve().parent.parent / "lib" / "src" / "test" / "resources" / "fixtures"


def array(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


# name -> (torch class, torch keyword arguments, nnlab options, l1)
CASES = {
    "sgd": (torch.optim.SGD, {"lr": 0.1}, {}, 0.0),
    "sgd_momentum": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9}, {"momentum": 0.9}, 0.0),
    "sgd_nesterov": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "nesterov": True},
                     {"momentum": 0.9, "nesterov": True}, 0.0),
    "sgd_momentum_weight_decay": (torch.optim.SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.05},
                                  {"momentum": 0.9}, 0.0),
    "sgd_l1": (torch.optim.SGD, {"lr": 0.1}, {}, 0.05),
    "adagrad": (torch.optim.Adagrad, {"lr": 0.1}, {}, 0.0),
    "adagrad_weight_decay": (torch.optim.Adagrad, {"lr": 0.1, "weight_decay": 0.05}, {}, 0.0),
    "rmsprop": (torch.optim.RMSprop, {"lr": 0.01}, {}, 0.0),
    "rmsprop_momentum": (torch.optim.RMSprop, {"lr": 0.01, "momentum": 0.9}, {"momentum": 0.9}, 0.0),
    "rmsprop_weight_decay": (torch.optim.RMSprop, {"lr": 0.01, "weight_decay": 0.05}, {}, 0.0),
    "adadelta": (torch.optim.Adadelta, {"lr": 1.0}, {}, 0.0),
    "adadelta_weight_decay": (torch.optim.Adadelta, {"lr": 1.0, "weight_decay": 0.05}, {}, 0.0),
    "adam": (torch.optim.Adam, {"lr": 0.01}, {}, 0.0),
    "adam_weight_decay": (torch.optim.Adam, {"lr": 0.01, "weight_decay": 0.05}, {}, 0.0),
    "adam_l1": (torch.optim.Adam, {"lr": 0.01}, {}, 0.05),
}

# drawn last (see the module comment); weight_decay is AdamW's decoupled decay
ADAMW_CASES = {
    "adamw": (torch.optim.AdamW, {"lr": 0.01, "weight_decay": 0.01}, {}, 0.0),
    "adamw_strong_decay": (torch.optim.AdamW, {"lr": 0.1, "weight_decay": 0.5, "betas": (0.8, 0.99)},
                           {"beta1": 0.8, "beta2": 0.99}, 0.0),
}


def optimizer_case(cls, kwargs, options, l1, dtype):
    params = [torch.randn(2, 3, dtype=dtype), torch.randn(3, dtype=dtype)]
    params[1][1] = 0.0  # sign(0) = 0 for the L1 cases
    params = [p.requires_grad_(True) for p in params]
    gradients = [[torch.randn_like(p) for _ in range(STEPS)] for p in params]
    out = {"optimizer": cls.__name__, "lr": kwargs["lr"], "weight_decay": kwargs.get("weight_decay", 0.0),
           "l1": l1, "params": []}
    out.update(options)
    initial = [array(p) for p in params]
    opt = cls(params, **kwargs)
    after = [[] for _ in params]
    for step in range(STEPS):
        for p, gs in zip(params, gradients):
            g = gs[step].clone()
            if l1:
                g += l1 * torch.sign(p.detach())
            p.grad = g
        opt.step()
        for k, p in enumerate(params):
            after[k].append(array(p))
    for k, name in enumerate(["weight", "bias"]):
        out["params"].append({"name": name, "initial": initial[k],
                              "grads": [array(g) for g in gradients[k]], "after": after[k]})
    return out


def clip_case(kind, limit, dtype, scale):
    params = [torch.randn(2, 3, dtype=dtype, requires_grad=True), torch.randn(4, dtype=dtype, requires_grad=True)]
    for p in params:
        p.grad = torch.randn_like(p) * scale
    before = [array(p.grad) for p in params]
    norm = torch.norm(torch.stack([torch.norm(p.grad.detach(), 2) for p in params]), 2)
    if kind == "norm":
        returned = torch.nn.utils.clip_grad_norm_(params, limit)
        assert float(returned) == float(norm)
    else:
        torch.nn.utils.clip_grad_value_(params, limit)
    return {"kind": kind, "limit": limit, "grads": before, "clipped": [array(p.grad) for p in params],
            "norm": float(norm)}


def schedule_values(make, epochs):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    values = []
    for _ in range(epochs):
        values.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return values


def document(name, dtype):
    torch.manual_seed(SEED)
    cases = {case: optimizer_case(cls, kwargs, options, l1, dtype)
             for case, (cls, kwargs, options, l1) in CASES.items()}
    clipping = {
        "norm_clipped": clip_case("norm", 1.0, dtype, 2.0),
        "norm_unchanged": clip_case("norm", 100.0, dtype, 2.0),
        "value": clip_case("value", 0.5, dtype, 1.0),
    }
    schedules = {
        "step": {"initial": 0.1, "step_size": 3, "gamma": 0.5,
                 "lr": schedule_values(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5), 12)},
        "exponential": {"initial": 0.1, "gamma": 0.9,
                        "lr": schedule_values(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), 12)},
        "cosine": {"initial": 0.1, "minimum": 0.001, "epochs": 10,
                   "lr": schedule_values(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.001), 11)},
    }
    for case, (cls, kwargs, options, l1) in ADAMW_CASES.items():
        cases[case] = optimizer_case(cls, kwargs, options, l1, dtype)
    return {"generator": "tools/make_torch_optim_fixtures.py", "torch": torch.__version__, "seed": SEED,
            "dtype": name, "steps": STEPS, "cases": cases, "clipping": clipping, "schedules": schedules}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        path = OUT / f"optim-{name}.json"
        path.write_text(json.dumps(document(name, dtype), indent=1) + "\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
