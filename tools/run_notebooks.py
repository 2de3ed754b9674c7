#!/usr/bin/env python3
"""Execute notebooks headless through a Jupyter kernel and report every problem.

Command line (run with a Python that has nbclient, e.g. Debian's /usr/bin/python3):

    python3 tools/run_notebooks.py [--kernel K] [--fast] [--timeout SEC]
                                   [--startup-timeout SEC] [--out DIR]
                                   [--stderr {trace,any,ignore}] [-q]
                                   [NOTEBOOK_OR_DIR ...]

- Notebooks default to every ``notebooks/*.ipynb``; a directory stands for its ``*.ipynb``.
- The kernel is ``--kernel``, else ``$NNLAB_KERNEL``, else ``nnlab``.
- ``--fast`` starts the kernel with ``NNLAB_FAST=1`` (fewer epochs, less data). Without it
  the kernel runs in full mode: ``NNLAB_FAST`` is removed from the kernel's environment even
  if the calling shell had set it, so the flag alone decides the mode.
- Each notebook runs in its own fresh kernel, with the notebook's folder as working directory,
  and every cell runs even after an error (so one run reports every failing cell).
- The executed copies are written to ``--out`` (default ``build/executed``), also when the
  run failed (a timed-out notebook is written as far as it got).
- Exit status: 0 all clean, 1 at least one problem, 2 cannot run at all (kernelspec
  missing, no notebooks, unreadable notebook).

What counts as a problem
- every ``error`` output (a cell that raised), reported with notebook, cell index (0-based
  position in the notebook, the same index nbclient and the JSON use; ``In [n]`` is printed
  too), ``ename`` and ``evalue``;
- a cell that exceeds the per-cell timeout, a kernel that dies or does not start;
- stderr, by ``--stderr``: ``trace`` (default) fails on stderr text that contains an
  exception trace (a Java ``Exception in thread ...``, ``Caused by:``, an exception line
  followed by ``at pkg.Class.method(File.java:12)`` frames, or a Python
  ``Traceback (most recent call last):``). Such traces come from exceptions that never
  reached the cell (a background thread, a logger, ``printStackTrace()``), which are bugs
  the ``error`` scan would miss. Other stderr text (warnings, progress) is allowed and only
  counted in the summary. ``any`` fails on any stderr text; ``ignore`` looks at errors only.
- Cells tagged ``raises-exception`` (the nbclient/nbval convention for a cell that shows an
  error on purpose) are exempt from both scans.

Library use (tools/ on sys.path):

    from run_notebooks import execute, find_problems
    nb = execute("notebooks/00-welcome.ipynb", kernel="nnlab", fast=True, timeout=300)
    problems = find_problems(nb, "00-welcome.ipynb")

``execute`` accepts a path or an in-memory ``NotebookNode`` (then pass ``cwd``), returns the
executed notebook and raises ``ExecutionAborted`` (with ``.nb`` and ``.problem``) only when
execution could not finish: timeout, dead kernel, kernel start failure.
"""
from __future__ import annotations

import argparse
import copy
import math
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, List, Optional, Union

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KERNEL = "nnlab"
DEFAULT_TIMEOUT = 600          # seconds per cell
DEFAULT_STARTUP_TIMEOUT = 120  # seconds for the kernel to answer kernel_info
ALLOWED_ERROR_TAG = "raises-exception"
SETUP_HINT = "run ./nnlab setup (it builds and installs the nnlab kernel)"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TRACE_PATTERNS = [
    re.compile(r"^Exception in thread \"", re.M),
    re.compile(r"^Caused by: ", re.M),
    re.compile(r"^Traceback \(most recent call last\):", re.M),
]
_JAVA_EXC_LINE = re.compile(r"^(?:[\w$]+\.)*[\w$]*(?:Exception|Error|Throwable)\b", re.M)
_JAVA_FRAME = re.compile(r"^\s+at [\w$.<>/]+\([^)]*\)\s*$", re.M)


