#!/usr/bin/env python3
"""Student and instructor versions of nnlab notebooks with exercises.

The cell convention (see notebooks/README.md):

* A solution region in a code cell sits between a line ``// BEGIN SOLUTION`` and a line
  ``// END SOLUTION``. The student version replaces it with a stub that throws
  ``org.nnlab.check.NotImplementedYet``; the instructor version keeps the code and drops the markers.
  The region must end its block (the next code line is the closing ``}``) or the cell, because the
  stub is a ``throw`` and Java rejects statements after it.
* A check cell is a code cell whose first line is ``// CHECK [name] [(N points)]``. It may hold
  hidden tests between ``// BEGIN HIDDEN TESTS`` and ``// END HIDDEN TESTS``: removed from the
  student version, kept (without the markers) in the instructor version.

Both versions carry nbgrader's cell metadata (schema version 3): solution cells ``solution: true``,
check cells ``grade: true`` with points, every other cell ``locked: true``, each with a unique
``grade_id``. The student version adds what nbgrader's release has: the cell type, the checksum
nbgrader computes, and cells that cannot be deleted (nor edited, except solutions). Both versions
have no outputs.

Usage: python3 tools/exercises.py SRC_DIR_OR_NOTEBOOK --out OUTDIR
writes OUTDIR/student/*.ipynb, OUTDIR/instructor/*.ipynb, and OUTDIR/nbgrader-source/*.ipynb (every line
kept, markers included, with nbgrader's flags: the source/ of a course that runs nbgrader).
"""

import argparse
import copy
import hashlib
import re
import sys
from pathlib import Path

import nbformat

SCHEMA_VERSION = 3  # nbgrader's cell metadata schema, used by nbgrader 0.6 to 0.9
DEFAULT_POINTS = 1

BEGIN_SOLUTION, END_SOLUTION = "BEGIN SOLUTION", "END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
# Longest first, so that "BEGIN HIDDEN TESTS" is not taken for something shorter.
MARKER_LINE = re.compile(r"^\s*//\s*(BEGIN HIDDEN TESTS|END HIDDEN TESTS|BEGIN SOLUTION|END SOLUTION)\s*$")

CHECK_LINE = re.compile(r"^\s*//\s*CHECK\b(?P<spec>.*)$")
CHECK_SPEC = re.compile(
    r"^(?P<id>[A-Za-z][A-Za-z0-9_-]*)?\s*(?:\(?\s*(?P<points>\d+(?:\.\d+)?)\s+points?\s*\)?)?$")
GRADE_ID = re.compile(r"^[A-Za-z0-9_-]+$")

# A Java method declaration line such as "double sigmoidPrime(double x) {": a type, a name, parameters.
METHOD = re.compile(r"^\s*(?:[\w.<>\[\],?]+\s+){1,6}(?P<name>\w+)\s*\([^;]*\)\s*(?:throws\s+[\w.,\s]+)?\{\s*$")
NOT_METHODS = {"if", "for", "while", "switch", "catch", "synchronized", "try", "return", "new", "else"}

STUB = ['// YOUR CODE HERE', 'throw new org.nnlab.check.NotImplementedYet("{what}");']


class ExerciseError(ValueError):
    """A notebook breaks the exercise convention; the message names the notebook and the cell."""


def student_version(nb, name="notebook"):
    """A deep copy of ``nb`` for students: solutions replaced by stubs, hidden tests removed,
    nbgrader metadata on every cell, no outputs."""
    plans = _plan(nb, name)
    student = copy.deepcopy(nb)
    student.metadata.pop("celltoolbar", None)
    for cell, plan in zip(student.cells, plans):
        cell.source = plan["student"]
        _clear_outputs(cell)
        cell.metadata["nbgrader"] = _nbgrader_metadata(cell, plan)
        # What nbgrader's LockCells does: graded and read-only cells cannot be edited or deleted.
        cell.metadata["deletable"] = False
        if plan["kind"] != "solution":
            cell.metadata["editable"] = False
    return student


def instructor_version(nb, name="notebook"):
    """A deep copy of ``nb`` for instructors: solutions and hidden tests kept, markers removed,
    no outputs. Cells carry the same nbgrader flags and ids as in the student version (without the
    checksums and locks of a release), so tools find the check cells in both versions alike."""
    plans = _plan(nb, name)
    instructor = copy.deepcopy(nb)
    for cell, plan in zip(instructor.cells, plans):
        cell.source = plan["instructor"]
        _clear_outputs(cell)
        cell.metadata["nbgrader"] = _nbgrader_flags(plan)
    return instructor


