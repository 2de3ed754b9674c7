"""What bench/mlp.py and bench/rnn.py share about the two sides' settings: the environment each side
runs in, the thread list, which BLAS the PyTorch peer has loaded, and the sanity check against the
standalone scripts (bench/peer_*_minimal.py). No torch import here: the tests run without it.

The honest setup (see bench/README.md):
  - nnlab runs as the students' kernel runs: the caller's environment plus kernel_env(threads) of
    tools/install_kernel.py (whatever it returns today), and the kernel's JVM options.
  - PyTorch runs as its users run it: the caller's environment as given, plus only the thread count
    (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS = N; the scripts call torch.set_num_threads(N)).
    None of the kernel's malloc settings: MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_ at 128 KB
    made PyTorch's LSTM about 5x slower.
"""
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
INSTALL_HINT = "apt-get install libopenblas0-pthread"
STANDALONE_TOLERANCE = 0.15  # warn when the harness and the standalone script differ by more than this


# ---------------------------------------------------------------- environments

def thread_vars(threads):
    return {name: str(threads) for name in THREAD_VARS}


def peer_env(threads, environ=None):
    """PyTorch's environment: the caller's as given, with only the thread count set."""
    env = dict(os.environ if environ is None else environ)
    env.update(thread_vars(threads))
    return env


def kernel_env(threads):
    """What the installed kernel's kernel.json sets (tools/install_kernel.py; imported here only, so
    that the PyTorch processes, which import this module too, stay free of jupyter_client)."""
    if str(ROOT / "tools") not in sys.path:
        sys.path.insert(0, str(ROOT / "tools"))
    import install_kernel
    return install_kernel.kernel_env(threads)


def nnlab_env(threads, environ=None):
    """nnlab's environment: the caller's plus what the installed kernel's kernel.json sets."""
    env = dict(os.environ if environ is None else environ)
    env.update(kernel_env(threads))
    return env


def describe_envs(threads, environ=None):
    """Two lines saying what each side gets on top of the caller's environment."""
    environ = os.environ if environ is None else environ
    kernel = kernel_env(threads)
    extra = " ".join("%s=%s" % kv for kv in sorted(kernel.items()) if kv[0] not in THREAD_VARS)
    lines = ["  environment: both sides get your environment and %s=%d; nnlab also the kernel's %s"
             % ("/".join(THREAD_VARS), threads, extra or "(nothing else)")]
    own = " ".join("%s=%s" % (k, environ[k]) for k in sorted(environ)
                   if k.startswith(("MALLOC_", "OPENBLAS_", "GOMP_", "KMP_")) and k not in THREAD_VARS)
    if own:
        lines.append("  from your environment (both sides): %s" % own)
    return lines


def parse_threads(text):
    """'1,2' -> [1, 2]: the thread counts to measure, in order, each once."""
    counts = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError("thread counts are positive whole numbers, e.g. 1,2 (got %r)" % text)
        if int(part) not in counts:
            counts.append(int(part))
    if not counts:
        raise ValueError("no thread count given (e.g. --threads 1,2)")
    return counts


# ---------------------------------------------------------------- which BLAS

_BLAS_NAME = re.compile(r"^lib(open)?blas|^libmkl_|^libblis|^libflexiblas|^libsatlas|^libtatlas|^libcblas")


def blas_libraries(maps_text):
    """The BLAS shared objects mapped by a process, from the text of its /proc/<pid>/maps."""
    found = []
    for line in maps_text.splitlines():
        fields = line.split(None, 5)
        if len(fields) < 6:
            continue
        path = fields[5].strip()
        if path.endswith(" (deleted)"):
            path = path[:-len(" (deleted)")]
        if path.startswith("/") and ".so" in path and _BLAS_NAME.search(os.path.basename(path)):
            if path not in found:
                found.append(path)
    return found


def _kind(path):
    name, folder = os.path.basename(path), os.path.basename(os.path.dirname(path))
    if name.startswith("libopenblas") or folder.startswith("openblas"):
        return "openblas"
    if name.startswith("libmkl_"):
        return "mkl"
    if name.startswith("libblis") or folder.startswith("blis"):
        return "blis"
    if folder.startswith("atlas") or name.startswith(("libsatlas", "libtatlas")):
        return "atlas"
    if folder == "blas" and name.startswith("libblas"):
        return "reference"  # Debian's libblas3 (netlib): no blocking, no SIMD kernels
    return "unknown"


