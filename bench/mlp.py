#!/usr/bin/python3
"""MLP training benchmark: nnlab (ND4J) against PyTorch on the same two tasks, in one run.

    /usr/bin/python3 bench/mlp.py                 # both tasks, nnlab with the students' JVM flags
                                                  # (tiered JIT) and C1 only (--jit quick), and PyTorch
    /usr/bin/python3 bench/mlp.py --no-peer       # nnlab only (no torch needed), no ratios
    /usr/bin/python3 bench/mlp.py --minutes 10    # memory: train for 10 minutes, RSS every 10 s

Tasks (the same models, data, initial weights and loop on both sides):
  moons  2-16-16-1 MLP (tanh, sigmoid output, binary cross-entropy), 200 moons points, full batch,
         SGD lr 0.1, 1000 steps
  mnist  784-256-10 MLP (ReLU, softmax cross-entropy), 1024 fixed random examples in 16 batches of 64,
         SGD lr 0.01, 200 steps

This script writes the data and initial weights (Python's `random`, seeded) as float32 files, then
runs bench/java/MlpBench.java (the Java source launcher, with the JVM options and environment of the
installed kernel from tools/install_kernel.py) and bench/mlp_torch.py (in your own environment, as
PyTorch's users run it), one after the other, with the same number of BLAS/OpenMP threads: one table per
count of --threads (default 1,2). It also runs bench/peer_mlp_minimal.py, a plain PyTorch loop, to check
that the harness does not slow PyTorch down, and prints no ratio when PyTorch runs on the reference BLAS.
See bench/README.md and bench/peer.py.
"""
import argparse
import array
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import install_kernel  # noqa: E402  (the JVM options students get)
sys.path.insert(0, str(ROOT / "bench"))
import peer  # noqa: E402  (each side's environment, the BLAS check, the standalone check)

TASKS = {
    "moons": ("moons 2-16-16-1", "full batch 200"),
    "mnist": ("mnist 784-256-10", "batch 64"),
}
MIB = 1024.0 * 1024.0


# ---------------------------------------------------------------- data and initial weights

def write(folder, name, values):
    a = array.array("f", values)
    if sys.byteorder != "little":
        a.byteswap()
    with open(os.path.join(folder, name + ".f32"), "wb") as f:
        a.tofile(f)


def uniform_init(rng, fan_in, n):
    """PyTorch's default for nn.Linear: uniform in (-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    bound = 1 / math.sqrt(fan_in)
    return [rng.uniform(-bound, bound) for _ in range(n)]


def write_data(folder, seed=7):
    rng = random.Random(seed)
    # moons: two interleaving half circles, noise 0.1 (the formula of org.nnlab.data.Synthetic.moons)
    xs, ys = [], []
    for i in range(200):
        label = i % 2
        t = math.pi * rng.random()
        px, py = (math.cos(t), math.sin(t)) if label == 0 else (1 - math.cos(t), 0.5 - math.sin(t))
        xs += [px + 0.1 * rng.gauss(0, 1), py + 0.1 * rng.gauss(0, 1)]
        ys.append(label)
    write(folder, "moons_x", xs)
    write(folder, "moons_y", ys)
    for name, (fan_out, fan_in) in {"1": (16, 2), "2": (16, 16), "3": (1, 16)}.items():
        write(folder, "moons_w" + name, uniform_init(rng, fan_in, fan_out * fan_in))
        write(folder, "moons_b" + name, uniform_init(rng, fan_in, fan_out))
    # "mnist": random pixels in [0, 1) and random labels 0..9 (fixed by the seed)
    write(folder, "mnist_x", [rng.random() for _ in range(1024 * 784)])
    write(folder, "mnist_y", [rng.randrange(10) for _ in range(1024)])
    for name, (fan_out, fan_in) in {"1": (256, 784), "2": (10, 256)}.items():
        write(folder, "mnist_w" + name, uniform_init(rng, fan_in, fan_out * fan_in))
        write(folder, "mnist_b" + name, uniform_init(rng, fan_in, fan_out))


# ---------------------------------------------------------------- the two sides

def java_command(args, jit):
    """java + the kernel's JVM options (tools/install_kernel.py) + our class path + MlpBench.java."""
    java = install_kernel.java_executable(args.java)
    feature = install_kernel.java_feature_version(java)
    options = install_kernel.jvm_options(Path(tempfile.gettempdir()) / "nnlab-no-kernel", args.threads,
                                         feature, jit)
    kept, skip = [], False
    for o in options:
        if skip:
            skip = False
        elif o == "-cp":
            skip = True  # the kernel's own jars; we use the library's class path below
        elif o.startswith(("-Dnnlab.course.classpath=", "-Dorg.bytedeco.javacpp.cachedir=")):
            pass  # no kernelspec folder here: JavaCPP unpacks into ~/.javacpp as in any Java program
        else:
            kept.append(o)
    return [java] + kept + ["-cp", args.classpath, str(ROOT / "bench" / "java" / "MlpBench.java")]


