"""Unit tests of tools/exercises.py: the student and instructor versions of exercise notebooks.

Run: /usr/bin/python3 -m pytest tests/test_exercises.py
"""

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "exercises.py"
WELCOME = ROOT / "notebooks" / "00-welcome.ipynb"

spec = importlib.util.spec_from_file_location("exercises", TOOL)
exercises = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exercises)

SOLUTION = """double sigmoidPrime(double x) {
    // BEGIN SOLUTION
    double s = sigmoid(x);
    return s * (1 - s);
    // END SOLUTION
}"""

CHECK = """// CHECK sigmoid-prime (2 points)
Check.derivative("sigmoid'", x -> sigmoidPrime(x), x -> sigmoid(x), -2, 0, 2);
// BEGIN HIDDEN TESTS
Check.derivative("sigmoid'", x -> sigmoidPrime(x), x -> sigmoid(x), 0.3, 5);
// END HIDDEN TESTS"""


def notebook(*sources):
    """A notebook of the given cells: strings starting with '#' are markdown, the others code."""
    cells = [new_markdown_cell(s) if s.startswith("#") else new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "nnlab", "display_name": "Java (nnlab)", "language": "java"}
    return nb


def exercise_notebook():
    nb = notebook("# Sigmoid", "double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }", SOLUTION, CHECK)
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="old output\n")]
    nb.cells[1].execution_count = 3
    return nb


def error_of(*sources, name="lesson.ipynb"):
    with pytest.raises(exercises.ExerciseError) as info:
        exercises.student_version(notebook(*sources), name)
    with pytest.raises(exercises.ExerciseError):
        exercises.instructor_version(notebook(*sources), name)
    return str(info.value)


# ---- student version ----

def test_student_solution_is_replaced_by_a_stub_that_throws():
    student = exercises.student_version(exercise_notebook())
    assert student.cells[2].source == """double sigmoidPrime(double x) {
    // YOUR CODE HERE
    throw new org.nnlab.check.NotImplementedYet("sigmoidPrime");
}"""


def test_student_check_keeps_visible_tests_and_loses_hidden_ones():
    student = exercises.student_version(exercise_notebook())
    assert student.cells[3].source == """// CHECK sigmoid-prime (2 points)
Check.derivative("sigmoid'", x -> sigmoidPrime(x), x -> sigmoid(x), -2, 0, 2);"""


def test_student_metadata_follows_nbgrader():
    student = exercises.student_version(exercise_notebook())
    markdown, plain, solution, check = (cell.metadata for cell in student.cells)

    assert solution["nbgrader"]["solution"] is True
    assert solution["nbgrader"]["grade"] is False
    assert solution["nbgrader"]["locked"] is False
    assert solution["nbgrader"]["grade_id"] == "solution-1"
    assert "editable" not in solution and solution["deletable"] is False

    assert check["nbgrader"]["grade"] is True
    assert check["nbgrader"]["solution"] is False
    assert check["nbgrader"]["locked"] is True
    assert check["nbgrader"]["points"] == 2
    assert check["nbgrader"]["grade_id"] == "sigmoid-prime"
    assert check["editable"] is False and check["deletable"] is False

    for meta in (markdown, plain):
        assert meta["nbgrader"]["locked"] is True
        assert meta["nbgrader"]["grade"] is False and meta["nbgrader"]["solution"] is False
        assert meta["editable"] is False


def test_student_metadata_is_valid_nbgrader_schema_3():
    student = exercises.student_version(exercise_notebook())
    assert_valid_nbgrader(student)


def test_student_checksums_are_the_ones_nbgrader_computes():
    # nbgrader's utils.compute_checksum: MD5 of source, cell type, grade/solution/locked flags, id, points.
    student = exercises.student_version(exercise_notebook())
    check = student.cells[3]
    md5 = hashlib.md5()
    for part in (check.source, "code", "True", "False", "True", "sigmoid-prime", "2.0"):
        md5.update(part.encode())
    assert check.metadata["nbgrader"]["checksum"] == md5.hexdigest()
    # The solution cell's checksum covers the stub, which is what the student receives.
    solution = student.cells[2]
    md5 = hashlib.md5()
    for part in (solution.source, "code", "False", "True", "False", "solution-1"):
        md5.update(part.encode())
    assert solution.metadata["nbgrader"]["checksum"] == md5.hexdigest()


