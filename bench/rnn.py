#!/usr/bin/python3
"""Recurrent-network training benchmark: nnlab (ND4J) against PyTorch on the same three tasks, in one run.

    /usr/bin/python3 bench/rnn.py                 # the three tasks, nnlab (students' JVM flags, C1 only)
                                                  # and PyTorch, ms per training step and the ratio
    /usr/bin/python3 bench/rnn.py --no-peer       # nnlab only (no torch needed), no ratios
    /usr/bin/python3 bench/rnn.py --minutes 10    # memory: train for 10 minutes, RSS every 10 s

Tasks (the same models, data, initial weights and loop on both sides; Adam lr 0.001):
  lstm    LSTM classifier: batch 32, length 50, input 64, hidden 128, the last hidden state -> Linear
          (10 classes) -> cross-entropy
  gru     the same with a GRU (PyTorch's form, GruCell.Formulation.PYTORCH)
  charlm  character LSTM language model: batch 32, length 100, one-hot vocabulary of 65, hidden 256,
          a Linear at every step -> cross-entropy over all steps

This script writes the data and initial weights (Python's `random`, seeded; PyTorch's default
initialisation) as float32 files, then runs bench/java/RnnBench.java (the Java source launcher, with the
JVM options and environment of the installed kernel, as bench/mlp.py does) and bench/rnn_torch.py, one
after the other, with the same number of BLAS/OpenMP threads. See bench/README.md.
"""
import argparse
import glob
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import mlp  # noqa: E402  (the JVM command, running a side with RSS sampling, the load average)

BATCHES = 4  # each task cycles through 4 fixed batches
TITLES = {"lstm": "LSTM classifier", "gru": "GRU classifier", "charlm": "char LSTM LM"}


def write_data(folder, sizes, seed=7):
    """Inputs, labels and initial weights of the three tasks, and sizes.txt for both sides."""
    batch, time_, inp, hidden, classes, lm_time, vocab, lm_hidden = sizes
    rng = random.Random(seed)

    def uniform(fan, n):  # PyTorch's default for LSTM/GRU/Linear: uniform in (-1/sqrt(fan), 1/sqrt(fan))
        bound = 1 / math.sqrt(fan)
        return [rng.uniform(-bound, bound) for _ in range(n)]

    for kind, gates in (("lstm", 4), ("gru", 3)):
        mlp.write(folder, kind + "_x", [rng.gauss(0, 1) for _ in range(BATCHES * batch * time_ * inp)])
        mlp.write(folder, kind + "_y", [rng.randrange(classes) for _ in range(BATCHES * batch)])
        mlp.write(folder, kind + "_w_ih", uniform(hidden, gates * hidden * inp))
        mlp.write(folder, kind + "_w_hh", uniform(hidden, gates * hidden * hidden))
        mlp.write(folder, kind + "_b_ih", uniform(hidden, gates * hidden))
        mlp.write(folder, kind + "_b_hh", uniform(hidden, gates * hidden))
        mlp.write(folder, kind + "_fc_w", uniform(hidden, classes * hidden))
        mlp.write(folder, kind + "_fc_b", uniform(hidden, classes))
    # the "text": random character ids with a little structure (a repeated pattern with noise)
    text = [(i % 17 + (rng.randrange(vocab) if rng.random() < 0.3 else 0)) % vocab
            for i in range(BATCHES * batch * (lm_time + 1))]
    mlp.write(folder, "lm_text", text)
    mlp.write(folder, "lm_w_ih", uniform(lm_hidden, 4 * lm_hidden * vocab))
    mlp.write(folder, "lm_w_hh", uniform(lm_hidden, 4 * lm_hidden * lm_hidden))
    mlp.write(folder, "lm_b_ih", uniform(lm_hidden, 4 * lm_hidden))
    mlp.write(folder, "lm_b_hh", uniform(lm_hidden, 4 * lm_hidden))
    mlp.write(folder, "lm_fc_w", uniform(lm_hidden, vocab * lm_hidden))
    mlp.write(folder, "lm_fc_b", uniform(lm_hidden, vocab))
    Path(folder, "sizes.txt").write_text(" ".join(map(str, sizes)) + "\n")