OPTIMISED = ("openblas", "mkl", "blis", "atlas")


def classify_blas(libraries, blas_info=None):
    """(kind, library) of a process's BLAS: openblas, mkl, blis, atlas, reference or unknown.

    A reference BLAS mapped next to an optimised one still counts as reference: which of them answers
    sgemm then depends on the load order, so no claim is safe. No BLAS mapped at all with BLAS_INFO=mkl
    (PyTorch's pip wheels link MKL statically) is MKL."""
    kinds = [(_kind(p), p) for p in libraries]
    for kind, path in kinds:
        if kind == "reference":
            return kind, path
    for kind, path in kinds:
        if kind in OPTIMISED:
            return kind, path
    if not libraries and blas_info and "mkl" in blas_info.lower():
        return "mkl", "linked into libtorch (BLAS_INFO=%s)" % blas_info
    return "unknown", libraries[0] if libraries else "no BLAS library mapped"


def ratio_allowed(kind):
    return kind in OPTIMISED


def blas_line(side, report):
    """One line for the table header: the side's BLAS, and OPENBLAS_CORETYPE when set."""
    kind, library = classify_blas(report.get("libraries", []), report.get("blas_info"))
    text = "  BLAS of %s: %s (%s)" % (side, kind, library)
    if report.get("blas_info"):
        text += ", BLAS_INFO=%s" % report["blas_info"]
    if report.get("coretype"):
        text += ", OPENBLAS_CORETYPE=%s" % report["coretype"]
    return text


def refusal(report):
    """None when a ratio may be printed, else the sentence printed instead of the ratios."""
    kind, library = classify_blas(report.get("libraries", []), report.get("blas_info"))
    if ratio_allowed(kind):
        return None
    return ("no ratio: PyTorch runs on %s BLAS (%s), which makes every ratio flatter nnlab; install an "
            "optimised one (%s) and run again" % ("the reference" if kind == "reference" else "an unknown",
                                                 library, INSTALL_HINT))


def parse_report(lines, tag="BLAS"):
    """The json of the first `TAG {json}` line of a side's output, or {}."""
    for line in lines:
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1:])
    return {}


def torch_blas_report():
    """Inside the PyTorch process (after import torch): what BLAS it mapped, for blas_line/refusal."""
    import torch
    with open("/proc/self/maps") as f:
        libraries = blas_libraries(f.read())
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    info = found.group(1) if found else ""
    return {"libraries": libraries, "blas_info": info, "coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
            "threads": torch.get_num_threads(), "version": torch.__version__}


# ---------------------------------------------------------------- the standalone sanity check

def standalone_gap(harness_ms, standalone_ms):
    """Relative difference of the harness's time from the standalone script's (0.1 = 10 % slower)."""
    return harness_ms / standalone_ms - 1.0


def standalone_line(task, harness, standalone):
    """harness, standalone: (median, min) ms per step. Warns when the medians and the minima are both more
    than 15 % apart: a harness that slowed PyTorch would slow every run, while other work on the machine
    usually spoils only some runs (with --repeats 3 that is enough to move a median)."""
    gaps = [standalone_gap(h, a) for h, a in zip(harness, standalone)]
    text = "  %-8s harness %9.3f ms/step (min %9.3f), standalone %9.3f (min %9.3f): %+4.0f %% (min %+4.0f %%)" % (
        task, harness[0], harness[1], standalone[0], standalone[1], 100 * gaps[0], 100 * gaps[1])
    if all(abs(g) > STANDALONE_TOLERANCE for g in gaps):
        text += "  WARNING: more than %.0f %% apart" % (100 * STANDALONE_TOLERANCE)
    return text


def parse_ms_per_step(output):
    """(median, min) from a standalone script's last line, `TASK ms/step MEDIAN min BEST`."""
    for line in reversed(output.strip().splitlines()):
        parts = line.split()
        if len(parts) == 5 and parts[1] == "ms/step" and parts[3] == "min":
            return float(parts[2]), float(parts[4])
    raise ValueError("no 'TASK ms/step MEDIAN min BEST' line in:\n" + output[-2000:])
