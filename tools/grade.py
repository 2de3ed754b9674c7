#!/usr/bin/env python3
"""Grades submitted notebooks: the hidden tests go back into their check cells, each submission runs in a
fresh kernel, and every check that runs without an error earns its points.

    ./nnlab grade SUBMITTED --out OUT [--cores 2] [--timeout 120] [--mem-limit 2G] [--full]
    /usr/bin/python3 tools/grade.py SUBMITTED --out OUT ...

SUBMITTED/<student>/<notebook>.ipynb is nbgrader's "submitted" layout (a notebook name of the course,
e.g. 01-perceptron.ipynb). For each submission:

1. Cells are matched to the course by their nbgrader ``grade_id``, never by position, so a reordered or
   deleted cell does not shift grades. Check cells and every other locked cell get the instructor's
   source back (a check cell with its hidden tests; ``Check`` named in full, so a class the student
   calls Check cannot stand in for it); solution cells keep the student's code; cells the student
   added stay. A check cell the student deleted is put back after the course cell before it.
2. The notebook runs in a fresh nnlab kernel with the hub's memory limit (MEM_LIMIT and the JVM's
   heap, as deploy/jupyterhub sizes them), a time limit per cell (an endless loop is interrupted), in
   fast mode unless --full. If a cell kills the kernel, the kernel is started again and the notebook
   rerun without that cell, so it costs only what depends on it.
3. A check earns its points if its cell ran without an error. Outputs are cut to --max-output
   characters per cell in what is written.

Writes OUT/grades.csv (student,notebook,exercise,points,max_points; one row per student, notebook and
check), OUT/feedback/<student>/<notebook>.html (each check's points and messages) and
OUT/graded/<student>/<notebook>.ipynb (the notebook as run). Submissions are only read. Several run at
once, one kernel per core (--cores).
"""
import argparse
import concurrent.futures
import copy
import csv
import html
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
import exercises  # noqa: E402
from nnlab_limits import jvm_options, parse_bytes  # noqa: E402  (the hub's own sizing)

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CHECK_CALL = re.compile(r"(?<![\w.])Check\.")
MAX_RESTARTS = 3