def test_default_ids_and_points():
    student = exercises.student_version(notebook(
        "int f() {\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}",
        "// CHECK\nCheck.value(\"f\", 1, f());",
        "int g() {\n    // BEGIN SOLUTION\n    return 2;\n    // END SOLUTION\n}",
        "// CHECK 3 points\nCheck.value(\"g\", 2, g());",
        "// CHECK half (0.5 points)\nCheck.value(\"g\", 2, g());"))
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in student.cells]
    assert ids == ["solution-1", "check-1", "solution-2", "check-2", "half"]
    points = [cell.metadata["nbgrader"].get("points") for cell in student.cells]
    assert points == [None, 1, None, 3, 0.5]


def test_ids_are_unique_in_the_welcome_notebook():
    nb = nbformat.read(str(WELCOME), as_version=4)
    student = exercises.student_version(nb, WELCOME.name)
    ids = [cell.metadata["nbgrader"]["grade_id"] for cell in student.cells]
    assert len(ids) == len(set(ids)) == len(nb.cells)
    assert_valid_nbgrader(student)


def test_stub_names_the_enclosing_method_or_the_exercise():
    student = exercises.student_version(notebook(
        "static List<String> tokens(String text) throws IOException {\n"
        "    for (String t : text.split(\" \")) {\n"
        "        // BEGIN SOLUTION\n"
        "        out.add(t);\n"
        "        // END SOLUTION\n"
        "    }\n"
        "    return out;\n"
        "}",
        "// BEGIN SOLUTION\ndouble learningRate = 0.1;\n// END SOLUTION"))
    assert 'NotImplementedYet("tokens");' in student.cells[0].source
    assert '        throw new' in student.cells[0].source  # indented like the BEGIN line
    assert 'NotImplementedYet("this exercise");' in student.cells[1].source


def test_outputs_are_empty_in_both_versions():
    for version in (exercises.student_version, exercises.instructor_version):
        result = version(exercise_notebook())
        for cell in result.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None


def test_the_input_notebook_is_not_changed():
    nb = exercise_notebook()
    before = json.dumps(nb, sort_keys=True)
    exercises.student_version(nb)
    exercises.instructor_version(nb)
    assert json.dumps(nb, sort_keys=True) == before


# ---- instructor version ----

def test_instructor_keeps_solutions_and_hidden_tests_without_markers():
    instructor = exercises.instructor_version(exercise_notebook())
    assert instructor.cells[2].source == """double sigmoidPrime(double x) {
    double s = sigmoid(x);
    return s * (1 - s);
}"""
    assert instructor.cells[3].source == """// CHECK sigmoid-prime (2 points)
Check.derivative("sigmoid'", x -> sigmoidPrime(x), x -> sigmoid(x), -2, 0, 2);
Check.derivative("sigmoid'", x -> sigmoidPrime(x), x -> sigmoid(x), 0.3, 5);"""
    for cell in instructor.cells:
        assert "BEGIN" not in cell.source and "END" not in cell.source


def test_instructor_has_the_same_nbgrader_flags_without_release_data():
    student = exercises.student_version(exercise_notebook())
    instructor = exercises.instructor_version(exercise_notebook())
    for s, i in zip(student.cells, instructor.cells):
        release_only = {"checksum", "cell_type"}
        assert i.metadata["nbgrader"] == {k: v for k, v in s.metadata["nbgrader"].items() if k not in release_only}
        assert "editable" not in i.metadata and "deletable" not in i.metadata
    check = instructor.cells[3].metadata["nbgrader"]
    assert check["grade"] is True and check["solution"] is False and check["points"] == 2


