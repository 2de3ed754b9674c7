#!/usr/bin/python3
"""Kernel start benchmark: the nnlab Java kernel (ND4J) against Debian's Python kernel (torch).

Run with Debian's Python, which has jupyter_client and psutil:

    /usr/bin/python3 bench/kernel_start.py [--runs N] [--json FILE] [--strict]

For each kernel, one run is: start the kernel process (KernelManager.start_kernel), wait for the first
kernel_info reply with IOPub confirmed (what KernelClient.wait_for_ready waits for), execute one cell
that creates a small tensor, wait for its execute_result, then read the RSS of the kernel process and
all its child processes. Every run starts a fresh kernel and shuts it down. The two kernels are run one
after the other (never at the same time) and alternately, after one untimed warm-up start of each.

See bench/README.md for what the figures mean and how to read the output.
"""

import argparse
import contextlib
import datetime
import io
import json
import os
import platform
import queue
import signal
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import psutil
    import jupyter_client
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import KernelManager
except ImportError as e:  # pragma: no cover - depends on the interpreter
    sys.exit(
        "kernel_start.py: %s\nRun it with Debian's Python, which has jupyter_client and psutil "
        "(apt-get install python3-jupyter-client python3-psutil):\n"
        "    /usr/bin/python3 bench/kernel_start.py" % e
    )

MIB = 1024.0 * 1024.0

# A run during which other processes used more than this share of all CPUs is flagged as disturbed.
NOISE_LIMIT = 0.10

DEFAULT_PYTHON_CODE = "import torch; torch.rand(3, 3)"
DEFAULT_NNLAB_CODE = "Nd4j.rand(3, 3)"

# (key, label, unit, format) of every figure measured per run, in table order.
FIGURES = [
    ("ready_s", "kernel ready", "s", "%.3f"),
    ("first_result_s", "first tensor result", "s", "%.3f"),
    ("execute_s", "execute latency", "s", "%.3f"),
    ("rss_mb", "RSS after result", "MB", "%.1f"),
    ("rss_settled_mb", "RSS after settle", "MB", "%.1f"),
    ("standby_rss_mb", "idle standby RSS", "MB", "%.1f"),  # --standby: the standby before it was adopted
]
PROVISIONER = "nnlab-standby"  # tools/nnlab_provisioner.py


class BenchError(Exception):
    """A run could not be completed (kernel missing, died, timed out, or the cell failed)."""


class Side:
    """One kernel to measure: its role ('python' or 'nnlab'), kernelspec name and cell code."""

    def __init__(self, role, title, kernel_name, code):
        self.role = role
        self.title = title
        self.kernel_name = kernel_name
        self.code = code
        self.argv = None
        self.resource_dir = None
        self.ksm = None
        self.runs = []
        self.discarded = []  # attempts repeated because other work disturbed them

    def resolve(self):
        """Look the kernelspec up (JUPYTER_PATH is honoured by jupyter_client) before any timing."""
        ksm = KernelSpecManager()
        # Looking up "python3" makes jupyter_client import ipykernel here, whose debugger prints a
        # warning about frozen modules on import: keep it out of the report.
        noise = io.StringIO()
        try:
            with contextlib.redirect_stderr(noise):
                spec = ksm.get_kernel_spec(self.kernel_name)
        except NoSuchKernel:
            with contextlib.redirect_stderr(noise):
                known = sorted(ksm.find_kernel_specs())
            raise BenchError(
                "no kernelspec named %r (found: %s). Install it, or point JUPYTER_PATH at the folder "
                "holding kernels/%s/kernel.json, or choose another with --%s-kernel."
                % (self.kernel_name, ", ".join(known) or "none", self.kernel_name, self.role)
            )
        self.ksm = ksm
        self.argv = list(spec.argv)
        self.resource_dir = spec.resource_dir
        named = spec.metadata.get("kernel_provisioner", {}).get("provisioner_name")
        if self.role == "nnlab" and STANDBY and named != PROVISIONER:
            raise BenchError(
                "--standby needs a kernelspec that names the %r provisioner (kernel.json metadata."
                "kernel_provisioner); %s has %s. Install the kernel with --user, or with --prefix on this "
                "Python's sys.path (tools/install_kernel.py says where it put the provisioner)."
                % (PROVISIONER, spec.resource_dir, named or "none"))

    def summary(self):
        out = {}
        for key, _, _, _ in FIGURES:
            values = [r[key] for r in self.runs if r.get(key) is not None]
            if values:
                out[key] = {
                    "median": statistics.median(values),
                    "min": min(values),
                    "max": max(values),
                    "n": len(values),
                }
        return out


