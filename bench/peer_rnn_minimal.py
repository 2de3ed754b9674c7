#!/usr/bin/python3
"""One task of bench/rnn.py in plain PyTorch, without the benchmark harness: no data files, no initial
weights from outside, no result lines; just the usual training loop with a stopwatch around it. rnn.py
runs it in the same environment and with the same threads as its PyTorch side, and warns when the two
times per step differ by more than 15 % (then the harness, not PyTorch, would be what we measure).

    /usr/bin/python3 bench/peer_rnn_minimal.py lstm|gru|charlm [--threads 1] [--steps 10] [--repeats 3]
                                               [--sizes 32,50,64,128,10,100,65,256]

Prints `TASK ms/step MEDIAN min BEST`: the median and the best of the repeats, after one untimed run.
"""
import argparse
import statistics
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("task", choices=["lstm", "gru", "charlm"])
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--steps", type=int, default=10)
parser.add_argument("--repeats", type=int, default=3)
parser.add_argument("--sizes", default="32,50,64,128,10,100,65,256",
                    help="batch,length,input,hidden,classes,lm length,vocab,lm hidden (as rnn.py)")
args = parser.parse_args()
batch, length, inputs, hidden, classes, lm_length, vocab, lm_hidden = map(int, args.sizes.split(","))
torch.set_num_threads(args.threads)
torch.manual_seed(0)

if args.task == "charlm":  # one-hot characters -> LSTM -> a Linear at every step
    rnn, fc = nn.LSTM(vocab, lm_hidden, batch_first=True), nn.Linear(lm_hidden, vocab)
    x = nn.functional.one_hot(torch.randint(vocab, (batch, lm_length)), vocab).float()
    y = torch.randint(vocab, (batch, lm_length))

    def compute_loss():
        out, _ = rnn(x)
        return nn.functional.cross_entropy(fc(out).reshape(-1, vocab), y.reshape(-1))
else:  # LSTM or GRU -> the last hidden state -> Linear
    rnn = (nn.LSTM if args.task == "lstm" else nn.GRU)(inputs, hidden, batch_first=True)
    fc = nn.Linear(hidden, classes)
    x, y = torch.randn(batch, length, inputs), torch.randint(classes, (batch,))

    def compute_loss():
        out, _ = rnn(x)
        return nn.functional.cross_entropy(fc(out[:, -1]), y)

optimizer = torch.optim.Adam(list(rnn.parameters()) + list(fc.parameters()), lr=1e-3)


def train(steps):
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()


train(args.steps)  # untimed
times = []
for _ in range(args.repeats):
    start = time.perf_counter()
    train(args.steps)
    times.append(time.perf_counter() - start)
print("%s ms/step %.3f min %.3f" % (args.task, 1000 * statistics.median(times) / args.steps,
                                   1000 * min(times) / args.steps))