def test_both_versions_keep_cell_order_and_ids():
    nb = nbformat.read(str(WELCOME), as_version=4)
    student = exercises.student_version(nb, WELCOME.name)
    instructor = exercises.instructor_version(nb, WELCOME.name)
    assert [c.id for c in student.cells] == [c.id for c in instructor.cells] == [c.id for c in nb.cells]
    nbformat.validate(student)
    nbformat.validate(instructor)


# ---- malformed notebooks: clear errors naming notebook, cell and line ----

def test_begin_without_end():
    message = error_of("# Intro", "int f() {\n    // BEGIN SOLUTION\n    return 1;\n}")
    assert message == ("lesson.ipynb, cell 2, line 2: `// BEGIN SOLUTION` has no matching `// END SOLUTION`")


def test_end_without_begin():
    message = error_of("int f() {\n    return 1;\n    // END SOLUTION\n}")
    assert message == "lesson.ipynb, cell 1, line 3: `// END SOLUTION` without a matching `// BEGIN SOLUTION` before it"


def test_nested_regions():
    message = error_of("// BEGIN SOLUTION\n// BEGIN SOLUTION\nint a = 1;\n// END SOLUTION\n// END SOLUTION")
    assert message.startswith("lesson.ipynb, cell 1, line 2: `// BEGIN SOLUTION` inside the region opened on line 1")


def test_hidden_tests_without_end():
    message = error_of("// CHECK\n// BEGIN HIDDEN TESTS\nCheck.value(\"a\", 1, 1);")
    assert message == "lesson.ipynb, cell 1, line 2: `// BEGIN HIDDEN TESTS` has no matching `// END HIDDEN TESTS`"


def test_hidden_tests_outside_a_check_cell():
    message = error_of("// BEGIN HIDDEN TESTS\nint a = 1;\n// END HIDDEN TESTS")
    assert "lesson.ipynb, cell 1, line 1: hidden tests belong in a CHECK cell" in message


def test_solution_inside_a_check_cell():
    message = error_of("// CHECK\n// BEGIN SOLUTION\nint a = 1;\n// END SOLUTION")
    assert "lesson.ipynb, cell 1, line 2: a CHECK cell cannot hold a solution" in message


def test_region_that_does_not_end_its_block():
    message = error_of("double f(double x) {\n    // BEGIN SOLUTION\n    double s = x;\n"
                       "    // END SOLUTION\n    return s;\n}")
    assert message.startswith("lesson.ipynb, cell 1, line 4: a solution region must end its block")
    assert "found `return s;`" in message


def test_marker_not_alone_on_its_line():
    message = error_of("int a = 1; // BEGIN SOLUTION\n// END SOLUTION")
    assert message == ("lesson.ipynb, cell 1, line 1: write the marker alone on its line, "
                       "as `// BEGIN SOLUTION`, not `int a = 1; // BEGIN SOLUTION`")
    assert "line 2: write the marker alone on its line, as `// END SOLUTION`, not `# END SOLUTION`" in error_of(
        "int a;\n# END SOLUTION")


def test_markers_in_markdown():
    message = error_of("# Answer\n\n// BEGIN SOLUTION\nThe answer\n// END SOLUTION")
    assert message == "lesson.ipynb, cell 1, line 3: exercise markers work only in code cells, but this is a markdown cell"


def test_unreadable_check_line():
    message = error_of("// CHECK two points please\nCheck.value(\"a\", 1, 1);")
    assert message.startswith("lesson.ipynb, cell 1: cannot read `// CHECK two points please`")


def test_duplicate_check_names():
    message = error_of("// CHECK same\nint a;", "// CHECK same\nint b;")
    assert message == ("lesson.ipynb, cell 2: the id 'same' is already used by cell 1; "
                       "give each CHECK its own name")


# ---- command line ----