def now():
    return time.perf_counter()


# Variables that change how fast a kernel computes or how it holds memory: the nnlab kernel's kernel.json
# sets some (threads, malloc); the Python kernel must run without them, in its own default environment.
SETTING_PREFIXES = ("MALLOC_", "OMP_", "OPENBLAS_", "MKL_", "GOMP_", "KMP_")


def settings_of(environ):
    return {k: v for k, v in sorted(environ.items()) if k.startswith(SETTING_PREFIXES)}


def kernel_settings(procs):
    """SETTING_PREFIXES variables in the environment of the kernel process (the root of its tree)."""
    try:
        return settings_of(procs[0].environ()) if procs else None
    except (psutil.Error, OSError):
        return None


def expected_settings(side):
    """What jupyter_client gives the kernel: this script's environment plus the kernelspec's env."""
    spec = side.ksm.get_kernel_spec(side.kernel_name)
    return settings_of(dict(os.environ, **(spec.env or {})))


def process_tree(pid):
    """The kernel process and all its descendants (a launcher script may start the real kernel)."""
    try:
        root = psutil.Process(pid)
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def tree_rss_mb(procs):
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / MIB


def system_busy_s():
    """CPU seconds all CPUs spent busy since boot (steal counts: another guest took the CPU)."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0) + getattr(t, "softirq", 0) \
        + getattr(t, "steal", 0)


def own_cpu_s():
    t = psutil.Process().cpu_times()
    return t.user + t.system


def tree_cpu_s(procs):
    """CPU seconds used by the kernel's processes (all started within the run), with reaped children."""
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def wait_ready(km, kc, deadline):
    """Wait until the kernel answers kernel_info and IOPub is live; return the reply's arrival time.

    Same protocol as KernelClient.wait_for_ready: send kernel_info (again every second while there is
    no answer), and before using the kernel make sure an IOPub message arrives, proving the IOPub
    subscription is live (otherwise the execute_result could be lost). wait_for_ready itself sleeps
    fixed 0.2 s steps and, when the kernel's first IOPub messages are published before the
    subscription is through (ZeroMQ's "slow joiner"; about half the starts of ipykernel here), waits
    a whole extra second; those waits belong to the client, not the kernel, and would hide the
    difference between kernels. Here the kernel_info request is repeated every 50 ms until IOPub
    answers. The time returned is when the first kernel_info_reply arrived ("kernel ready"); the
    IOPub handshake after it (normally a few ms) is part of the time to the first result.
    """
    reply_at = None
    iopub_seen = False
    next_send = now()
    while True:
        t = now()
        if t >= deadline:
            raise BenchError("no kernel_info reply within the timeout" if reply_at is None
                             else "kernel_info answered but no IOPub message arrived within the timeout")
        if t >= next_send:
            kc.kernel_info()
            next_send = t + (1.0 if reply_at is None else 0.05)
        wait = max(0.0, min(0.05, next_send - now(), deadline - now()))
        if reply_at is None:
            try:
                msg = kc.get_shell_msg(timeout=wait)
                if msg["msg_type"] == "kernel_info_reply" and msg["content"].get("status") != "error":
                    reply_at = now()
                    if not iopub_seen:
                        next_send = reply_at  # ask again at once, until IOPub answers
            except queue.Empty:
                pass
        try:
            while True:  # any IOPub message proves the subscription is live
                kc.get_iopub_msg(timeout=0 if (reply_at is None or iopub_seen) else wait)
                iopub_seen = True
        except queue.Empty:
            pass
        if reply_at is not None and iopub_seen:
            return reply_at
        if not km.is_alive():
            raise BenchError("kernel died before it was ready")


def execute_until_result(km, kc, code, deadline):
    """Execute code; return (arrival time of its execute_result, its mime types, msg_id)."""
    msg_id = kc.execute(code)
    streams = []
    while True:
        remaining = deadline - now()
        if remaining <= 0:
            raise BenchError("no execute_result within the timeout" + stream_tail(streams))
        try:
            msg = kc.get_iopub_msg(timeout=min(0.5, remaining))
        except queue.Empty:
            if not km.is_alive():
                raise BenchError("kernel died while executing the cell" + stream_tail(streams))
            continue
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "execute_result":
            return now(), sorted(content.get("data", {})), msg_id
        if kind == "error":
            raise BenchError(
                "the cell failed: %s: %s" % (content.get("ename"), content.get("evalue"))
                + stream_tail(streams)
            )
        if kind == "stream":
            streams.append(content.get("text", ""))
        if kind == "status" and content.get("execution_state") == "idle":
            raise BenchError(
                "the cell finished without an execute_result (does its last line yield a value?)"
                + stream_tail(streams)
            )


