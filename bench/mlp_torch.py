#!/usr/bin/python3
"""The PyTorch side of bench/mlp.py: the same two MLPs as bench/java/MlpBench.java, the same data and
initial weights (raw little-endian float32 files written by mlp.py), the same training loop
(zero_grad, forward, loss, backward, step, and the loss as a Python float every step, as our
Loss.forward returns a double). Prints one `RESULT {json}` line per task, or with --seconds one
`ROUND` line per task run.

    /usr/bin/python3 bench/mlp_torch.py --data DIR [--threads 1] [--tasks moons,mnist] [--repeats 5] ...

It prints first `BLAS {json}`: the BLAS libraries this process has mapped (bench/peer.py).
"""
import argparse
import array
import json
import os
import time

import torch
from torch import nn

import peer  # bench/peer.py: which BLAS this process has mapped

MOONS_LR = 0.1
MNIST_LR = 0.01
MNIST_BATCH = 64


def read(folder, name, *shape):
    values = array.array("f")
    path = os.path.join(folder, name + ".f32")
    n = 1
    for s in shape:
        n *= s
    with open(path, "rb") as f:
        values.fromfile(f, n)
    return torch.tensor(values, dtype=torch.float32).reshape(*shape)


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


class Task:
    def __init__(self, name, model, loss_fn, lr, batches, init):
        self.name = name
        self.model = model
        self.loss_fn = loss_fn
        self.optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        self.batches = batches  # list of (x, y)
        self.init = init

    def reset(self):
        with torch.no_grad():
            for p, v in zip(self.model.parameters(), self.init):
                p.copy_(v)

    def step(self, i):
        x, y = self.batches[i % len(self.batches)]
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()


def linear(weight, bias):
    layer = nn.Linear(weight.shape[1], weight.shape[0])
    with torch.no_grad():
        layer.weight.copy_(weight)
        layer.bias.copy_(bias)
    return layer


def moons(folder):
    x = read(folder, "moons_x", 200, 2)
    y = read(folder, "moons_y", 200, 1)
    init = [read(folder, "moons_w1", 16, 2), read(folder, "moons_b1", 16),
            read(folder, "moons_w2", 16, 16), read(folder, "moons_b2", 16),
            read(folder, "moons_w3", 1, 16), read(folder, "moons_b3", 1)]
    model = nn.Sequential(linear(init[0], init[1]), nn.Tanh(), linear(init[2], init[3]), nn.Tanh(),
                          linear(init[4], init[5]), nn.Sigmoid())
    return Task("moons", model, nn.BCELoss(), MOONS_LR, [(x, y)], init)


def mnist(folder):
    x = read(folder, "mnist_x", 1024, 784)
    labels = read(folder, "mnist_y", 1024).long()
    init = [read(folder, "mnist_w1", 256, 784), read(folder, "mnist_b1", 256),
            read(folder, "mnist_w2", 10, 256), read(folder, "mnist_b2", 10)]
    model = nn.Sequential(linear(init[0], init[1]), nn.ReLU(), linear(init[2], init[3]))
    batches = [(x[b:b + MNIST_BATCH].clone(), labels[b:b + MNIST_BATCH].clone())
               for b in range(0, 1024, MNIST_BATCH)]
    return Task("mnist", model, nn.CrossEntropyLoss(), MNIST_LR, batches, init)


def run(task, steps):
    task.reset()
    loss = 0.0
    for i in range(steps):
        loss = task.step(i)
    return loss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    parser.add_argument("--tasks", default="moons,mnist")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--moons-steps", type=int, default=1000)
    parser.add_argument("--mnist-steps", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("BLAS " + json.dumps(peer.torch_blas_report()), flush=True)
    tasks, steps = [], []
    for name in args.tasks.split(","):
        tasks.append({"moons": moons, "mnist": mnist}[name](args.data))
        steps.append({"moons": args.moons_steps, "mnist": args.mnist_steps}[name])

    if args.seconds > 0:
        t0 = time.perf_counter()
        end = t0 + args.seconds
        round_ = 0
        while time.perf_counter() < end:
            k = round_ % len(tasks)
            loss = run(tasks[k], steps[k])
            print("ROUND %d %s %.1f s loss %.6f rss %.1f MB" % (round_, tasks[k].name, time.perf_counter() - t0,
                                                                loss, rss_mb()), flush=True)
            round_ += 1
        return

    for task, n in zip(tasks, steps):
        for _ in range(args.warmup):
            run(task, n)
        times, cpu_times = [], []
        for _ in range(args.repeats):
            task.reset()
            start, cpu_start = time.perf_counter(), time.process_time()
            first = last = task.step(0)
            for i in range(1, n):
                last = task.step(i)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        print("RESULT " + json.dumps({"side": "torch", "task": task.name, "steps": n,
                                      "times": [round(t, 6) for t in times],
                                      "cpu_times": [round(t, 6) for t in cpu_times], "first_loss": first,
                                      "final_loss": last, "rss_mb": round(rss_mb(), 1),
                                      "threads": torch.get_num_threads(), "version": torch.__version__}),
              flush=True)


if __name__ == "__main__":
    main()
