"""Every course notebook runs headless through the installed kernel, in fast mode (NNLAB_FAST=1).

- the notebook runs without any error output (or exception trace on stderr), every cell executed;
- its instructor version (tools/exercises.py) runs too and every exercise check passes;
- its student version fails each exercise check with the stub's "not implemented yet" error,
  and with nothing else.

- every chart it draws has the house style of org.nnlab.plot.Charts: the kernel describes each chart it
  draws in a file (NNLAB_CHART_AUDIT, kernel ChartAudit) during that same run, and chart_style.py checks
  white backgrounds, log axes with few labels, legends that leave the plot its width, series told apart.

All of it reads the runs of the handout build (fixture `handouts_build` in conftest.py runs
tools/handouts.py --fast --chart-audit once), so no notebook runs twice. The instructor version is the
stored notebook with the exercise marker lines (comments) removed: the same code in the same order, so its
run is the stored notebook's run.
Exercise check cells are found by nbgrader's cell metadata: `nbgrader.grade: true` and
`nbgrader.solution: false` (an "autograder tests" cell).
Kernel: NNLAB_KERNEL (default nnlab).
"""
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

import chart_style

ROOT = Path(__file__).resolve().parents[1]
CHART_AUDIT = ROOT / "build" / "test" / "charts"   # one JSON line per chart drawn, per notebook (conftest.py)
sys.path.insert(0, str(ROOT / "tools"))
import run_notebooks as rn  # noqa: E402

NOTEBOOKS_DIR = Path(os.environ.get("NNLAB_NOTEBOOKS") or ROOT / "notebooks")
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
each_notebook = pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])

NOT_IMPLEMENTED = re.compile(r"not implemented yet|NotImplementedYet", re.I)
MARKER = re.compile(r"//\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b")  # tools/exercises.py's markers


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def check_cells(nb):
    """Indices of exercise check cells (nbgrader autograder-test cells)."""
    out = []
    for i, c in code_cells(nb):
        meta = c.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            out.append(i)
    return out


def has_exercises(nb):
    return any(re.search(r"//\s*BEGIN SOLUTION\b", c.source) for _, c in code_cells(nb))


def report(problems):
    return "\n".join(f"  {p}" for p in problems)