class Course:
    """The instructor versions of the course notebooks: for each, its cells by grade_id, in order."""

    def __init__(self, source):
        self.notebooks = {}
        for path in sorted(Path(source).glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            self.notebooks[path.name] = exercises.instructor_version(nb, path.name)

    def checks(self, name):
        """[(grade_id, points)] of the notebook's check cells, in order."""
        return [(c.metadata["nbgrader"]["grade_id"], c.metadata["nbgrader"]["points"])
                for c in self.notebooks[name].cells if c.metadata["nbgrader"]["grade"]]


def restore(submitted, instructor):
    """The notebook to run: the submission's cells, with the course's checks and locked cells put back."""
    course = {c.metadata["nbgrader"]["grade_id"]: c for c in instructor.cells}
    order = [c.metadata["nbgrader"]["grade_id"] for c in instructor.cells]
    nb = copy.deepcopy(submitted)
    cells, seen = [], set()
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        original = course.get(grade_id)
        if original is None or grade_id in seen:
            cells.append(cell)  # a cell the student added (or a duplicate id): runs as it is
            continue
        seen.add(grade_id)
        if not original.metadata["nbgrader"]["solution"]:
            cell = _from_course(original)  # checks with their hidden tests, locked cells as released
        cells.append(cell)
    # checks the student deleted come back after the course cell that precedes them
    for index, grade_id in enumerate(order):
        if grade_id in seen or not course[grade_id].metadata["nbgrader"]["grade"]:
            continue
        before = next((order[i] for i in range(index - 1, -1, -1) if order[i] in seen), None)
        at = 0 if before is None else 1 + next(i for i, c in enumerate(cells) if _grade_id(c) == before)
        cells.insert(at, _from_course(course[grade_id]))
        seen.add(grade_id)
    nb.cells = cells
    return nb


def _from_course(original):
    cell = copy.deepcopy(original)
    if cell.cell_type == "code":
        if cell.metadata["nbgrader"]["grade"]:
            cell.source = CHECK_CALL.sub("org.nnlab.check.Check.", cell.source)
        cell.outputs, cell.execution_count = [], None
    return cell


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def kernel_env(args):
    env = {k: v for k, v in os.environ.items() if k not in ("NNLAB_FAST", "MEM_LIMIT", "JDK_JAVA_OPTIONS")}
    if not args.full:
        env["NNLAB_FAST"] = "1"
    limit = parse_bytes(args.mem_limit)
    if limit:
        env["MEM_LIMIT"] = str(limit)  # the kernel's memory guard stops a cell before this
        env["JDK_JAVA_OPTIONS"] = jvm_options(limit)
    return env


def run(nb, args, workdir):
    """Runs nb in fresh kernels; a cell that kills the kernel (or does not stop) is skipped on a rerun.

    Returns (the notebook as run, {cell index: why it was skipped})."""
    skipped = {}
    for _ in range(MAX_RESTARTS + 1):
        todo = copy.deepcopy(nb)
        client = NotebookClient(todo, kernel_name=args.kernel, timeout=args.timeout, allow_errors=True,
                                interrupt_on_timeout=True, startup_timeout=120,
                                resources={"metadata": {"path": str(workdir)}})
        index = None
        try:
            with client.setup_kernel(env=kernel_env(args), cwd=str(workdir)):
                for index, cell in enumerate(todo.cells):
                    if cell.cell_type != "code":
                        continue
                    if index in skipped:
                        cell.outputs = [_error_output("Skipped", skipped[index])]
                        continue
                    client.execute_cell(cell, index)
            return todo, skipped
        except (DeadKernelError, CellTimeoutError, RuntimeError) as error:
            if index is None:
                raise
            what = "the kernel died" if isinstance(error, DeadKernelError) else "it did not stop"
            skipped[index] = f"this cell was not run: when it ran, {what} ({type(error).__name__})"
    return todo, skipped


def _error_output(name, value):
    return nbformat.v4.new_output("error", ename=name, evalue=value, traceback=[f"{name}: {value}"])


def messages(cell, limit):
    """The text a cell printed, errors included, without terminal colours; cut to limit characters."""
    if cell is None:
        return "(this check is missing from the notebook as run)"
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}\n")
        elif "text/plain" in out.get("data", {}):
            parts.append(out.data["text/plain"] + "\n")
    text = ANSI.sub("", "".join(parts))
    return text if len(text) <= limit else text[:limit] + f"\n... ({len(text) - limit} more characters cut)\n"


def cut_outputs(nb, limit):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and len(out.text) > limit:
                out.text = out.text[:limit] + f"\n... ({len(out.text) - limit} more characters cut)\n"
            data = out.get("data", {})
            for mime, value in list(data.items()):
                if isinstance(value, str) and len(value) > limit:
                    data[mime] = value[:limit]


def grade_one(course, student, path, args):
    """Grades one submission; returns rows [(student, notebook, exercise, points, max_points)]."""
    name = path.name
    notebook = path.stem
    feedback = []  # (exercise, points, max points, messages)
    checks = course.checks(name)
    try:
        submitted = nbformat.read(str(path), as_version=4)
    except Exception as error:  # not JSON, not a notebook: every check gets 0
        reason = f"the submission could not be read as a notebook: {type(error).__name__}: {error}"
        feedback = [(grade_id, 0, points, reason) for grade_id, points in checks]
    else:
        nb = restore(submitted, course.notebooks[name])
        workdir = args.out / "graded" / student
        workdir.mkdir(parents=True, exist_ok=True)
        ran, skipped = run(nb, args, workdir)
        by_id = {_grade_id(c): c for c in ran.cells if _grade_id(c)}
        for grade_id, points in checks:
            cell = by_id.get(grade_id)
            ok = cell is not None and cell.get("outputs") is not None and cell.get("execution_count") \
                and not any(o.output_type == "error" for o in cell.outputs)
            text = messages(cell, args.max_output)
            if cell is not None and any(o.output_type == "error" and o.ename == "Interrupted" for o in cell.outputs):
                text += f"(the cell ran longer than the limit of {args.timeout} s per cell and was stopped)\n"
            feedback.append((grade_id, points if ok else 0, points, text))
        cut_outputs(ran, args.max_output)
        nbformat.write(ran, str(workdir / name))
    write_feedback(args.out / "feedback" / student / f"{notebook}.html", student, notebook, feedback)
    return [(student, notebook, grade_id, got, points) for grade_id, got, points, _ in feedback]