def stream_tail(streams):
    text = "".join(streams).strip()
    if not text:
        return ""
    return "\n  cell output (last lines):\n    " + "\n    ".join(text.splitlines()[-10:])


def wait_execute_reply(kc, msg_id, deadline):
    while now() < deadline:
        try:
            msg = kc.get_shell_msg(timeout=max(0.0, min(0.5, deadline - now())))
        except queue.Empty:
            continue
        if msg.get("parent_header", {}).get("msg_id") == msg_id:
            return msg["content"].get("status")
    return None


COLD = False  # --cold: drop the OS file cache before every start (a first start after boot)
STANDBY = False  # --standby: nnlab launches adopt the provisioner's standby kernel (warm starts)


def drop_file_cache():
    """Empties Linux's page cache, so the kernel reads its files from disk as after a reboot (root only)."""
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError as e:
        raise BenchError("--cold needs root on Linux to drop the file cache (%s)" % e)


def standby_ready(timeout):
    """--standby: waits until the server's standby kernel (tools/nnlab_provisioner.py, loaded by jupyter_client
    in this process) has said it is ready, so that no run shares the CPUs with its start; returns it, or None
    before the first launch. Not timed: a standby starts between a student's launches."""
    provisioner = sys.modules.get("nnlab_provisioner")
    if provisioner is None:
        return None
    deadline = now() + timeout
    while now() < deadline:
        standby = provisioner.Standby.current
        if standby is None and provisioner.Standby.timer is None:
            return None
        if standby is not None and standby.ready.wait(0.1):
            return standby
        time.sleep(0.05)
    raise BenchError("the standby kernel was not ready within %g s" % timeout)


def one_run(side, timeout, settle, stock_wait=False, timed=True):
    """Start a fresh kernel, run the cell, measure, and always shut the kernel down."""
    if COLD:
        drop_file_cache()
    standby = standby_ready(timeout) if STANDBY else None
    idle_rss = tree_rss_mb(process_tree(standby.process.pid)) if standby else None
    km = KernelManager(kernel_name=side.kernel_name, kernel_spec_manager=side.ksm)
    # A kernel that ignores the shutdown request is killed after this many seconds.
    km.shutdown_wait_time = min(10.0, timeout)
    kc = None
    procs = []
    result = {}
    # The kernel's own stdout/stderr (e.g. ipykernel's debugger warnings) go to a file, shown on failure.
    log = tempfile.TemporaryFile(mode="w+b")
    try:
        sys0, me0 = system_busy_s(), own_cpu_s()
        t0 = now()
        try:
            if side.role == "nnlab" and STANDBY:
                # no redirection: a launch with its own stdout/stderr cannot adopt the standby
                km.start_kernel()
            elif side.role == "nnlab":
                km.start_kernel(stdout=log, stderr=log, env=dict(os.environ, NNLAB_STANDBY="0"))
            else:
                km.start_kernel(stdout=log, stderr=log)
        except OSError as e:
            raise BenchError("could not start the kernel process: %s" % e)
        t_started = now()
        warm = getattr(km.provisioner, "warm", False)
        if side.role == "nnlab" and timed and warm != STANDBY:
            raise BenchError("a %s start was measured as %s: %s" % (
                "warm" if STANDBY else "cold", "warm" if warm else "cold",
                "no standby kernel was ready (the launch did not match it?)" if STANDBY
                else "a standby kernel was adopted although NNLAB_STANDBY=0"))
        kc = km.client()
        kc.start_channels()
        if stock_wait:
            try:
                kc.wait_for_ready(timeout=timeout)
            except RuntimeError as e:
                raise BenchError(str(e))
            t_ready = now()
        else:
            t_ready = wait_ready(km, kc, t_started + timeout)
        t_exec = now()
        t_result, mimetypes, msg_id = execute_until_result(km, kc, side.code, t_exec + timeout)
        procs = process_tree(km.provisioner.pid)
        rss = tree_rss_mb(procs)
        settings = kernel_settings(procs)
        # CPU that neither this script nor the kernel used while we measured: other work on the machine.
        others = (system_busy_s() - sys0) - (own_cpu_s() - me0) - tree_cpu_s(procs)
        result = {
            "spawn_s": t_started - t0,
            "ready_s": t_ready - t0,
            "first_result_s": t_result - t0,
            "execute_s": t_result - t_exec,
            "rss_mb": rss,
            "processes": len(procs),
            "mimetypes": mimetypes,
            "others_cpu": max(0.0, others) / ((t_result - t0) * (psutil.cpu_count() or 1)),
            "env": settings,
            "start": "warm" if warm else "cold",
        }
        if warm and idle_rss is not None:
            result["standby_rss_mb"] = idle_rss  # the adopted kernel, idle before the launch

        status = wait_execute_reply(kc, msg_id, now() + timeout)
        if status != "ok":
            raise BenchError("execute_reply status %r (expected 'ok')" % status)
        if settle > 0:
            time.sleep(settle)
            procs = process_tree(km.provisioner.pid) or procs
            result["rss_settled_mb"] = tree_rss_mb(procs)
        return result
    except BenchError as e:
        log.flush()
        log.seek(0)
        text = log.read().decode("utf-8", "replace").strip()
        if text:
            e.args = (str(e) + "\n  kernel output (last lines):\n    "
                      + "\n    ".join(text.splitlines()[-15:]),)
        raise
    finally:
        if kc is not None:
            try:
                kc.stop_channels()
            except Exception:
                pass
        if km.has_kernel:
            if not procs:
                procs = process_tree(km.provisioner.pid)
            try:
                km.shutdown_kernel(now=False)
            except Exception:
                try:
                    km.shutdown_kernel(now=True)
                except Exception:
                    pass
        # Children of a launcher script may outlive it; they are ours, so end them too.
        for p in procs:
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    p.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(procs, timeout=5)
        log.close()