def executed_version(handouts_build, notebook, variant):
    proc, _out, executed = handouts_build
    path = executed / variant / notebook.name
    if not path.exists():
        pytest.fail(f"the handout build produced no executed {variant} version of {notebook.name} "
                    f"(exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return nbformat.read(str(path), as_version=4)


def test_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert "00-welcome.ipynb" in names, f"no 00-welcome.ipynb in {NOTEBOOKS_DIR} (found: {names})"


@each_notebook
def test_stored_without_outputs(notebook):
    nb = nbformat.read(str(notebook), as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, c in code_cells(nb) if c.outputs or c.execution_count is not None]
    assert not dirty, (f"{notebook.name}: cells {dirty} are stored with outputs or execution counts; "
                       "clear them (Kernel > Restart & Clear Output, or jupyter nbconvert --clear-output --inplace)")


def test_the_instructor_version_is_the_stored_notebook():
    """What lets the tests below read the instructor run as the stored notebook's: the instructor version
    differs from the stored notebook only in lines that are exercise-marker comments."""
    import exercises
    for notebook in NOTEBOOKS:
        stored = nbformat.read(str(notebook), as_version=4)
        instructor = exercises.instructor_version(stored)
        assert len(instructor.cells) == len(stored.cells), f"{notebook.name}: the instructor version has other cells"
        for i, (a, b) in enumerate(zip(stored.cells, instructor.cells)):
            kept = [line for line in a.source.splitlines() if not MARKER.search(line)]
            assert b.source.splitlines() == kept, f"{notebook.name} cell {i}: the instructor version changed the code"


@each_notebook
def test_notebook_runs_without_errors(notebook, handouts_build):
    nb = executed_version(handouts_build, notebook, "instructor")
    problems = rn.find_problems(nb, notebook.name)
    assert not problems, f"{notebook.name} (fast mode, instructor version):\n{report(problems)}"
    not_run = [i for i, c in code_cells(nb) if c.source.strip() and c.execution_count is None
               and "skip-execution" not in c.metadata.get("tags", [])]
    assert not not_run, f"{notebook.name}: cells {not_run} were not executed"


@each_notebook
def test_charts_have_the_house_style(notebook, handouts_build):
    nb = executed_version(handouts_build, notebook, "instructor")
    audit = CHART_AUDIT / f"{notebook.stem}.jsonl"
    charts = chart_style.read(audit)
    least = chart_style.MIN_CHART_CELLS.get(notebook.name, 0)
    cells = {c["cell"] for c in charts}
    assert len(cells) >= least, (
        f"{notebook.name}: charts drawn in {len(cells)} cells, expected at least {least}; a chart went missing, "
        f"or the kernel's chart audit (NNLAB_CHART_AUDIT) wrote nothing to {audit}")
    where = chart_style.cell_index(nb)
    problems = [f"cell {where.get(c['cell'], '?')} [In {c['cell']}] '{c['title']}': {p}"
                for c in charts for p in chart_style.problems(c)]
    assert not problems, (f"{notebook.name}: charts not in the house style (org.nnlab.plot.Charts):\n"
                          + report(sorted(set(problems))))


@each_notebook
def test_charts_start_from_the_house_style(notebook):
    """A chart a notebook builds itself starts from Charts.xy/bars/heatmap, not from XChart's builders
    (whose grey theme, 17-label log axes and wide legends the house style replaces)."""
    nb = nbformat.read(str(notebook), as_version=4)
    raw = [i for i, c in code_cells(nb) if chart_style.XCHART_BUILDER.search(c.source)]
    assert not raw, (f"{notebook.name}: cells {raw} build charts with XChart's own builders; use "
                     "Charts.xy(title, x, y), Charts.bars(...) or Charts.heatmap(...) (org.nnlab.plot.Charts)")


@each_notebook
def test_exercises_have_checks(notebook, handouts_build):
    nb = executed_version(handouts_build, notebook, "instructor")
    source = nbformat.read(str(notebook), as_version=4)
    if has_exercises(source):
        assert check_cells(nb), (f"{notebook.name} has solution regions but no check cell "
                                 "(a `// CHECK` cell: nbgrader.grade = true, solution = false)")
    if notebook.name == "00-welcome.ipynb":
        assert has_exercises(source) and check_cells(nb), "00-welcome must contain one small checked exercise"


@each_notebook
def test_instructor_version_passes_checks(notebook, handouts_build):
    nb = executed_version(handouts_build, notebook, "instructor")
    problems = rn.find_problems(nb, f"{notebook.name} (instructor)")
    assert not problems, f"instructor version of {notebook.name}:\n{report(problems)}"
    for i in check_cells(nb):
        assert nb.cells[i].execution_count is not None, f"{notebook.name}: check cell {i} did not run"


@each_notebook
def test_student_version_fails_checks_with_not_implemented(notebook, handouts_build):
    nb = executed_version(handouts_build, notebook, "student")
    name = f"{notebook.name} (student)"
    leaked = [i for i, c in code_cells(nb) if MARKER.search(c.source)]
    assert not leaked, f"{name}: cells {leaked} still contain exercise markers"
    for i in check_cells(nb):
        errors = [o for o in nb.cells[i].outputs if o.output_type == "error"]
        assert errors, f"{name}: check cell {i} passed although the solution is only a stub"
        texts = [rn.error_text(o) for o in errors]
        assert any(NOT_IMPLEMENTED.search(t) for t in texts), (
            f"{name}: check cell {i} failed, but not with 'not implemented yet':\n"
            + "\n".join(f"  {o.get('ename')}: {o.get('evalue')}" for o in errors))
    # Anything else failing in the student version (a compile error left by the stub, a cell
    # that breaks for another reason) is a bug in the exercise markup.
    unexpected = [p for p in rn.find_problems(nb, name)
                  if not NOT_IMPLEMENTED.search(f"{p.ename}\n{p.evalue}\n{p.detail}")]
    assert not unexpected, f"{name}: errors other than 'not implemented yet':\n{report(unexpected)}"