def write_feedback(path, student, notebook, feedback):
    path.parent.mkdir(parents=True, exist_ok=True)
    got = sum(f[1] for f in feedback)
    total = sum(f[2] for f in feedback)
    rows = "\n".join(
        f"<h2>{html.escape(str(grade_id))}: {points:g} of {max_points:g} point(s)</h2>\n"
        f"<pre>{html.escape(text) or '(no output)'}</pre>"
        for grade_id, points, max_points, text in feedback)
    path.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{html.escape(notebook)}: {html.escape(student)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:1em auto;padding:0 1em}}
pre{{background:#f4f4f4;padding:.5em;overflow-x:auto;white-space:pre-wrap}}</style></head>
<body><h1>{html.escape(notebook)}: {got:g} of {total:g} point(s)</h1>
<p>Student: {html.escape(student)}. Each check below shows what it printed when your notebook ran.</p>
{rows}
</body></html>
""", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submitted", type=Path, help="SUBMITTED/<student>/<notebook>.ipynb")
    parser.add_argument("--out", type=Path, required=True, help="grades.csv, feedback/ and graded/ go here")
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks", help="the course (instructor source)")
    parser.add_argument("--cores", type=int, default=max(1, (os.cpu_count() or 2) // 2),
                        help="submissions graded at once, one kernel each (default: half the cores)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell before it is interrupted")
    parser.add_argument("--mem-limit", default="2G", help="each kernel's memory limit, as on the hub ('none': no limit)")
    parser.add_argument("--full", action="store_true", help="full mode (default: fast mode, NNLAB_FAST=1)")
    parser.add_argument("--max-output", type=int, default=20000, help="characters kept per cell output")
    parser.add_argument("--kernel", default=os.environ.get("NNLAB_KERNEL", "nnlab"))
    args = parser.parse_args(argv)
    if args.mem_limit == "none":
        args.mem_limit = None
    if not args.submitted.is_dir():
        parser.error(f"{args.submitted} is not a folder of SUBMITTED/<student>/<notebook>.ipynb")
    course = Course(args.source)
    jobs, unknown = [], []
    for folder in sorted(p for p in args.submitted.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.ipynb")):
            (jobs if path.name in course.notebooks else unknown).append((folder.name, path))
    for student, path in unknown:
        print(f"grade.py: {student}/{path.name}: not a notebook of the course, not graded", file=sys.stderr)
    if not jobs:
        print(f"grade.py: no submissions in {args.submitted} (expected <student>/<notebook>.ipynb)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.cores)) as pool:
        futures = {pool.submit(grade_one, course, student, path, args): (student, path) for student, path in jobs}
        for future in concurrent.futures.as_completed(futures):
            student, path = futures[future]
            result = future.result()
            rows.extend(result)
            print(f"{student}/{path.name}: {sum(r[3] for r in result):g} of {sum(r[4] for r in result):g} point(s)",
                  flush=True)
    rows.sort()
    with open(args.out / "grades.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "notebook", "exercise", "points", "max_points"])
        writer.writerows(rows)
    print(f"wrote {args.out / 'grades.csv'} ({len(rows)} rows) and feedback in {args.out / 'feedback'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