def test_command_line_writes_both_versions(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    nbformat.write(exercise_notebook(), str(source / "01-sigmoid.ipynb"))
    nbformat.write(notebook("# Reading only", "int a = 1;"), str(source / "02-reading.ipynb"))
    out = tmp_path / "out"
    result = run_tool(str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "01-sigmoid.ipynb: 1 solution cell(s), 1 check(s), 2 point(s)" in result.stdout
    for folder in ("student", "instructor", "nbgrader-source"):
        names = sorted(p.name for p in (out / folder).iterdir())
        assert names == ["01-sigmoid.ipynb", "02-reading.ipynb"]
    student = nbformat.read(str(out / "student" / "01-sigmoid.ipynb"), as_version=4)
    assert "NotImplementedYet" in student.cells[2].source
    instructor = nbformat.read(str(out / "instructor" / "01-sigmoid.ipynb"), as_version=4)
    assert "return s * (1 - s);" in instructor.cells[2].source


def test_nbgrader_source_keeps_every_line_with_valid_flags():
    nb = nbformat.read(str(ROOT / "notebooks" / "01-perceptron.ipynb"), as_version=4)
    source = exercises.nbgrader_source_version(nb, "01-perceptron.ipynb")
    student = exercises.student_version(nb, "01-perceptron.ipynb")
    assert [c.source for c in source.cells] == [c.source for c in nb.cells]  # markers and hidden tests kept
    assert any("BEGIN SOLUTION" in c.source for c in source.cells)
    for cell, released in zip(source.cells, student.cells):
        meta, release = cell.metadata["nbgrader"], released.metadata["nbgrader"]
        assert {k: meta[k] for k in meta} == {k: release[k] for k in meta}  # the flags nbgrader releases
        assert "checksum" not in meta and "cell_type" not in meta  # a source has no release data
        assert cell.cell_type != "code" or cell.outputs == []
    for cell in source.cells:  # nbgrader's schema 3 rules that apply to a source
        cell.metadata["nbgrader"]["cell_type"] = cell.cell_type
        cell.metadata["nbgrader"]["checksum"] = "0" * 32
    assert_valid_nbgrader(source)


def test_command_line_accepts_one_notebook_and_reports_errors(tmp_path):
    good = tmp_path / "good.ipynb"
    nbformat.write(exercise_notebook(), str(good))
    assert run_tool(str(good), "--out", str(tmp_path / "one")).returncode == 0
    assert (tmp_path / "one" / "student" / "good.ipynb").is_file()

    bad = tmp_path / "bad.ipynb"
    nbformat.write(notebook("# Intro", "// BEGIN SOLUTION\nint a = 1;"), str(bad))
    result = run_tool(str(bad), "--out", str(tmp_path / "two"))
    assert result.returncode == 1
    assert "bad.ipynb, cell 2, line 1: `// BEGIN SOLUTION` has no matching `// END SOLUTION`" in result.stderr
    assert not (tmp_path / "two").exists(), "nothing is written when a notebook is broken"


# ---- helpers ----

def run_tool(*args):
    return subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True)


NBGRADER_KEYS = {"schema_version", "grade", "solution", "locked", "task", "grade_id", "points",
                 "checksum", "cell_type"}


def assert_valid_nbgrader(nb):
    """The rules of nbgrader's metadata schema version 3 (nbgraderformat/v3.json and MetadataValidatorV3)."""
    seen = set()
    for cell in nb.cells:
        meta = cell.metadata["nbgrader"]
        assert set(meta) <= NBGRADER_KEYS, set(meta) - NBGRADER_KEYS
        assert meta["schema_version"] == 3
        for flag in ("grade", "solution", "locked"):
            assert isinstance(meta[flag], bool)
        assert meta["grade_id"] and exercises.GRADE_ID.match(meta["grade_id"])
        assert meta["grade_id"] not in seen
        seen.add(meta["grade_id"])
        if meta["grade"]:
            assert isinstance(meta["points"], (int, float)) and meta["points"] >= 0
        else:
            assert "points" not in meta
        assert meta["cell_type"] == cell.cell_type
        assert len(meta["checksum"]) == 32
        if cell.cell_type == "markdown":  # markdown cells are graded only as written answers
            assert meta["grade"] == meta["solution"]