def torch_command(args):
    return [sys.executable, str(ROOT / "bench" / "mlp_torch.py"), "--threads", str(args.threads)]


def side_args(args, data):
    return ["--data", data, "--tasks", args.tasks, "--repeats", str(args.repeats), "--warmup",
            str(args.warmup), "--moons-steps", str(args.moons_steps), "--mnist-steps", str(args.mnist_steps)]


def rss_of(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return None


def run_side(label, command, env, sample_every=0.5, on_sample=None, timeout=None):
    """Runs one side, samples its RSS; returns (RESULT dicts, ROUND lines, RSS samples [(s, MB)], all lines)."""
    start = time.monotonic()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples = []
    done = threading.Event()

    def sample():
        while not done.wait(sample_every):
            mb = rss_of(proc.pid)
            if mb is not None:
                samples.append((time.monotonic() - start, mb))
                if on_sample:
                    on_sample(*samples[-1])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:  # a very busy machine: keep what was measured
        proc.kill()
        out, err = proc.communicate()
        print("mlp.py: the %s side did not finish in %.0f s and was stopped" % (label, timeout), flush=True)
        proc.returncode = 0
    except KeyboardInterrupt:
        proc.kill()
        proc.communicate()
        raise
    finally:
        done.set()
        sampler.join()
    if proc.returncode != 0:
        sys.exit("mlp.py: the %s side failed (exit %d):\n%s\n%s" % (label, proc.returncode, out[-3000:],
                                                                    err[-3000:]))
    results = [json.loads(line[len("RESULT "):]) for line in out.splitlines() if line.startswith("RESULT ")]
    rounds = [line for line in out.splitlines() if line.startswith("ROUND ")]
    return results, rounds, samples, out.splitlines()


def standalone(script, task, args, steps, env):
    """(median, min) ms/step of bench/peer_*_minimal.py for one task, in the PyTorch side's environment."""
    command = [sys.executable, str(ROOT / "bench" / script), task, "--threads", str(args.threads), "--steps",
               str(steps), "--repeats", str(max(1, args.repeats))]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("%s failed (exit %d):\n%s" % (script, result.returncode, (result.stdout + result.stderr)[-3000:]))
    return peer.parse_ms_per_step(result.stdout)


# ---------------------------------------------------------------- report

def fmt(x, spec="%.3f"):
    return spec % x if x is not None and math.isfinite(x) else "-"


def report(sides, args, refused=None):
    """sides: list of (column title, {task: result}); the first is the reference (PyTorch) if present.
    refused: why no ratio may be printed (PyTorch on the reference BLAS), or None."""
    ref = sides[0][1] if args.peer and refused is None else None
    print()
    head1 = "%-18s %6s" % ("task", "steps")
    head2 = "%-18s %6s" % ("", "")
    for title, _ in sides:
        head1 += " | %-26s" % title
        head2 += " | %8s %8s %8s" % ("median s", "min s", "ratio" if ref is not None else "ms/step")
    print(head1)
    print(head2)
    print("-" * len(head2))
    for task in args.tasks.split(","):
        line = "%-18s %6d" % (TASKS[task][0], getattr(args, task + "_steps"))
        for title, results in sides:
            r = results[task]
            med, best = statistics.median(r["times"]), min(r["times"])
            r["median_s"] = med
            if ref is not None:
                third = med / statistics.median(ref[task]["times"])
                r["ratio"] = third
            else:
                third = 1000 * med / r["steps"]
            line += " | %8.3f %8.3f %8s" % (med, best, ("%.2fx" % third) if ref is not None else "%.3f" % third)
        print(line)
    if ref is not None:  # the same ratio from CPU time: less sensitive to other work on the machine
        line = "%-25s" % "CPU-time ratio (median)"
        for title, results in sides:
            line += " | %-26s" % " ".join("%s %.2fx" % (t, statistics.median(results[t]["cpu_times"])
                                                       / statistics.median(ref[t]["cpu_times"]))
                                          for t in args.tasks.split(","))
        print(line)
    print()
    print("%-25s" % "final loss" + "".join(" | %-26s" % " ".join(
        "%s %.5f" % (t, results[t]["final_loss"]) for t in args.tasks.split(",")) for _, results in sides))
    print("%-25s" % "RSS at end [MB]" + "".join(" | %-26s" % fmt(max(results[t]["rss_mb"] for t in args.tasks.split(",")), "%.0f")
                                             for _, results in sides))
    print("%-25s" % "peak RSS sampled [MB]" + "".join(" | %-26s" % fmt(results.get("_peak"), "%.0f")
                                                   for _, results in sides))
    if refused:
        print()
        print(refused)
    if ref is not None:
        print()
        print("ratio = nnlab median / PyTorch median (below 1: nnlab is faster). Target: at most 1.0x.")
        for title, results in sides[1:]:
            for task in args.tasks.split(","):
                ratio = results[task]["ratio"]
                print("  %s %s %-16s %.2fx" % ("PASS" if ratio <= 1.0 else "MISS", title, task, ratio))


def loadavg():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", default="moons,mnist", help="comma-separated: moons, mnist (default both)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per task and side (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs per task first (default 1)")
    parser.add_argument("--moons-steps", type=int, default=1000)
    parser.add_argument("--mnist-steps", type=int, default=200)
    parser.add_argument("--threads", default="1,2",
                        help="BLAS/OpenMP thread counts, one table each, the same on both sides (default 1,2; "
                             "--minutes uses the first)")
    parser.add_argument("--jit", choices=["quick", "full", "both"], default="both",
                        help="nnlab JIT: full = tiered as students get it, quick = C1 only (default both)")
    parser.add_argument("--no-peer", dest="peer", action="store_false",
                        help="nnlab only: no PyTorch needed, no ratios")
    parser.add_argument("--minutes", type=float, default=0,
                        help="memory run: train nnlab for N minutes and report RSS growth")
    parser.add_argument("--with-peer", action="store_true", help="with --minutes: also run PyTorch for N minutes")
    parser.add_argument("--sample", type=float, default=10, help="with --minutes: seconds between RSS samples")
    parser.add_argument("--classpath", default=str(ROOT / "kernel" / "target" / "dist" / "lib" / "*"),
                        help="the library and its dependencies (default: the kernel build's jars)")
    parser.add_argument("--java", help="the java executable (default: JAVA_HOME, then PATH)")
    parser.add_argument("--json", help="also write all results to this file")
    args = parser.parse_args()
    if args.minutes and args.jit == "both":
        args.jit = "quick"
    if not glob.glob(args.classpath) or not glob.glob(str(Path(args.classpath).parent / "nnlab-lib*.jar")):
        sys.exit("mlp.py: no library jars at %s: build first (./nnlab setup, or ./mvnw -q package -DskipTests)"
                 % args.classpath)
    try:
        counts = peer.parse_threads(args.threads)
    except ValueError as e:
        parser.error(str(e))
    if (args.peer and not args.minutes) or args.with_peer:
        check = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True, text=True)
        if check.returncode != 0:
            sys.exit("mlp.py: %s cannot import torch (Debian: apt-get install python3-torch, and run this "
                     "script with /usr/bin/python3); --no-peer measures nnlab alone" % sys.executable)
    data = tempfile.mkdtemp(prefix="nnlab-mlp-bench-")
    try:
        write_data(data)
        if args.minutes:
            args.threads = counts[0]
            return endurance(args, data)
        runs = [measure(args, data, n) for n in counts]
        print("\nload average after: %s" % loadavg())
        if args.json:
            Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            # "threads" and "sides": the first count's, as before; "runs": every count
            Path(args.json).write_text(json.dumps({"threads": runs[0]["threads"], "sides": runs[0]["sides"],
                                                   "runs": runs}, indent=1))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return 0


def measure(args, data, threads):
    """One table: PyTorch (harness and standalone) and nnlab at this thread count."""
    args.threads = threads
    print("\nMLP benchmark: %d BLAS/OpenMP thread(s) on both sides, %d cores, load average %s"
          % (threads, os.cpu_count() or 0, loadavg()))
    print("\n".join(peer.describe_envs(threads)))
    sides, blas, refused, alone = [], {}, None, {}
    if args.peer:
        env = peer.peer_env(threads)
        print("  running PyTorch ...", flush=True)
        results, _, samples, lines = run_side("PyTorch", torch_command(args) + side_args(args, data), env)
        blas["PyTorch"] = peer.parse_report(lines)
        refused = peer.refusal(blas["PyTorch"])
        byname = {r["task"]: r for r in results}
        byname["_peak"] = max((mb for _, mb in samples), default=None)
        sides.append(("PyTorch %s" % results[0].get("version", ""), byname))
        print("  running PyTorch standalone (bench/peer_mlp_minimal.py) ...", flush=True)
        for task in args.tasks.split(","):
            alone[task] = standalone("peer_mlp_minimal.py", task, args, getattr(args, task + "_steps"), env)
    env = peer.nnlab_env(threads)
    for jit in (["quick", "full"] if args.jit == "both" else [args.jit]):
        title = "nnlab tiered (students)" if jit == "full" else "nnlab C1 (--jit quick)"
        print("  running %s ... (load %s)" % (title, loadavg()), flush=True)
        results, _, samples, lines = run_side(title, java_command(args, jit) + side_args(args, data), env)
        blas.setdefault("nnlab", peer.parse_report(lines))
        byname = {r["task"]: r for r in results}
        byname["_peak"] = max((mb for _, mb in samples), default=None)
        sides.append((title, byname))
    for side, report_ in blas.items():
        print(peer.blas_line(side, report_))
    report(sides, args, refused)
    if alone:
        print("\nPyTorch in the harness against a plain loop (bench/peer_mlp_minimal.py), same environment:")
        for task, ms in alone.items():
            r = sides[0][1][task]
            harness = (1000 * statistics.median(r["times"]) / r["steps"], 1000 * min(r["times"]) / r["steps"])
            print(peer.standalone_line(task, harness, ms))
    return {"threads": threads, "sides": dict(sides), "blas": blas, "ratio_refused": refused,
            "standalone_ms_per_step": {t: {"median": m, "min": b} for t, (m, b) in alone.items()}}


def endurance(args, data):
    seconds = args.minutes * 60
    print("MLP memory run: %d BLAS/OpenMP thread(s), load average %s" % (args.threads, loadavg()))
    runs = [("nnlab tiered (students)" if args.jit == "full" else "nnlab C1 (--jit quick)", java_command(args, args.jit),
             peer.nnlab_env(args.threads))]
    if args.with_peer:
        runs.append(("PyTorch", torch_command(args), peer.peer_env(args.threads)))
    summary = {}
    for title, command, env in runs:
        print("\n%s: training moons and mnist in turn for %.1f minutes, RSS every %.0f s" % (title, args.minutes,
                                                                                        args.sample), flush=True)

        def show(t, mb):
            print("  %6.0f s  RSS %7.1f MB  (load %s)" % (t, mb, loadavg()), flush=True)

        _, rounds, samples, _ = run_side(title, command + side_args(args, data) + ["--seconds", str(seconds)], env,
                                      sample_every=args.sample, on_sample=show, timeout=seconds + 300)
        if not samples:
            sys.exit("mlp.py: no RSS sample taken (run shorter than --sample?)")
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