def fmt_run(side, i, n, r):
    line = "  %-6s run %s/%d: ready %.3f s, first result %.3f s (execute %.3f s), RSS %.1f MB" % (
        side.role, i, n, r["ready_s"], r["first_result_s"], r["execute_s"], r["rss_mb"])
    if side.role == "nnlab":
        line += ", %s start" % r["start"]
    if r.get("standby_rss_mb") is not None:
        line += " (the standby used %.1f MB idle)" % r["standby_rss_mb"]
    if r.get("rss_settled_mb") is not None:
        line += " (%.1f MB after settle)" % r["rss_settled_mb"]
    if r.get("processes", 1) > 1:
        line += ", %d processes" % r["processes"]
    if r.get("others_cpu", 0) > NOISE_LIMIT:
        line += "  [disturbed: other work used %.0f %% of the CPUs]" % (100 * r["others_cpu"])
    return line


def print_table(sides, ratios, settle):
    cols = [s for s in sides]
    head1 = "%-24s" % "figure"
    head2 = "%-24s" % ""
    for s in cols:
        head1 += " | %-19s" % s.title
        head2 += " | %9s %9s" % ("median", "min")
    if len(cols) == 2:
        head1 += " | %s" % "nnlab/python"
        head2 += " | %s" % "(medians)"
    print(head1)
    print(head2)
    print("-" * len(head1.rstrip()) + ("-" * 4 if len(cols) == 2 else ""))
    for key, label, unit, f in FIGURES:
        if key == "rss_settled_mb":
            if settle <= 0:
                continue
            label = "RSS %g s later" % settle
        row = "%-24s" % ("%s [%s]" % (label, unit))
        for s in cols:
            summ = s.summary().get(key)
            if summ:
                row += " | %9s %9s" % (f % summ["median"], f % summ["min"])
            else:
                row += " | %9s %9s" % ("-", "-")
        if len(cols) == 2:
            r = ratios.get(key)
            row += " | %s" % ("%.2fx" % r if r is not None else "-")
        print(row)


def print_settings(sides):
    """Each kernel's thread and malloc variables, read from its process; the Python kernel must have its
    own default environment (this shell's, plus its kernelspec's env), none of the nnlab kernel's."""
    print("Kernel environments (%s* variables of the kernel process):" % "*, ".join(SETTING_PREFIXES))
    for s in sides:
        seen = next((r["env"] for r in s.runs if r.get("env") is not None), None)
        shown = " ".join("%s=%s" % kv for kv in seen.items()) if seen else "(none)" if seen == {} else "(unreadable)"
        print("  %-6s %s" % (s.role, shown))
        if s.role == "python" and seen is not None and seen != expected_settings(s):
            print("  warning: the Python kernel does not run in its default environment (expected: %s)"
                  % (" ".join("%s=%s" % kv for kv in expected_settings(s).items()) or "none"))