def java_command(args, jit):
    command = mlp.java_command(args, jit)
    command[-1] = str(ROOT / "bench" / "java" / "RnnBench.java")
    return command


def torch_command(args):
    return [sys.executable, str(ROOT / "bench" / "rnn_torch.py"), "--threads", str(args.threads)]


def side_args(args, data):
    return ["--data", data, "--tasks", args.tasks, "--repeats", str(args.repeats), "--warmup",
            str(args.warmup), "--steps", str(args.steps), "--lm-steps", str(args.lm_steps)]


def report(sides, args):
    """sides: list of (title, {task: result}); PyTorch first when measured."""
    ref = sides[0][1] if args.peer else None
    print()
    head = "%-17s %5s" % ("task", "steps") + "".join(" | %-28s" % t for t, _ in sides)
    sub = "%-17s %5s" % ("", "") + "".join(" | %9s %9s %7s" % ("ms/step", "min", "ratio" if ref and i else "")
                                          for i, _ in enumerate(sides))
    print(head)
    print(sub)
    print("-" * len(sub))
    tasks = args.tasks.split(",")
    for task in tasks:
        line = "%-17s %5d" % (TITLES[task], sides[0][1][task]["steps"])
        for i, (title, results) in enumerate(sides):
            r = results[task]
            med = 1000 * statistics.median(r["times"]) / r["steps"]
            best = 1000 * min(r["times"]) / r["steps"]
            r["ms_per_step"] = med
            ratio = ""
            if ref is not None and i > 0:
                r["ratio"] = med / ref[task]["ms_per_step"]
                ratio = "%.2fx" % r["ratio"]
            line += " | %9.1f %9.1f %7s" % (med, best, ratio)
        print(line)
    if ref is not None:
        line = "%-23s" % "CPU-time ratio (median)"
        for title, results in sides[1:]:
            line += " | " + " ".join("%s %.2fx" % (t, statistics.median(results[t]["cpu_times"])
                                                 / statistics.median(ref[t]["cpu_times"])) for t in tasks)
        print(line)
    print()
    for title, results in sides:
        print("%-28s final loss %s; RSS at end %s MB" % (title, " ".join(
            "%s %.5f" % (t, results[t]["final_loss"]) for t in tasks),
            mlp.fmt(max(results[t]["rss_mb"] for t in tasks), "%.0f")))
    if ref is not None:
        print()
        print("ratio = nnlab ms/step / PyTorch ms/step (below 1: nnlab is faster). Target: at most 1.0x.")
        for title, results in sides[1:]:
            for task in tasks:
                ratio = results[task]["ratio"]
                print("  %s %s %-8s %.2fx" % ("PASS" if ratio <= 1.0 else "MISS", title, task, ratio))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="lstm,gru,charlm", help="comma-separated: lstm, gru, charlm")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per task and side (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per task first (default 1)")
    parser.add_argument("--steps", type=int, default=10, help="training steps per run, lstm and gru (default 10)")
    parser.add_argument("--lm-steps", type=int, default=5, help="training steps per run, charlm (default 5)")
    parser.add_argument("--sizes", default="32,50,64,128,10,100,65,256",
                        help="batch,length,input,hidden,classes,lm length,vocab,lm hidden (default the issue's)")
    parser.add_argument("--threads", type=int, default=mlp.install_kernel.default_threads(),
                        help="BLAS/OpenMP threads on both sides (default: what the kernel gets)")
    parser.add_argument("--jit", choices=["quick", "full"], default="quick",
                        help="nnlab JIT: quick = C1 only as students get it (default), full = tiered")
    parser.add_argument("--no-peer", dest="peer", action="store_false", help="nnlab only: no PyTorch, no ratios")
    parser.add_argument("--minutes", type=float, default=0,
                        help="memory run: train nnlab for N minutes (the tasks in turn), RSS every --sample s")
    parser.add_argument("--with-peer", action="store_true", help="with --minutes: also run PyTorch so")
    parser.add_argument("--sample", type=float, default=10, help="with --minutes: seconds between RSS samples")
    parser.add_argument("--classpath", default=str(ROOT / "kernel" / "target" / "dist" / "lib" / "*"),
                        help="the library and its dependencies (default: the kernel build's jars)")
    parser.add_argument("--java", help="the java executable (default: JAVA_HOME, then PATH)")
    parser.add_argument("--json", help="also write all results to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if len(sizes) != 8:
        sys.exit("rnn.py: --sizes needs 8 numbers: batch,length,input,hidden,classes,lm length,vocab,lm hidden")
    if not glob.glob(args.classpath) or not glob.glob(str(Path(args.classpath).parent / "nnlab-lib*.jar")):
        sys.exit("rnn.py: no library jars at %s: build first (./nnlab setup, or ./mvnw -q package -DskipTests)"
                 % args.classpath)
    env = dict(os.environ, **mlp.install_kernel.kernel_env(args.threads))
    if (args.peer and not args.minutes) or args.with_peer:
        check = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit("rnn.py: %s cannot import torch (Debian: apt-get install python3-torch, and run this "
                     "script with /usr/bin/python3); --no-peer measures nnlab alone" % sys.executable)
    print("RNN benchmark: %d BLAS/OpenMP thread(s) on both sides, %d cores, load average %s"
          % (args.threads, os.cpu_count() or 0, mlp.loadavg()))
    data = tempfile.mkdtemp(prefix="nnlab-rnn-bench-")
    try:
        write_data(data, sizes)
        if args.minutes:
            return endurance(args, env, data)
        sides = []
        title = "nnlab C1 (students)" if args.jit == "quick" else "nnlab tiered (--jit full)"
        runs = ([("PyTorch", torch_command(args))] if args.peer else []) + [(title, java_command(args, args.jit))]
        for label, command in runs:
            print("  running %s ... (load %s)" % (label, mlp.loadavg()), flush=True)
            results, _, samples = mlp.run_side(label, command + side_args(args, data), env)
            byname = {r["task"]: r for r in results}
            if label == "PyTorch" and results:
                label = "PyTorch %s" % results[0].get("version", "")
            sides.append((label, byname))
        report(sides, args)
        print("\nload average after: %s" % mlp.loadavg())
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            Path(args.json).write_text(json.dumps({"threads": args.threads, "sizes": sizes,
                                                   "sides": dict(sides)}, indent=1))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


def endurance(args, env, data):
    seconds = args.minutes * 60
    runs = [("nnlab C1 (students)" if args.jit == "quick" else "nnlab tiered", java_command(args, args.jit))]
    if args.with_peer:
        runs.append(("PyTorch", torch_command(args)))
    summary = {}
    for title, command in runs:
        print("\n%s: training %s in turn for %.1f minutes, RSS every %.0f s" % (title, args.tasks, args.minutes,
                                                                              args.sample), flush=True)

        def show(t, mb):
            print("  %6.0f s  RSS %7.1f MB  (load %s)" % (t, mb, mlp.loadavg()), flush=True)

        _, rounds, samples = mlp.run_side(title, command + side_args(args, data) + ["--seconds", str(seconds)], env,
                                          sample_every=args.sample, on_sample=show, timeout=seconds + 300)
        if not samples:
            sys.exit("rnn.py: no RSS sample taken (run shorter than --sample?)")
        mbs = [mb for _, mb in samples]
        half = mbs[len(mbs) // 2]
        print("%s: %d task runs; RSS first %.1f MB, last %.1f MB, max %.1f MB; growth %+.1f MB (first to last), "
              "%+.1f MB over the second half" % (title, len(rounds), mbs[0], mbs[-1], max(mbs), mbs[-1] - mbs[0],
                                                 mbs[-1] - half))
        summary[title] = {"samples": samples, "rounds": len(rounds), "first_mb": mbs[0], "last_mb": mbs[-1],
                          "max_mb": max(mbs), "growth_mb": mbs[-1] - mbs[0], "second_half_growth_mb": mbs[-1] - half}
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
