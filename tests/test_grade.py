"""./nnlab grade (tools/grade.py): hidden tests put back by grade_id, hostile submissions cost only what
they break, grades.csv and feedback per student, submissions never modified."""
import copy
import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import exercises  # noqa: E402

NOTEBOOK = "00-welcome"


def versions():
    nb = nbformat.read(str(ROOT / "notebooks" / f"{NOTEBOOK}.ipynb"), as_version=4)
    return exercises.student_version(nb, NOTEBOOK), exercises.instructor_version(nb, NOTEBOOK)


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == grade_id)


def code(source):
    c = nbformat.v4.new_code_cell(source)
    c.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": False, "grade_id": "mine",
                              "schema_version": 3}
    return c


def submissions(folder):
    """Six students, each breaking the notebook in another way; returns the expected points."""
    student, instructor = versions()
    answer = cell(instructor, "solution-1").source
    expected = {}

    def submit(name, nb, points):
        (folder / name).mkdir(parents=True)
        nbformat.write(nb, str(folder / name / f"{NOTEBOOK}.ipynb"))
        expected[name] = points

    good = copy.deepcopy(student)
    cell(good, "solution-1").source = answer
    good.cells.remove(cell(good, "sigmoid-prime"))
    submit("alice", good, 2)                       # right, but deleted the check cell: it is put back
    rigged = copy.deepcopy(student)
    cell(rigged, "sigmoid-prime").source = "// CHECK sigmoid-prime (2 points)\n// all good"
    submit("bob", rigged, 0)                       # not done (NotImplementedYet), and emptied the check
    loop = copy.deepcopy(student)
    cell(loop, "solution-1").source = "double sigmoidPrime(double x) {\n    while (true) { }\n}"
    submit("carol", loop, 0)                       # an endless loop: interrupted after --timeout
    killer = copy.deepcopy(student)
    cell(killer, "solution-1").source = answer
    at = killer.cells.index(cell(killer, "solution-1")) + 1
    killer.cells[at:at] = [code('System.out.print("x".repeat(3_000_000));'),
                           code("java.util.function.IntConsumer q = System::exit; q.accept(0);")]
    submit("dave", killer, 2)                      # 3 MB of output and System.exit by another route
    broken = copy.deepcopy(student)
    cell(broken, "solution-1").source = answer.replace("s * (1 - s);", "s * (1 - s)")
    submit("erin", broken, 0)                      # does not compile
    (folder / "hal").mkdir()
    (folder / "hal" / f"{NOTEBOOK}.ipynb").write_text("{ not a notebook")
    expected["hal"] = 0                            # not JSON
    return expected


def digest(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


def test_grading_a_class_with_hostile_submissions(tmp_path, notebook_kernel):
    submitted = tmp_path / "submitted"
    expected = submissions(submitted)
    before = digest(submitted)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "grade.py"), str(submitted), "--out", str(out),
                             "--cores", "2", "--timeout", "15", "--kernel", notebook_kernel],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with open(out / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    assert set(rows[0]) == {"student", "notebook", "exercise", "points", "max_points"}
    got = {r["student"]: float(r["points"]) for r in rows}
    assert got == expected, result.stdout
    assert all(r["notebook"] == NOTEBOOK and r["exercise"] == "sigmoid-prime" and float(r["max_points"]) == 2
               for r in rows)
    assert digest(submitted) == before, "a submission was modified"
    feedback = {name: (out / "feedback" / name / f"{NOTEBOOK}.html").read_text() for name in expected}
    assert "NotImplementedYet" in feedback["bob"] and "sigmoidPrime" in feedback["bob"]
    assert "could not be read as a notebook" in feedback["hal"]
    assert "longer than the limit of 15 s per cell" in feedback["carol"]
    assert "2 of 2 point(s)" in feedback["alice"] and "0 of 2 point(s)" in feedback["erin"]
    # the graded notebook keeps at most --max-output characters of dave's 3 MB
    dave = (out / "graded" / "dave" / f"{NOTEBOOK}.ipynb").stat().st_size
    assert dave < 1_000_000
