#!/usr/bin/python3
"""Recurrent-network training benchmark: nnlab (ND4J) against PyTorch on the same three tasks, in one run.

    /usr/bin/python3 bench/rnn.py                 # the three tasks, nnlab (students' JVM flags: tiered JIT)
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
JVM options and environment of the installed kernel, as bench/mlp.py does) and bench/rnn_torch.py (in
your own environment, as PyTorch's users run it), one after the other, with the same number of
BLAS/OpenMP threads: one table per count of --threads (default 1,2). It also runs
bench/peer_rnn_minimal.py, a plain PyTorch loop, to check that the harness does not slow PyTorch down,
prints no ratio when PyTorch runs on the reference BLAS, and gives the char LM's GFLOP/s on both sides
against each BLAS's one-thread SGEMM rate. See bench/README.md and bench/peer.py.
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
import peer  # noqa: E402  (each side's environment, the BLAS check, the standalone check)

BATCHES = 4  # each task cycles through 4 fixed batches
TITLES = {"lstm": "LSTM classifier", "gru": "GRU classifier", "charlm": "char LSTM LM"}
GFLOPS_GOAL = 0.5  # the char LM should reach at least half of the one-thread SGEMM rate per thread


def charlm_step_flops(batch, time_, vocab, hidden):
    """Floating-point operations of the matrix products in one training step of the char LSTM LM.

    With B = batch, T = length, V = vocabulary (one-hot input and output classes), H = hidden and the
    four gates G = 4H, a product of an [m, k] and a [k, n] matrix counting 2 m k n (a multiply and an add):

      forward   input projection   X [BT, V] . W_ih^T [V, G]             2 BT V G
                recurrence         h_{t-1} [B, H] . W_hh^T [H, G], T x   2 BT H G
                output Linear      H [BT, H] . W^T [H, V]                2 BT H V
      backward  output Linear      dW = dY^T . H, dH = dY . W            2 x 2 BT V H
                recurrence         dh_{t-1} = dA_t . W_hh, T x;
                                   dW_hh = dA^T . [h_0 .. h_{T-1}]       2 x 2 BT G H
                input projection   dW_ih = dA^T . X                      2 BT G V

      total = 2 BT (2 G V + 3 G H + 3 H V) = 2 BT (11 H V + 12 H^2)

    Counted: these products only, at every step (the first too, although its h_0 is zero). Not counted:
    dL/dx (the one-hot input needs no gradient: not useful work, whether a library computes it or not),
    the gates' element-wise work, softmax and loss, the bias sums and Adam: O(BT H) or O(parameters)
    against the O(BT H^2) above. So the rate is useful work per second, a lower bound of what runs.
    """
    gates = 4 * hidden
    return 2 * batch * time_ * (2 * gates * vocab + 3 * gates * hidden + 3 * hidden * vocab)


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


def sgemm_rates(args):
    """One-thread SGEMM GFLOP/s of each side's BLAS at --gemm-size: ND4J's Nd4j.gemm in RnnBench.java (the
    students' kernel settings), torch.mm in rnn_torch.py (PyTorch's environment); {side: GEMM json}."""
    saved, args.threads = args.threads, 1
    runs = [("nnlab", java_command(args, args.jit), peer.nnlab_env(1))]
    if args.peer:
        runs.insert(0, ("PyTorch", torch_command(args), peer.peer_env(1)))
    rates = {}
    for side, command, env in runs:
        print("  SGEMM %dx%dx%d, 1 thread, %s ..." % ((args.gemm_size,) * 3 + (side,)), flush=True)
        _, _, _, lines = mlp.run_side(side + " SGEMM", command + ["--gemm", str(args.gemm_size)], env)
        rates[side] = peer.parse_report(lines, "GEMM")
    args.threads = saved
    return rates


def standalone(task, args, sizes, env):
    """(median, min) ms/step of bench/peer_rnn_minimal.py for one task, in the PyTorch side's environment."""
    steps = args.lm_steps if task == "charlm" else args.steps
    command = [sys.executable, str(ROOT / "bench" / "peer_rnn_minimal.py"), task, "--threads", str(args.threads),
               "--steps", str(steps), "--repeats", str(max(1, args.repeats)), "--sizes", ",".join(map(str, sizes))]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("peer_rnn_minimal.py failed (exit %d):\n%s" % (result.returncode,
                                                              (result.stdout + result.stderr)[-3000:]))
    return peer.parse_ms_per_step(result.stdout)


def side_args(args, data):
    return ["--data", data, "--tasks", args.tasks, "--repeats", str(args.repeats), "--warmup",
            str(args.warmup), "--steps", str(args.steps), "--lm-steps", str(args.lm_steps)]


def report(sides, args, refused=None):
    """sides: list of (title, {task: result}); PyTorch first when measured. refused: why no ratio may be
    printed (PyTorch on the reference BLAS), or None."""
    ref = sides[0][1] if args.peer and refused is None else None
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
    if refused:
        print()
        print(refused)
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
    parser.add_argument("--threads", default="1,2",
                        help="BLAS/OpenMP thread counts, one table each, the same on both sides (default 1,2; "
                             "--minutes uses the first)")
    parser.add_argument("--gemm-size", type=int, default=1024,
                        help="N of the N x N x N SGEMM whose one-thread rate the char LM's GFLOP/s is compared "
                             "with (default 1024)")
    parser.add_argument("--jit", choices=["quick", "full"], default="full",
                        help="nnlab JIT: full = tiered C1+C2 as students get it (default), quick = C1 only")
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
    try:
        counts = peer.parse_threads(args.threads)
    except ValueError as e:
        parser.error(str(e))
    if (args.peer and not args.minutes) or args.with_peer:
        check = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit("rnn.py: %s cannot import torch (Debian: apt-get install python3-torch, and run this "
                     "script with /usr/bin/python3); --no-peer measures nnlab alone" % sys.executable)
    data = tempfile.mkdtemp(prefix="nnlab-rnn-bench-")
    try:
        write_data(data, sizes)
        if args.minutes:
            args.threads = counts[0]
            return endurance(args, data)
        print("RNN benchmark: threads %s, %d cores, load average %s" % (",".join(map(str, counts)),
                                                                      os.cpu_count() or 0, mlp.loadavg()))
        gemm = sgemm_rates(args) if "charlm" in args.tasks.split(",") else {}
        runs = [measure(args, data, sizes, n, gemm) for n in counts]
        print("\nload average after: %s" % mlp.loadavg())
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            # "threads" and "sides": the first count's, as before; "runs": every count
            Path(args.json).write_text(json.dumps({"threads": runs[0]["threads"], "sizes": sizes,
                                                   "sides": runs[0]["sides"], "sgemm_1_thread": gemm,
                                                   "runs": runs}, indent=1))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