def check_targets(nnlab, python, args):
    """Return a list of target dicts: name, verdict (PASS/MISS/n/a), text."""
    targets = []
    n_sum = nnlab.summary() if nnlab else {}
    p_sum = python.summary() if python else {}

    # Target 1: first tensor result of nnlab at most 0.5x python+torch (medians).
    name = "first tensor result <= %gx python+torch" % args.max_ratio
    ref = p_sum.get("first_result_s", {}).get("median")
    ref_from = "measured"
    if ref is None and args.python_reference is not None:
        ref, ref_from = args.python_reference, "given by --python-reference"
    val = n_sum.get("first_result_s", {}).get("median")
    if val is None or ref is None:
        targets.append({"target": name, "verdict": "n/a",
                        "text": "needs both kernels measured (or --python-reference SECONDS)"})
    else:
        limit = args.max_ratio * ref
        margin = limit - val
        verdict = "PASS" if val <= limit else "MISS"
        targets.append({
            "target": name, "verdict": verdict, "value": val, "limit": limit, "reference": ref,
            "margin": margin,
            "text": "nnlab %.3f s, limit %.3f s (%gx %.3f s %s): %s by %.3f s (%.0f %% of the limit)" % (
                val, limit, args.max_ratio, ref, ref_from,
                "under" if margin >= 0 else "over", abs(margin), 100.0 * abs(margin) / limit),
        })

    # Target 2: nnlab RSS right after the first result at most 200 MB (median).
    name = "RSS after first result <= %g MB" % args.max_rss
    val = n_sum.get("rss_mb", {}).get("median")
    if val is None:
        targets.append({"target": name, "verdict": "n/a", "text": "the nnlab side was not measured"})
    else:
        margin = args.max_rss - val
        verdict = "PASS" if val <= args.max_rss else "MISS"
        text = ("nnlab %.1f MB (max of runs %.1f MB), limit %g MB: %s by %.1f MB (%.0f %% of the limit)"
                % (val, n_sum["rss_mb"]["max"], args.max_rss, "under" if margin >= 0 else "over",
                   abs(margin), 100.0 * abs(margin) / args.max_rss))
        settled = n_sum.get("rss_settled_mb", {}).get("median")
        if settled is not None and settled > args.max_rss >= val:
            text += "; note: %.1f MB after the settle pause" % settled
        targets.append({"target": name, "verdict": verdict, "value": val, "limit": args.max_rss,
                        "margin": margin, "text": text})
    return targets


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Kernel start benchmark: nnlab (Java, ND4J) against Debian's ipykernel with torch. "
                    "Run with /usr/bin/python3.")
    ap.add_argument("-n", "--runs", type=int, default=5, metavar="N",
                    help="timed runs per kernel (default 5); median and min are reported")
    ap.add_argument("--warmup", type=int, default=1, metavar="K",
                    help="untimed warm-up starts per kernel before the timed runs (default 1)")
    ap.add_argument("--nnlab-kernel", default="nnlab", metavar="NAME",
                    help="kernelspec name of the nnlab kernel (default nnlab)")
    ap.add_argument("--python-kernel", default="python3", metavar="NAME",
                    help="kernelspec name of the Python kernel (default python3)")
    ap.add_argument("--nnlab-code", default=DEFAULT_NNLAB_CODE, metavar="CODE",
                    help="cell run in the nnlab kernel (default %r)" % DEFAULT_NNLAB_CODE)
    ap.add_argument("--python-code", default=DEFAULT_PYTHON_CODE, metavar="CODE",
                    help="cell run in the Python kernel (default %r)" % DEFAULT_PYTHON_CODE)
    ap.add_argument("--skip-nnlab", action="store_true", help="measure the Python kernel only")
    ap.add_argument("--skip-python", action="store_true", help="measure the nnlab kernel only")
    ap.add_argument("--timeout", type=float, default=120.0, metavar="S",
                    help="time limit of each step (start to ready, execute, reply) in seconds "
                         "(default 120)")
    ap.add_argument("--settle", type=float, default=1.0, metavar="S",
                    help="pause after the cell before a second RSS reading (default 1; 0 turns it off)")
    ap.add_argument("--retries", type=int, default=1, metavar="K",
                    help="repeat a run disturbed by other work on the machine up to K times "
                         "(default 1); the least disturbed attempt counts")
    ap.add_argument("--retry-budget", type=float, default=90.0, metavar="S",
                    help="no more repeats once the benchmark has run S seconds (default 90)")
    ap.add_argument("--stock-wait-for-ready", action="store_true",
                    help="use jupyter_client's KernelClient.wait_for_ready as is (adds its fixed waits "
                         "of 0.4 s, sometimes 1.4 s, to both kernels) instead of the exact handshake")
    ap.add_argument("--max-ratio", type=float, default=0.5, metavar="R",
                    help="target: nnlab first result at most R x python's (default 0.5)")
    ap.add_argument("--max-rss", type=float, default=200.0, metavar="MB",
                    help="target: nnlab RSS after the first result at most MB (default 200)")
    ap.add_argument("--python-reference", type=float, default=None, metavar="S",
                    help="python+torch first-result time to compare with when --skip-python is given")
    ap.add_argument("--cold", action="store_true",
                    help="drop the OS file cache before every start (root; implies --warmup 0): a first start "
                         "after boot, when every library is read from disk")
    ap.add_argument("--standby", action="store_true",
                    help="measure nnlab's warm start: each launch adopts the standby kernel that the "
                         "provisioner (tools/nnlab_provisioner.py) started after the previous one, once it is "
                         "ready; without it every nnlab start is cold (NNLAB_STANDBY=0)")
    ap.add_argument("--json", metavar="FILE", help="also write all figures to FILE as JSON")
    ap.add_argument("--strict", action="store_true",
                    help="exit 1 when a target is missed (by default the exit code ignores the targets)")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    if args.cold:
        args.warmup = 0
    if args.warmup < 0 or args.retries < 0:
        ap.error("--warmup and --retries must not be negative")
    if args.skip_nnlab and args.skip_python:
        ap.error("--skip-nnlab and --skip-python together leave nothing to measure")
    return args