def nbgrader_source_version(nb, name="notebook"):
    """A deep copy of ``nb`` as an nbgrader *source* notebook: every line kept (the solution and hidden-test
    markers too, which nbgrader recognises), nbgrader's flags and ids on every cell, no outputs. A course
    that runs nbgrader puts these in its ``source/`` folder; ``generate_assignment`` then makes releases
    like the student version here (set ``ClearSolutions.code_stub`` for Java)."""
    plans = _plan(nb, name)
    source = copy.deepcopy(nb)
    for cell, plan in zip(source.cells, plans):
        _clear_outputs(cell)
        cell.metadata["nbgrader"] = _nbgrader_flags(plan)
    return source


def _plan(nb, name):
    """Reads every cell and decides what it becomes; raises ExerciseError on a broken convention."""
    plans, ids = [], {}
    solutions = checks = 0
    for index, cell in enumerate(nb.cells):
        where = f"{name}, cell {index + 1}"
        plan = _plan_cell(cell, where)
        if plan["kind"] == "solution":
            solutions += 1
            plan["grade_id"] = f"solution-{solutions}"
        elif plan["kind"] == "check":
            checks += 1
            plan["grade_id"] = plan["grade_id"] or f"check-{checks}"
        else:
            plan["grade_id"] = f"cell-{index + 1}"
        if plan["grade_id"] in ids:
            raise ExerciseError(f"{where}: the id '{plan['grade_id']}' is already used by "
                                f"cell {ids[plan['grade_id']] + 1}; give each CHECK its own name")
        ids[plan["grade_id"]] = index
        plans.append(plan)
    return plans


def _plan_cell(cell, where):
    source = cell.source
    lines = source.split("\n")
    if cell.cell_type != "code":
        for number, line in enumerate(lines, 1):
            if any(marker in line for marker in MARKERS):
                raise ExerciseError(f"{where}, line {number}: exercise markers work only in code cells, "
                                    f"but this is a {cell.cell_type} cell")
        return {"kind": "plain", "student": source, "instructor": source}

    check = _check_header(lines, where)
    student, instructor = [], []
    region = None  # (marker, line number, indent) of the open BEGIN line
    has_solution = False
    for number, line in enumerate(lines, 1):
        marker = _marker(line, where, number)
        if marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            if region:
                raise ExerciseError(f"{where}, line {number}: `// {marker}` inside the region opened "
                                    f"on line {region[1]}; close it with `// END {region[0][6:]}` first")
            if marker == BEGIN_SOLUTION and check:
                raise ExerciseError(f"{where}, line {number}: a CHECK cell cannot hold a solution; "
                                    f"put the solution in a cell of its own")
            if marker == BEGIN_HIDDEN and not check:
                raise ExerciseError(f"{where}, line {number}: hidden tests belong in a CHECK cell "
                                    f"(its first line is `// CHECK`)")
            indent = line[:len(line) - len(line.lstrip())]
            region = (marker, number, indent)
            if marker == BEGIN_SOLUTION:
                has_solution = True
                what = _enclosing_method(lines[:number - 1])
                student.extend(indent + stub.format(what=what) for stub in STUB)
        elif marker in (END_SOLUTION, END_HIDDEN):
            opening = "BEGIN " + marker[4:]
            if not region or region[0] != opening:
                raise ExerciseError(f"{where}, line {number}: `// {marker}` without a matching "
                                    f"`// {opening}` before it")
            if marker == END_SOLUTION:
                _require_block_end(lines[number:], where, number)
            region = None
        else:
            instructor.append(line)
            if not region:
                student.append(line)
    if region:
        raise ExerciseError(f"{where}, line {region[1]}: `// {region[0]}` has no matching "
                            f"`// END {region[0][6:]}`")
    if check:
        kind = "check"
    elif has_solution:
        kind = "solution"
    else:
        kind = "plain"
    plan = {"kind": kind, "student": "\n".join(student), "instructor": "\n".join(instructor)}
    if check:
        plan.update(check)
    return plan


def _marker(line, where, number):
    """The marker on this line, or None. A marker must stand alone on its line as a // comment."""
    match = MARKER_LINE.match(line)
    if match:
        return match.group(1)
    for marker in MARKERS:
        if marker in line:
            raise ExerciseError(f"{where}, line {number}: write the marker alone on its line, "
                                f"as `// {marker}`, not `{line.strip()}`")
    return None


