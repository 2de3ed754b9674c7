#!/usr/bin/python3
"""One task of bench/mlp.py in plain PyTorch, without the benchmark harness: no data files, no initial
weights from outside, no result lines; just the usual training loop with a stopwatch around it. mlp.py
runs it in the same environment and with the same threads as its PyTorch side, and warns when the two
times per step differ by more than 15 % (then the harness, not PyTorch, would be what we measure).

    /usr/bin/python3 bench/peer_mlp_minimal.py moons|mnist [--threads 1] [--steps 1000] [--repeats 3]

Prints `TASK ms/step MEDIAN min BEST`: the median and the best of the repeats, after one untimed run.
"""
import argparse
import statistics
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("task", choices=["moons", "mnist"])
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--steps", type=int, default=None, help="steps per run (default 1000 moons, 200 mnist)")
parser.add_argument("--repeats", type=int, default=3)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(0)

if args.task == "moons":  # 200 points, full batch
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1), nn.Sigmoid())
    loss_fn, lr, steps = nn.BCELoss(), 0.1, args.steps or 1000
    batches = [(torch.randn(200, 2), torch.randint(2, (200, 1)).float())]
else:  # 1024 random "images", batches of 64 in turn
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    loss_fn, lr, steps = nn.CrossEntropyLoss(), 0.01, args.steps or 200
    x, y = torch.rand(1024, 784), torch.randint(10, (1024,))
    batches = [(x[i:i + 64].clone(), y[i:i + 64].clone()) for i in range(0, 1024, 64)]
optimizer = torch.optim.SGD(model.parameters(), lr=lr)


def train():
    for i in range(steps):
        x, y = batches[i % len(batches)]
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()


train()  # untimed
times = []
for _ in range(args.repeats):
    start = time.perf_counter()
    train()
    times.append(time.perf_counter() - start)
print("%s ms/step %.4f min %.4f" % (args.task, 1000 * statistics.median(times) / steps, 1000 * min(times) / steps))
