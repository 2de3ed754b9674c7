"""The visible exercise checks name the common mistakes (issue 17, point 3), in the real notebooks.

Each case runs a real notebook (fast mode) up to an exercise's check, then puts a typical wrong answer in
place of the solution and runs the check as students see it (without the hidden tests): its feedback must
name the mistake. Run: /usr/bin/python3 -m pytest tests/test_checks_teach.py
"""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

# notebook -> check name -> [(the solution's first line, a wrong body, phrases the feedback must contain)]
MISTAKES = {
    "00-welcome.ipynb": {"sigmoid-prime": [
        ("double sigmoidPrime(double x) {", "return sigmoid(x);",
         # the example notebook 00 gives in its text
         ["sigmoid': off at 5 of 5 points, first at x = -4: expected 0.0177, yours is 0.018.\n"
          "Likely mistake: yours is the function itself, not its derivative"]),
        ("double sigmoidPrime(double x) {", "double s = sigmoid(x);\n    return s * (s - 1);",
         ["Likely mistake: yours has the opposite sign everywhere"]),
    ]},
    "01-perceptron.ipynb": {
        "perceptron-rule": [
            ("boolean perceptronStep(", "for (int j = 0; j < w.length; j++) w[j] += lr * y * x[j];\n    return true;",
             ["That example is classified correctly", "so the rule leaves w̃ alone, but yours changed it", "x̃ = ("]),
            ("boolean perceptronStep(",
             "double s = 0;\n    for (int j = 0; j < w.length; j++) s += w[j] * x[j];\n    if (y * s > 0) return false;\n"
             "    for (int j = 0; j < w.length; j++) w[j] -= lr * y * x[j];\n    return true;",
             ["Likely mistake: your change has the opposite sign everywhere", "x̃ = ("]),
        ],
        "logistic-gradient": [
            ("INDArray[] logisticGradient(",
             "INDArray p = Transforms.sigmoid(X.mmul(w.transpose()).add(b));\n"
             "    INDArray dw = p.sub(y).transpose().mmul(X);\n"
             "    return new INDArray[] {dw, Nd4j.createFromArray(p.sub(y).sumNumber().doubleValue())};",
             ["dL/dw: off at 2 of 2 values", "× the expected answer everywhere: a sum where a mean is wanted"]),
        ],
    },
    "03-backprop.ipynb": {"batch-weight-gradient": [
        ("INDArray batchWeightGradient(", "return hs.transpose().mmul(errs).div(errs.size(0));",
         ["yours has shape [4, 3] but should have shape [3, 4]", "Likely mistake: that is the transposed shape"]),
        ("INDArray batchWeightGradient(", "return errs.transpose().mmul(hs);",
         ["Likely mistake: yours is 5 × the expected answer everywhere: a sum where a mean is wanted"]),
    ]},
}


def source(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def visible_part(check):
    """The check as students see it: without the hidden tests."""
    return check.split("// BEGIN HIDDEN TESTS")[0]


def with_body(solution, body):
    """The solution cell with its body replaced (the method's signature and braces kept)."""
    first = solution.splitlines()[0]
    return f"{first}\n    {body}\n}}"


@pytest.mark.parametrize("notebook", sorted(MISTAKES))
def test_checks_name_the_likely_mistake(notebook, notebook_kernel, tmp_path):
    nb = nbformat.read(ROOT / "notebooks" / notebook, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    checks = {source(c).splitlines()[0].split()[2]: i for i, c in enumerate(cells)
              if source(c).startswith("// CHECK ")}
    last = max(checks[name] for name in MISTAKES[notebook])
    lesson = cells[:last + 1]                   # the real notebook, solutions in, up to the last check used
    cases = []
    for name, mistakes in MISTAKES[notebook].items():
        for first_line, body, phrases in mistakes:
            solution = next(c for c in lesson if source(c).startswith(first_line))
            lesson = lesson + [nbformat.v4.new_code_cell(with_body(source(solution), body)),
                               nbformat.v4.new_code_cell(visible_part(source(cells[checks[name]])))]
            cases.append((name, body, phrases, len(lesson) - 1))
    run = nbformat.v4.new_notebook(cells=lesson, metadata=nb.metadata)
    env_fast = os.environ.get("NNLAB_FAST")
    os.environ["NNLAB_FAST"] = "1"
    try:
        NotebookClient(run, kernel_name=notebook_kernel, timeout=300, allow_errors=True,
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
    finally:
        if env_fast is None:
            os.environ.pop("NNLAB_FAST")
        else:
            os.environ["NNLAB_FAST"] = env_fast
    for i, cell in enumerate(run.cells[:len(run.cells) - 2 * len(cases)]):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{notebook}: lesson cell {i} failed before the mistakes were tried: {errors}"
    problems = []
    for name, body, phrases, index in cases:
        errors = [o for o in run.cells[index].outputs if o.output_type == "error"]
        feedback = errors[0].evalue if errors else ""
        if not errors or errors[0].ename != "org.nnlab.check.ExerciseFailure":
            problems.append(f"{name} with `{body}`: expected an ExerciseFailure, got {errors or 'no error'}")
            continue
        print(f"--- {notebook} {name}:\n{feedback}")
        missing = [p for p in phrases if p not in feedback]
        if missing:
            problems.append(f"{name} with `{body}`: the feedback lacks {missing}:\n{feedback}")
    assert not problems, "\n\n".join(problems)