def _check_header(lines, where):
    """The grade_id and points of a check cell (first line `// CHECK ...`), or None."""
    first = next((line for line in lines if line.strip()), "")
    match = CHECK_LINE.match(first)
    if not match:
        return None
    spec = CHECK_SPEC.match(match.group("spec").strip())
    if not spec:
        raise ExerciseError(f"{where}: cannot read `{first.strip()}`; write `// CHECK`, "
                            f"`// CHECK name` or `// CHECK name (2 points)`")
    points = spec.group("points")
    points = DEFAULT_POINTS if points is None else float(points)
    if isinstance(points, float) and points.is_integer():
        points = int(points)
    return {"grade_id": spec.group("id"), "points": points}


def _enclosing_method(lines_before):
    """The name of the Java method whose body holds the region, for the stub's message."""
    for line in reversed(lines_before):
        match = METHOD.match(line)
        if match and match.group("name") not in NOT_METHODS:
            return match.group("name")
    return "this exercise"


def _require_block_end(lines_after, where, number):
    """The stub is a `throw`; Java accepts no statement after it in the same block."""
    rest = [line.strip() for line in lines_after if line.strip() and not line.strip().startswith("//")]
    if rest and not rest[0].startswith("}"):
        raise ExerciseError(
            f"{where}, line {number}: a solution region must end its block (the next line is the "
            f"closing `}}`) or the cell, because the student stub is a `throw`; found `{rest[0]}` after it")


def _nbgrader_flags(plan):
    """What a cell is for nbgrader: a solution, a graded check (with points), or locked (read-only)."""
    kind = plan["kind"]
    meta = {
        "schema_version": SCHEMA_VERSION,
        "grade": kind == "check",
        "solution": kind == "solution",
        "locked": kind != "solution",
        "grade_id": plan["grade_id"],
    }
    if kind == "check":
        meta["points"] = plan["points"]
    return meta


def _nbgrader_metadata(cell, plan):
    """The flags plus what nbgrader's generate_assignment adds to a release: cell type and checksum."""
    meta = _nbgrader_flags(plan)
    meta["cell_type"] = cell.cell_type
    meta["checksum"] = _checksum(cell, meta)
    return meta


def _checksum(cell, meta):
    """The checksum nbgrader stores to notice edits of a cell: MD5 of its source, type, flags, id, points."""
    md5 = hashlib.md5()
    for part in (cell.source, cell.cell_type, str(meta["grade"]), str(meta["solution"]),
                 str(meta["locked"]), meta["grade_id"]):
        md5.update(part.encode("utf-8"))
    if meta["grade"]:
        md5.update(str(float(meta["points"])).encode("utf-8"))
    return md5.hexdigest()


def _clear_outputs(cell):
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None


def _notebooks(source):
    path = Path(source)
    if path.is_dir():
        return sorted(p for p in path.glob("*.ipynb") if not p.name.startswith("."))
    if path.suffix == ".ipynb" and path.is_file():
        return [path]
    raise ExerciseError(f"{source}: not a notebook and not a folder of notebooks")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write student and instructor versions of notebooks.")
    parser.add_argument("source", help="a notebook (.ipynb) or a folder of notebooks")
    parser.add_argument("--out", required=True,
                        help="output folder; gets student/, instructor/ and nbgrader-source/")
    args = parser.parse_args(argv)
    out = Path(args.out)
    try:
        paths = _notebooks(args.source)
        results = []
        for path in paths:  # check every notebook before writing any
            nb = nbformat.read(str(path), as_version=4)
            results.append((path.name, student_version(nb, path.name), instructor_version(nb, path.name),
                            nbgrader_source_version(nb, path.name)))
    except ExerciseError as error:
        print(f"exercises.py: {error}", file=sys.stderr)
        return 1
    for folder in ("student", "instructor", "nbgrader-source"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for name, student, instructor, source in results:
        nbformat.write(student, str(out / "student" / name))
        nbformat.write(instructor, str(out / "instructor" / name))
        nbformat.write(source, str(out / "nbgrader-source" / name))
        grades = [c.metadata["nbgrader"] for c in student.cells if c.metadata["nbgrader"]["grade"]]
        solutions = sum(c.metadata["nbgrader"]["solution"] for c in student.cells)
        points = sum(g["points"] for g in grades)
        print(f"{name}: {solutions} solution cell(s), {len(grades)} check(s), {points} point(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
