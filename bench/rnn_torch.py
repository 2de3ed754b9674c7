#!/usr/bin/python3
"""The PyTorch side of bench/rnn.py: the same three recurrent networks as bench/java/RnnBench.java, the
same data and initial weights (raw little-endian float32 files and sizes.txt written by rnn.py), the
same training loop (zero_grad, forward, loss, backward, Adam step, and the loss as a Python float every
step). Prints one `RESULT {json}` line per task, or with --seconds one `ROUND` line per task run.

    /usr/bin/python3 bench/rnn_torch.py --data DIR [--threads 1] [--tasks lstm,gru,charlm] [--repeats 5] ...
    /usr/bin/python3 bench/rnn_torch.py --gemm 1024 --threads 1    # the SGEMM rate of torch's BLAS

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

LR = 1e-3
BATCHES = 4


def read(folder, name, *shape):
    values = array.array("f")
    n = 1
    for s in shape:
        n *= s
    with open(os.path.join(folder, name + ".f32"), "rb") as f:
        values.fromfile(f, n)
    return torch.tensor(values, dtype=torch.float32).reshape(*shape)


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


class Classifier(nn.Module):
    """LSTM or GRU over [batch, time, input] (batch_first), the last hidden state, a Linear."""

    def __init__(self, rnn, fc):
        super().__init__()
        self.rnn, self.fc = rnn, fc

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


class CharLm(nn.Module):
    """LSTM over one-hot characters, a Linear at every step: scores [batch, time, vocab]."""

    def __init__(self, rnn, fc):
        super().__init__()
        self.rnn, self.fc = rnn, fc

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)


class Task:
    def __init__(self, name, model, loss_fn, batches, init):
        self.name, self.model, self.loss_fn, self.batches, self.init = name, model, loss_fn, batches, init
        self.optimizer = None

    def reset(self):
        with torch.no_grad():
            for p, v in zip(self.model.parameters(), self.init):
                p.copy_(v)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=LR)

    def step(self, i):
        x, y = self.batches[i % len(self.batches)]
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()


def classifier(folder, kind, batch, time_, inp, hidden, classes):
    gates = 4 if kind == "lstm" else 3
    x = read(folder, kind + "_x", BATCHES * batch, time_, inp)
    y = read(folder, kind + "_y", BATCHES * batch).long()
    init = [read(folder, kind + "_w_ih", gates * hidden, inp), read(folder, kind + "_w_hh", gates * hidden, hidden),
            read(folder, kind + "_b_ih", gates * hidden), read(folder, kind + "_b_hh", gates * hidden),
            read(folder, kind + "_fc_w", classes, hidden), read(folder, kind + "_fc_b", classes)]
    rnn = (nn.LSTM if kind == "lstm" else nn.GRU)(inp, hidden, batch_first=True)
    model = Classifier(rnn, nn.Linear(hidden, classes))
    batches = [(x[b * batch:(b + 1) * batch].clone(), y[b * batch:(b + 1) * batch].clone()) for b in range(BATCHES)]
    return Task(kind, model, nn.CrossEntropyLoss(), batches, init)


def char_lm(folder, batch, time_, vocab, hidden):
    text = read(folder, "lm_text", BATCHES * batch * (time_ + 1)).long().reshape(BATCHES, batch, time_ + 1)
    init = [read(folder, "lm_w_ih", 4 * hidden, vocab), read(folder, "lm_w_hh", 4 * hidden, hidden),
            read(folder, "lm_b_ih", 4 * hidden), read(folder, "lm_b_hh", 4 * hidden),
            read(folder, "lm_fc_w", vocab, hidden), read(folder, "lm_fc_b", vocab)]
    model = CharLm(nn.LSTM(vocab, hidden, batch_first=True), nn.Linear(hidden, vocab))
    batches = [(nn.functional.one_hot(text[b, :, :-1], vocab).float(), text[b, :, 1:].clone()) for b in range(BATCHES)]

    def loss_fn(scores, labels):
        return nn.functional.cross_entropy(scores.reshape(-1, vocab), labels.reshape(-1))

    return Task("charlm", model, loss_fn, batches, init)


def run(task, steps):
    task.reset()
    loss = 0.0
    for i in range(steps):
        loss = task.step(i)
    return loss


def gemm(n):
    """C = A B on preallocated float n x n matrices (BLAS sgemm): one untimed call, then the best of five."""
    torch.manual_seed(1)
    a, b, c = torch.rand(n, n), torch.rand(n, n), torch.empty(n, n)
    torch.mm(a, b, out=c)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        torch.mm(a, b, out=c)
        best = min(best, time.perf_counter() - start)
    print("GEMM " + json.dumps({"n": n, "seconds": round(best, 6), "gflops": round(2.0 * n ** 3 / best / 1e9, 3)}),
          flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data")
    parser.add_argument("--gemm", type=int, default=0, help="only time torch.mm on N x N float matrices")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1")))
    parser.add_argument("--tasks", default="lstm,gru,charlm")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--lm-steps", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print("BLAS " + json.dumps(peer.torch_blas_report()), flush=True)
    if args.gemm:
        return gemm(args.gemm)
    with open(os.path.join(args.data, "sizes.txt")) as f:
        batch, time_, inp, hidden, classes, lm_time, vocab, lm_hidden = map(int, f.read().split())
    tasks, steps = [], []
    for name in args.tasks.split(","):
        if name == "charlm":
            tasks.append(char_lm(args.data, batch, lm_time, vocab, lm_hidden))
            steps.append(args.lm_steps)
        else:
            tasks.append(classifier(args.data, name, batch, time_, inp, hidden, classes))
            steps.append(args.steps)

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