def _terminate(signum, frame):
    raise KeyboardInterrupt  # unwinds through one_run's finally, which shuts the kernel down


def main(argv=None):
    global COLD, STANDBY
    args = parse_args(sys.argv[1:] if argv is None else argv)
    COLD = args.cold
    STANDBY = args.standby
    signal.signal(signal.SIGTERM, _terminate)
    started = time.time()

    sides = []
    if not args.skip_python:
        sides.append(Side("python", "python3+torch", args.python_kernel, args.python_code))
    if not args.skip_nnlab:
        sides.append(Side("nnlab", "nnlab+ND4J " + ("warm" if args.standby else "cold"), args.nnlab_kernel,
                          args.nnlab_code))
    python = next((s for s in sides if s.role == "python"), None)
    nnlab = next((s for s in sides if s.role == "nnlab"), None)

    try:
        for s in sides:
            s.resolve()
    except BenchError as e:
        print("kernel_start.py: %s" % e, file=sys.stderr)
        return 2

    load = os.getloadavg()
    busy = psutil.cpu_percent(interval=0.5)  # CPU in use right now (we sleep), in % of all CPUs
    print("Kernel start benchmark: %d timed run(s) per kernel after %d warm-up start(s); "
          "median and min" % (args.runs, args.warmup))
    print("machine: %s, %d CPUs, %.0f %% CPU busy before the start; Python %s, jupyter_client %s"
          % (platform.machine(), psutil.cpu_count() or 0, busy,
             platform.python_version(), jupyter_client.__version__))
    if busy > 25:
        print("warning: the machine is busy (%.0f %% CPU in use by others); timings will be slower "
              "and noisier" % busy)
    if os.environ.get("JUPYTER_PATH"):
        print("JUPYTER_PATH=%s" % os.environ["JUPYTER_PATH"])
    print("load average %.2f %.2f %.2f" % load)
    if nnlab:
        print("nnlab starts: %s" % (
            "WARM: each launch adopts a standby kernel started after the previous launch and ready "
            "(tools/nnlab_provisioner.py); a cold start would fail the run" if args.standby else
            "cold: a new JVM per launch (NNLAB_STANDBY=0); --standby measures warm starts"))
    for s in sides:
        print("%-6s kernel %r: %s" % (s.role, s.kernel_name, " ".join(s.argv)))
        print("       spec %s; cell: %s" % (s.resource_dir, s.code))
    print()
    sys.stdout.flush()

    # Warm-up, then timed runs, alternating the kernels so that drift hits both alike.
    schedule = [None] * args.warmup + list(range(1, args.runs + 1))
    try:
        for i in schedule:
            for s in sides:
                if i is None:
                    r = one_run(s, args.timeout, 0.0, args.stock_wait_for_ready, timed=False)
                    print("  %-6s warm-up: first result %.3f s%s" % (
                        s.role, r["first_result_s"], ", %s start" % r["start"] if s.role == "nnlab" else ""))
                    sys.stdout.flush()
                    continue
                # A run disturbed by other work is repeated (--retries, while the time budget lasts);
                # the least disturbed attempt counts.
                attempts = []
                while True:
                    r = one_run(s, args.timeout, args.settle, args.stock_wait_for_ready)
                    r["run"] = i
                    attempts.append(r)
                    if (r["others_cpu"] <= NOISE_LIMIT or len(attempts) > args.retries
                            or time.time() - started > args.retry_budget):
                        break
                    print(fmt_run(s, i, args.runs, r) + ", repeating")
                    sys.stdout.flush()
                best = min(attempts, key=lambda a: a["others_cpu"])
                best["attempts"] = len(attempts)
                s.runs.append(best)
                s.discarded.extend(a for a in attempts if a is not best)
                line = fmt_run(s, i, args.runs, r)
                if best is not r:
                    line += ", counting the less disturbed attempt (%.3f s)" % best["first_result_s"]
                print(line)
                sys.stdout.flush()
    except BenchError as e:
        print("\nkernel_start.py: %s kernel %r: %s" % (s.role, s.kernel_name, e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130

    ratios = {}
    if python and nnlab:
        ps, ns = python.summary(), nnlab.summary()
        for key, _, _, _ in FIGURES:
            if key in ps and key in ns and ps[key]["median"] > 0:
                ratios[key] = ns[key]["median"] / ps[key]["median"]

    print()
    print_table(sides, ratios, args.settle)
    print()
    print_settings(sides)
    print()
    targets = check_targets(nnlab, python, args)
    print("Targets (medians):")
    for t in targets:
        print("  %-4s %s: %s" % (t["verdict"], t["target"], t["text"]))
    disturbed = sum(1 for side in sides for r in side.runs if r.get("others_cpu", 0) > NOISE_LIMIT)
    if disturbed:
        print("\nwarning: %d run(s) shared the CPUs with other work (marked above); medians resist a "
              "few, but for clean figures run again on an idle machine." % disturbed)
    elapsed = time.time() - started
    print("\n(benchmark took %.0f s)" % elapsed)

    if args.json:
        doc = {
            "benchmark": "kernel_start",
            "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": {
                "platform": platform.platform(),
                "cpus": psutil.cpu_count(),
                "memory_mb": psutil.virtual_memory().total / MIB,
                "loadavg": list(load),
                "cpu_busy_percent_before": busy,
            },
            "python": platform.python_version(),
            "jupyter_client": jupyter_client.__version__,
            "settings": {
                "runs": args.runs, "warmup": args.warmup, "timeout_s": args.timeout,
                "settle_s": args.settle, "retries": args.retries, "retry_budget_s": args.retry_budget,
                "noise_limit": NOISE_LIMIT, "max_ratio": args.max_ratio, "max_rss_mb": args.max_rss,
                "mb": "MiB (2^20 bytes)",
                "stock_wait_for_ready": args.stock_wait_for_ready,
                "jupyter_path": os.environ.get("JUPYTER_PATH"),
                "nnlab_start": "warm (standby adopted)" if args.standby else "cold",
            },
            "kernels": {
                s.role: {
                    "kernel_name": s.kernel_name,
                    "argv": s.argv,
                    "resource_dir": s.resource_dir,
                    "code": s.code,
                    "runs": s.runs,
                    "discarded_attempts": s.discarded,
                    "summary": s.summary(),
                }
                for s in sides
            },
            "ratios_nnlab_over_python": ratios,
            "targets": targets,
            "elapsed_s": elapsed,
        }
        folder = os.path.dirname(os.path.abspath(args.json))
        os.makedirs(folder, exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print("figures written to %s" % args.json)

    if args.strict and any(t["verdict"] == "MISS" for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