def kernel_name(explicit: Optional[str] = None) -> str:
    """The kernel to use: the explicit name, else $NNLAB_KERNEL, else 'nnlab'."""
    return explicit or os.environ.get("NNLAB_KERNEL") or DEFAULT_KERNEL


class KernelMissing(RuntimeError):
    pass


def check_kernel(name: str) -> dict:
    """Return the kernelspec (as a dict) or raise KernelMissing with a message naming the fix."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    ksm = KernelSpecManager()
    try:
        spec = ksm.get_kernel_spec(name)
    except NoSuchKernel:
        known = ", ".join(sorted(ksm.find_kernel_specs())) or "none"
        hint = SETUP_HINT if name == DEFAULT_KERNEL else f"install the kernelspec '{name}'"
        raise KernelMissing(
            f"Jupyter kernelspec '{name}' is not installed (installed: {known}); {hint}, "
            f"or choose another kernel with --kernel / NNLAB_KERNEL."
        ) from None
    return {"name": name, "display_name": spec.display_name, "language": spec.language}


def kernel_env(fast: Optional[bool]) -> dict:
    """Environment for the kernel process: NNLAB_FAST=1 in fast mode, removed in full mode,
    inherited unchanged when fast is None."""
    env = dict(os.environ)
    if fast is True:
        env["NNLAB_FAST"] = "1"
    elif fast is False:
        env.pop("NNLAB_FAST", None)
    return env


def find_notebooks(args: Iterable[Union[str, Path]] = ()) -> List[Path]:
    """Expand files and folders into a sorted list of .ipynb paths (checkpoints skipped).
    With no arguments: every notebook in $NNLAB_NOTEBOOKS or notebooks/."""
    args = list(args) or [os.environ.get("NNLAB_NOTEBOOKS") or ROOT / "notebooks"]
    found: List[Path] = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.ipynb") if ".ipynb_checkpoints" not in q.parts))
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such notebook or folder: {p}")
    return found


@dataclass
class Problem:
    notebook: str
    cell: Optional[int]          # 0-based index in nb.cells, None for notebook-level problems
    kind: str                    # error | stderr | timeout | dead-kernel | kernel-start | kernel-failure
    ename: str = ""
    evalue: str = ""
    execution_count: Optional[int] = None
    source_line: str = ""        # first non-blank line of the cell, to find it quickly
    detail: str = field(default="", repr=False)  # full error/stderr text (ANSI stripped)

    def __str__(self) -> str:
        where = self.notebook
        if self.cell is not None:
            where += f", cell {self.cell}"
            if self.execution_count is not None:
                where += f" [In {self.execution_count}]"
        msg = f"{where}: {self.kind}: {self.ename}: {self.evalue}".rstrip(": ")
        if self.source_line:
            msg += f"\n      | {self.source_line}"
        return msg


class ExecutionAborted(RuntimeError):
    """Execution stopped before the end. ``nb`` holds the outputs so far."""

    def __init__(self, nb, problem: Problem):
        super().__init__(str(problem))
        self.nb = nb
        self.problem = problem


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def looks_like_trace(text: str) -> bool:
    text = strip_ansi(text)
    if any(p.search(text) for p in _TRACE_PATTERNS):
        return True
    return bool(_JAVA_EXC_LINE.search(text) and _JAVA_FRAME.search(text))


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _cell_tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def error_text(output) -> str:
    """ename, evalue and traceback of an error output as one plain string."""
    tb = "\n".join(output.get("traceback", []) or [])
    return strip_ansi(f"{output.get('ename', '')}: {output.get('evalue', '')}\n{tb}")


def find_problems(nb, name: str, stderr: str = "trace", exempt_tag: str = ALLOWED_ERROR_TAG) -> List[Problem]:
    """Scan an executed notebook: every error output, and stderr per the policy
    (trace | any | ignore). Cells tagged ``exempt_tag`` are skipped."""
    if stderr not in ("trace", "any", "ignore"):
        raise ValueError(f"stderr policy must be trace, any or ignore, not {stderr!r}")
    problems: List[Problem] = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or exempt_tag in _cell_tags(cell):
            continue
        common = dict(notebook=name, cell=i, execution_count=cell.get("execution_count"),
                      source_line=_first_line(cell.source))
        err_text = []
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(Problem(kind="error", ename=out.get("ename", ""),
                                        evalue=strip_ansi(out.get("evalue", "")),
                                        detail=error_text(out), **common))
            elif out.output_type == "stream" and out.get("name") == "stderr":
                err_text.append(out.get("text", ""))
        text = "".join(err_text)
        if text.strip() and stderr != "ignore":
            if stderr == "any" or looks_like_trace(text):
                lines = [l for l in strip_ansi(text).splitlines() if l.strip()]
                summary = next((l for l in lines if _JAVA_EXC_LINE.match(l.strip()) or "Error" in l), lines[0])
                problems.append(Problem(kind="stderr", ename="trace on stderr" if stderr == "trace" else "stderr",
                                        evalue=summary.strip()[:300], detail=strip_ansi(text), **common))
    return problems


def aborted_problems(e: "ExecutionAborted", name: str, stderr: str = "trace") -> List[Problem]:
    """Problems of a run that stopped early: those found so far plus the reason it stopped.
    The error output left in the stopped cell by the interrupt/shutdown is a consequence,
    not a separate problem, so it is dropped."""
    found = [p for p in find_problems(e.nb, name, stderr)
             if not (p.cell is not None and p.cell == e.problem.cell and p.kind == "error")]
    return found + [e.problem]


def stderr_notes(nb) -> int:
    """Number of code cells with stderr text (for the summary)."""
    return sum(1 for c in nb.cells if c.cell_type == "code" and any(
        o.output_type == "stream" and o.get("name") == "stderr" and o.get("text", "").strip()
        for o in c.get("outputs", [])))


def execute(nb_or_path, kernel: Optional[str] = None, fast: Optional[bool] = False,
            timeout: Optional[float] = DEFAULT_TIMEOUT, *, cwd: Union[str, Path, None] = None,
            startup_timeout: float = DEFAULT_STARTUP_TIMEOUT, name: Optional[str] = None):
    """Execute a notebook (path or NotebookNode, which is copied, not changed) in a fresh kernel.

    kernel: kernelspec name (default: $NNLAB_KERNEL or 'nnlab'); fast: True sets NNLAB_FAST=1,
    False removes it, None inherits the environment; timeout: seconds per cell (None: no limit);
    cwd: working directory of the kernel (default: the notebook's folder, else the current one).
    Every cell runs, errors are recorded as outputs (allow_errors). Returns the executed notebook;
    raises ExecutionAborted on timeout, dead kernel or kernel start failure."""
    if isinstance(nb_or_path, (str, Path)):
        path = Path(nb_or_path)
        nb = nbformat.read(str(path), as_version=4)
        cwd = cwd or path.parent
        name = name or path.name
    else:
        nb = copy.deepcopy(nb_or_path)
    name = name or "notebook"
    kernel = kernel_name(kernel)
    cwd = str(Path(cwd or os.getcwd()).resolve())
    client = NotebookClient(
        nb, kernel_name=kernel, timeout=int(math.ceil(timeout)) if timeout and timeout > 0 else None,
        startup_timeout=int(math.ceil(startup_timeout)), allow_errors=True, interrupt_on_timeout=False,
        record_timing=True, resources={"metadata": {"path": cwd}},
    )
    try:
        client.execute(env=kernel_env(fast), cwd=cwd)
    except CellTimeoutError as e:
        idx = _running_cell(nb)
        raise ExecutionAborted(nb, Problem(name, idx, "timeout", "CellTimeoutError",
                                           f"cell did not finish within {timeout} s" if timeout else str(e),
                                           source_line=_first_line(nb.cells[idx].source) if idx is not None else ""))
    except DeadKernelError as e:
        idx = _running_cell(nb)
        raise ExecutionAborted(nb, Problem(name, idx, "dead-kernel", "DeadKernelError", str(e).strip()[:300],
                                           source_line=_first_line(nb.cells[idx].source) if idx is not None else ""))
    except RuntimeError as e:  # kernel did not start / did not answer kernel_info in time, or broke
        idx = _running_cell(nb)
        raise ExecutionAborted(nb, Problem(name, idx, "kernel-start" if idx is None else "kernel-failure",
                                           type(e).__name__, str(e).strip()[:300]))
    return nb


def _running_cell(nb) -> Optional[int]:
    """Index of the cell that was running when execution stopped (the first code cell that
    nbclient started but did not finish, else the last started one)."""
    last = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        ex = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in ex or "shell.execute_reply.started" in ex:
            last = i
            if "shell.execute_reply" not in ex:
                return i
    return last


def run(paths: List[Path], kernel: str, fast: bool, timeout: Optional[float], out_dir: Optional[Path],
        stderr: str = "trace", startup_timeout: float = DEFAULT_STARTUP_TIMEOUT, quiet: bool = False,
        log=print) -> List[Problem]:
    """Execute each notebook, write executed copies into out_dir, return all problems."""
    problems: List[Problem] = []
    for path in paths:
        t0 = time.monotonic()
        found: List[Problem]
        try:
            nb = execute(path, kernel, fast, timeout, startup_timeout=startup_timeout)
            found = find_problems(nb, path.name, stderr)
        except ExecutionAborted as e:
            nb = e.nb
            found = aborted_problems(e, path.name, stderr)
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, str(out_dir / path.name))
        problems.extend(found)
        if not quiet:
            notes = stderr_notes(nb)
            status = "ok" if not found else f"{len(found)} problem(s)"
            extra = f", {notes} cell(s) wrote to stderr" if notes else ""
            log(f"  {path.name}: {status} ({time.monotonic() - t0:.1f} s{extra})")
    return problems


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--kernel", help=f"kernelspec name (default: $NNLAB_KERNEL or {DEFAULT_KERNEL})")
    ap.add_argument("--fast", action="store_true", help="fast mode: NNLAB_FAST=1 for the kernel")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help=f"seconds per cell, 0 for none (default {DEFAULT_TIMEOUT})")
    ap.add_argument("--startup-timeout", type=float, default=DEFAULT_STARTUP_TIMEOUT,
                    help=f"seconds for the kernel to start (default {DEFAULT_STARTUP_TIMEOUT})")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "executed",
                    help="folder for the executed copies (default build/executed)")
    ap.add_argument("--stderr", choices=["trace", "any", "ignore"], default="trace",
                    help="which stderr output fails a run (default: trace = exception traces only)")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    a = ap.parse_args(argv)

    kernel = kernel_name(a.kernel)
    try:
        check_kernel(kernel)
        paths = find_notebooks(a.notebooks)
    except (KernelMissing, FileNotFoundError) as e:
        print(f"run_notebooks: {e}", file=sys.stderr)
        return 2
    if not paths:
        print("run_notebooks: no notebooks found", file=sys.stderr)
        return 2
    if not a.quiet:
        print(f"Executing {len(paths)} notebook(s) with kernel '{kernel}', "
              f"{'fast' if a.fast else 'full'} mode, timeout {a.timeout:g} s per cell")
    try:
        problems = run(paths, kernel, a.fast, a.timeout, a.out, a.stderr, a.startup_timeout, a.quiet)
    except (nbformat.reader.NotJSONError, nbformat.ValidationError) as e:
        print(f"run_notebooks: unreadable notebook: {e}", file=sys.stderr)
        return 2
    if problems:
        print(f"\nFAILED: {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    if not a.quiet:
        print(f"All {len(paths)} notebook(s) ran without errors; executed copies in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