def measure(args, data, sizes, threads, gemm):
    """One table: PyTorch (harness and standalone) and nnlab at this thread count."""
    args.threads = threads
    print("\nRNN benchmark: %d BLAS/OpenMP thread(s) on both sides, %d cores, load average %s"
          % (threads, os.cpu_count() or 0, mlp.loadavg()))
    print("\n".join(peer.describe_envs(threads)))
    sides, blas, refused, alone = [], {}, None, {}
    title = "nnlab tiered (students)" if args.jit == "full" else "nnlab C1 (--jit quick)"
    runs = ([("PyTorch", torch_command(args), peer.peer_env(threads))] if args.peer else []) \
        + [(title, java_command(args, args.jit), peer.nnlab_env(threads))]
    for label, command, env in runs:
        print("  running %s ... (load %s)" % (label, mlp.loadavg()), flush=True)
        results, _, _, lines = mlp.run_side(label, command + side_args(args, data), env)
        byname = {r["task"]: r for r in results}
        if label == "PyTorch":
            blas["PyTorch"] = peer.parse_report(lines)
            refused = peer.refusal(blas["PyTorch"])
            label = "PyTorch %s" % results[0].get("version", "")
            print("  running PyTorch standalone (bench/peer_rnn_minimal.py) ...", flush=True)
            for task in args.tasks.split(","):
                alone[task] = standalone(task, args, sizes, env)
        else:
            blas["nnlab"] = peer.parse_report(lines)
        sides.append((label, byname))
    for side, report_ in blas.items():
        print(peer.blas_line(side, report_))
    report(sides, args, refused)
    if alone:
        print("\nPyTorch in the harness against a plain loop (bench/peer_rnn_minimal.py), same environment:")
        for task, ms in alone.items():
            r = sides[0][1][task]
            print(peer.standalone_line(task, (r["ms_per_step"], 1000 * min(r["times"]) / r["steps"]), ms))
    rates = gflops_lines(sides, sizes, threads, gemm) if gemm else {}
    return {"threads": threads, "sides": dict(sides), "blas": blas, "ratio_refused": refused,
            "standalone_ms_per_step": {t: {"median": m, "min": b} for t, (m, b) in alone.items()},
            "charlm_gflops": rates}


def gflops_lines(sides, sizes, threads, gemm):
    """Prints the char LM's GFLOP/s of each side and its share of threads x the 1-thread SGEMM rate."""
    batch, _, _, _, _, lm_time, vocab, lm_hidden = sizes
    flops = charlm_step_flops(batch, lm_time, vocab, lm_hidden)
    n = gemm_n(gemm)
    print("\nchar LSTM LM: %.4g GFLOP per step (the matrix products, formula in bench/rnn.py), against the "
          "SGEMM rate (%dx%dx%d, 1 thread) of the same BLAS x %d thread(s); goal at least %.0f %%:"
          % (flops / 1e9, n, n, n, threads, 100 * GFLOPS_GOAL))
    rates = {}
    for title, results in sides:
        side = "PyTorch" if title.startswith("PyTorch") else "nnlab"
        rate = flops / (results["charlm"]["ms_per_step"] / 1000) / 1e9
        peak = gemm.get(side, {}).get("gflops")
        share = rate / (threads * peak) if peak else None
        rates[side] = {"gflops": rate, "sgemm_1_thread_gflops": peak, "share": share}
        print("  %-28s %7.2f GFLOP/s = %s of %d x %.1f GFLOP/s  %s" % (
            title, rate, "%3.0f %%" % (100 * share) if share is not None else "-", threads, peak or float("nan"),
            "" if share is None else "PASS" if share >= GFLOPS_GOAL else "MISS"))
    return rates


def gemm_n(gemm):
    return next(iter(gemm.values())).get("n", 0)


def endurance(args, data):
    seconds = args.minutes * 60
    print("RNN memory run: %d BLAS/OpenMP thread(s), load average %s" % (args.threads, mlp.loadavg()))
    runs = [("nnlab tiered (students)" if args.jit == "full" else "nnlab C1 (--jit quick)", java_command(args, args.jit),
             peer.nnlab_env(args.threads))]
    if args.with_peer:
        runs.append(("PyTorch", torch_command(args), peer.peer_env(args.threads)))
    summary = {}
    for title, command, env in runs:
        print("\n%s: training %s in turn for %.1f minutes, RSS every %.0f s" % (title, args.tasks, args.minutes,
                                                                              args.sample), flush=True)

        def show(t, mb):
            print("  %6.0f s  RSS %7.1f MB  (load %s)" % (t, mb, mlp.loadavg()), flush=True)

        _, rounds, samples, _ = mlp.run_side(title, command + side_args(args, data) + ["--seconds", str(seconds)], env,
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
