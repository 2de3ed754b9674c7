#!/usr/bin/env python3
"""Build HTML handouts (student and instructor versions) from the course notebooks.

    python3 tools/handouts.py [--out build/handouts] [--fast] [--kernel K] [--timeout SEC]
                              [--jobs N] [--mathjax {auto,bundle,none}]
                              [--executed-dir DIR] [--chart-audit DIR] [NOTEBOOK_OR_DIR ...]

(``./nnlab handouts [--fast]`` calls this.) For every notebook (default: ``notebooks/*.ipynb``):

1. make the student and the instructor version with ``tools/exercises.py``
   (``student_version(nb)`` / ``instructor_version(nb)``);
2. execute both through the kernel (``--kernel``, else ``$NNLAB_KERNEL``, else ``nnlab``),
   full mode unless ``--fast`` (``NNLAB_FAST=1``), each in a fresh kernel with the notebook's
   folder as working directory. All cells run even after an error (allow_errors): the student
   handout shows the unfilled exercises as a student sees them, with the stub's
   "not implemented yet" error;
3. write ``OUT/student/NAME.html`` and ``OUT/instructor/NAME.html`` (nbconvert, JupyterLab
   look, CSS inlined, every image a data: URI, no require.js, no CDN), the clean notebooks
   ``OUT/student/NAME.ipynb`` and ``OUT/instructor/NAME.ipynb`` (no outputs, to hand out), and
   an index for each: two separate sites. ``OUT/student/`` holds and links nothing with a solution
   (publish that folder to students); ``OUT/instructor/`` is the lecturer's.

Every HTML file stands alone: images are data: URIs, and MathJax 2 (TeX input, CommonHTML
output, TeX web fonts) is inlined into each page from the MathJax found on this machine (Debian
``libjs-mathjax`` or the one shipped with the classic notebook package), see
``tools/handout_page.py`` for how and why. A page e-mailed or uploaded on its own renders its
formulas offline, with no sibling files. Pages read on a phone: code scrolls sideways in its cell,
outputs and tables scroll inside their box, the prompt gutter folds away below 640 px
(``handout_page.RESPONSIVE_CSS``). ``--mathjax none`` leaves formulas as TeX source; ``bundle``
fails when no local MathJax is found; ``auto`` (default) inlines one when found and otherwise warns
and leaves formulas as TeX.

Error outputs carry the CSS class ``nnlab-error`` (nbconvert's lab template gives errors and
stderr the same markup, ``data-mime-type="application/vnd.jupyter.stderr"``); cells tagged
``raises-exception`` also carry ``celltag_raises-exception``.

Exit status: 0 all good; 1 when an instructor version has any problem (see
``run_notebooks.py``: error outputs, exception traces on stderr, timeouts), a student version
has a problem other than a "not implemented yet" error, or a page has an image that could not be
embedded (a markdown image whose file is missing or on the web); 2 when it cannot run (kernelspec
or tools/exercises.py missing, broken exercise markup, no notebooks, no MathJax with
``--mathjax bundle``). Every handout is written even when the status is 1, so the failure can be
looked at.

``--executed-dir DIR`` also keeps the executed notebooks as ``DIR/{student,instructor}/NAME.ipynb``
(the tests use them). ``--chart-audit DIR`` has the kernel describe every chart the instructor version
draws in ``DIR/NAME.jsonl`` (``NNLAB_CHART_AUDIT``; the tests check the house style from it). ``--jobs N`` runs N kernels at once (default 1; each kernel is a JVM, so
more than the number of cores rarely helps).
"""
from __future__ import annotations

import argparse
import concurrent.futures
import copy
import datetime
import html
import inspect
import multiprocessing
import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import nbformat  # noqa: E402
import handout_page  # noqa: E402
import run_notebooks as rn  # noqa: E402

VARIANTS = ("student", "instructor")
NOT_IMPLEMENTED = re.compile(r"not implemented yet|NotImplementedYet", re.I)
ERROR_CLASS = "nnlab-error"  # CSS class of error outputs in the handouts (see TEMPLATE)
# MathJax 2 files needed for TeX input + CommonHTML output (what nbconvert's config uses).
MATHJAX_SUBSET = [
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/element",
    "jax/output/CommonHTML",
    "fonts/HTML-CSS/TeX/woff",
    "fonts/HTML-CSS/TeX/otf",
]

TEMPLATE_NAME = "nnlab_handout.html.j2"
TEMPLATE = r"""
{%- extends 'index.html.j2' -%}

{#- no require.js: our outputs carry no JavaScript, and it would be one more file to fetch -#}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}

{#- MathJax inlined (handout_page.mathjax_html): the page needs no other file -#}
{%- block html_head_js_mathjax -%}
{{ resources.nnlab.mathjax_html }}
{%- endblock html_head_js_mathjax -%}

{#- after nbconvert's CSS, so it wins: readable on a phone -#}
{%- block html_head_css -%}
<style type="text/css">{{ resources.nnlab.responsive_css }}</style>
{%- endblock html_head_css -%}

{% block extra_css %}
<style type="text/css">
.nnlab-banner { font: 13px/1.5 system-ui, sans-serif; background: #f2f5f9; border-bottom: 1px solid #d0d7e2;
  padding: 6px 12px; margin: -8px -8px 12px -8px; color: #333; }
.nnlab-banner a { color: #1a5fb4; }
.nnlab-banner .nnlab-variant { font-weight: bold; text-transform: uppercase; letter-spacing: .05em; }
.nnlab-banner .nnlab-variant-student { color: #26a269; }
.nnlab-banner .nnlab-variant-instructor { color: #c64600; }
.nnlab-error pre { background: #fdecea; }
</style>
{% endblock extra_css %}

{%- block body_header -%}
{{ super() }}
<nav class="nnlab-banner">
<a href="index.html">&larr; all handouts</a> &middot;
<span class="nnlab-title">{{ resources.nnlab.title | escape_html }}</span> &middot;
<span class="nnlab-variant nnlab-variant-{{ resources.nnlab.variant }}">{{ resources.nnlab.variant }} version</span> &middot;
{{ resources.nnlab.mode }} mode &middot; built {{ resources.nnlab.built }}
</nav>
{%- endblock body_header -%}

{% block error -%}
<div class="jp-RenderedText jp-OutputArea-output nnlab-error" data-mime-type="application/vnd.jupyter.stderr" data-ename="{{ output.ename | escape_html }}">
<pre>
{%- if output.traceback -%}
{%- for line in output.traceback -%}
{{ "\n" if not loop.first }}{{ line | ansi2html }}
{%- endfor -%}
{%- else -%}
{{ (output.ename ~ ": " ~ output.evalue) | ansi2html }}
{%- endif -%}
</pre>
</div>
{%- endblock error %}
"""


class SetupError(RuntimeError):
    pass


# --------------------------------------------------------------------------- exercises

def load_exercises():
    """Import tools/exercises.py (student_version / instructor_version)."""
    try:
        import exercises  # noqa: F401  (tools/ is first on sys.path)
    except ImportError as e:
        raise SetupError(f"cannot import tools/exercises.py ({e}); it provides "
                         "student_version(nb) and instructor_version(nb)") from None
    for fn in ("student_version", "instructor_version"):
        if not callable(getattr(exercises, fn, None)):
            raise SetupError(f"tools/exercises.py has no function {fn}(nb)")
    return exercises


def make_variant(nb, variant: str, exercises=None, name: Optional[str] = None):
    """The student or instructor version; a broken exercise markup raises SetupError."""
    exercises = exercises or load_exercises()
    fn = exercises.student_version if variant == "student" else exercises.instructor_version
    try:
        if name and "name" in inspect.signature(fn).parameters:
            return fn(copy.deepcopy(nb), name=name)
        return fn(copy.deepcopy(nb))
    except ValueError as e:  # exercises.ExerciseError: names the notebook, cell and line
        raise SetupError(f"exercise markup: {e}") from None


def clean_copy(nb):
    """The notebook as handed out: no outputs, no execution counts or timing."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    return nb


def is_expected_student_problem(p: rn.Problem) -> bool:
    """In a student version, an error that says 'not implemented yet' (org.nnlab.check.NotImplementedYet)
    is the unfilled stub."""
    return p.kind in ("error", "stderr") and bool(NOT_IMPLEMENTED.search(f"{p.ename}\n{p.evalue}\n{p.detail}"))


def notebook_title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
                if m:
                    return re.sub(r"[*_`]", "", m.group(1))
    return nb.metadata.get("title") or fallback


# --------------------------------------------------------------------------- MathJax

def find_mathjax() -> Optional[Path]:
    """A local MathJax 2 folder (with MathJax.js and the TeX/CommonHTML parts), or None."""
    candidates = [Path("/usr/share/javascript/mathjax"), Path(sys.prefix) / "share/javascript/mathjax"]
    try:
        import notebook  # classic notebook < 7 vendors MathJax 2
        candidates.append(Path(notebook.__file__).parent / "static/components/MathJax")
    except Exception:
        pass
    for c in candidates:
        if all((c / part).exists() for part in MATHJAX_SUBSET):
            return c.resolve()
    return None


# --------------------------------------------------------------------------- HTML

def exporter():
    import jinja2
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file=TEMPLATE_NAME, embed_images=True,
                        exclude_anchor_links=True,
                        extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: TEMPLATE})])


def to_html(nb, *, name: str, title: str, variant: str, mode: str, built: str, nb_dir: Path,
            mathjax_html: Optional[str], exp=None) -> str:
    exp = exp or exporter()
    nb = copy.deepcopy(nb)
    nb.metadata["title"] = f"{title} ({variant})"
    resources = {"metadata": {"name": name, "path": str(nb_dir)},
                 "nnlab": {"title": title, "variant": variant, "mode": mode, "built": built,
                           "mathjax_html": mathjax_html or "",
                           "responsive_css": handout_page.RESPONSIVE_CSS}}
    body, _ = exp.from_notebook_node(nb, resources=resources)
    return body


_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)["']""", re.I)


def unembedded_images(page: str, name: str) -> List[rn.Problem]:
    """Images the page would fetch (a markdown image whose file is missing, or one on the web)."""
    return [rn.Problem(name, None, "image", "image not embedded",
                       f"{src[:200]} (put the file next to the notebook, or use a cell attachment)")
            for src in _IMG_SRC.findall(page) if not src.startswith("data:")]


INDEX_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .4em .6em; border-bottom: 1px solid #ddd; }
th { background: #f2f5f9; } .ok { color: #26a269; } .bad { color: #c01c28; font-weight: bold; }
.meta { color: #666; font-size: 90%; } code { font-size: 90%; }
"""


INDEX_TEXT = {
    "student": ("nnlab handouts", "Each lecture's notebook, run: the exercises are left for you to fill in (their "
                "checks show \"not implemented yet\"). The notebook links give the same notebooks without outputs, "
                "to work in."),
    "instructor": ("nnlab handouts: instructor version", "Each lecture's notebook, run with the solutions and the "
                   "hidden tests. Publish the student site (<code>../student/</code>) to students, never this "
                   "one."),
}


def write_index(out: Path, variant: str, rows: List[dict], *, mode: str, kernel: str, built: str,
                mathjax: str) -> Path:
    """OUT/VARIANT/index.html: one site per version. The student site links nothing outside its folder."""
    title, intro = INDEX_TEXT[variant]
    trs = []
    for r in rows:
        stem = html.escape(r["stem"])
        status = ""
        if variant == "instructor":  # build problems concern the instructor, not the students
            status = ('<td><span class="ok">ok</span></td>' if not r["problems"] else
                      f'<td><span class="bad">{len(r["problems"])} problem(s)</span></td>')
        trs.append(f'<tr><td><b>{html.escape(r["title"])}</b><br><code>{html.escape(r["name"])}</code></td>'
                   f'<td><a href="{stem}.html">handout</a> (<a href="{stem}.ipynb" download>notebook</a>)</td>'
                   f'{status}</tr>')
    header = "<th>Notebook</th><th>Handout</th>" + ("<th>Build</th>" if variant == "instructor" else "")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{INDEX_CSS}</style></head>
<body>
<h1>{title}</h1>
<p class="meta">Built {html.escape(built)} with kernel <code>{html.escape(kernel)}</code> in {mode} mode; math: {html.escape(mathjax)}.
{intro}</p>
<table>
<thead><tr>{header}</tr></thead>
<tbody>
{chr(10).join(trs)}
</tbody></table>
</body></html>
"""
    path = out / variant / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- execution

def _execute_task(task: dict) -> dict:
    """Run one (notebook, variant); module-level so a process pool can call it."""
    nb = nbformat.from_dict(task["nb"])
    name = f'{task["name"]} ({task["variant"]})'
    t0 = time.monotonic()
    audit = task.get("chart_audit")
    if audit:  # the kernel inherits this process's environment (run_notebooks.kernel_env)
        Path(audit).unlink(missing_ok=True)
        os.environ["NNLAB_CHART_AUDIT"] = audit
    try:
        nb = rn.execute(nb, task["kernel"], task["fast"], task["timeout"], cwd=task["cwd"],
                        startup_timeout=task["startup_timeout"], name=name)
        problems = rn.find_problems(nb, name)
    except rn.ExecutionAborted as e:
        nb = e.nb
        problems = rn.aborted_problems(e, name)
    finally:
        os.environ.pop("NNLAB_CHART_AUDIT", None)
    return {"key": (task["name"], task["variant"]), "nb": nb, "problems": problems,
            "seconds": time.monotonic() - t0}


def build(paths: List[Path], out: Path, *, kernel: str, fast: bool, timeout: float,
          startup_timeout: float = rn.DEFAULT_STARTUP_TIMEOUT, jobs: int = 1, mathjax: str = "auto",
          executed_dir: Optional[Path] = None, chart_audit: Optional[Path] = None, log=print) -> Tuple[List[rn.Problem], List[rn.Problem]]:
    """Build all handouts. Returns (failures, expected_student_errors)."""
    exercises = load_exercises()
    mode = "fast" if fast else "full"
    built = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    out.mkdir(parents=True, exist_ok=True)

    mathjax_html, mathjax_note = None, "none (formulas shown as TeX)"
    if mathjax in ("auto", "bundle"):
        src = find_mathjax()
        if src is None:
            if mathjax == "bundle":
                raise SetupError("no local MathJax 2 found (Debian: apt-get install libjs-mathjax)")
            log("warning: no local MathJax 2 found (Debian: libjs-mathjax); formulas stay as TeX source")
        else:
            mathjax_html = handout_page.mathjax_html(src)
            mathjax_note = f"MathJax inlined in every page (from {src}), no other file needed"
    shutil.rmtree(out / "mathjax", ignore_errors=True)  # the shared copy older builds made

    sources = {p.name: (p, nbformat.read(str(p), as_version=4)) for p in paths}
    if chart_audit is not None:
        chart_audit.mkdir(parents=True, exist_ok=True)
    tasks = []
    for name, (path, nb) in sources.items():
        for v in VARIANTS:
            variant_nb = make_variant(nb, v, exercises, name)
            d = out / v
            d.mkdir(parents=True, exist_ok=True)
            nbformat.write(clean_copy(variant_nb), str(d / name))
            tasks.append({"nb": variant_nb, "name": name, "variant": v, "kernel": kernel, "fast": fast,
                          "timeout": timeout, "startup_timeout": startup_timeout,
                          "cwd": str(path.parent.resolve()),
                          "chart_audit": str(chart_audit.resolve() / f"{path.stem}.jsonl")
                          if chart_audit is not None and v == "instructor" else None})

    log(f"Executing {len(tasks)} notebook versions with kernel '{kernel}', {mode} mode"
        f"{f', {jobs} at a time' if jobs > 1 else ''}")
    results: Dict[tuple, dict] = {}
    if jobs > 1:
        ctx = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            for r in pool.map(_execute_task, tasks):
                results[r["key"]] = r
                _log_result(r, log)
    else:
        for t in tasks:
            r = _execute_task(t)
            results[r["key"]] = r
            _log_result(r, log)

    exp = exporter()
    failures: List[rn.Problem] = []
    expected: List[rn.Problem] = []
    rows = []
    for name, (path, _nb) in sources.items():
        stem = Path(name).stem
        row_problems: List[rn.Problem] = []
        title = notebook_title(results[(name, "instructor")]["nb"], stem)
        for v in VARIANTS:
            r = results[(name, v)]
            for p in r["problems"]:
                if v == "student" and is_expected_student_problem(p):
                    expected.append(p)
                else:
                    row_problems.append(p)
            page = to_html(r["nb"], name=stem, title=title, variant=v, mode=mode, built=built,
                           nb_dir=path.parent.resolve(), mathjax_html=mathjax_html, exp=exp)
            (out / v / f"{stem}.html").write_text(page, encoding="utf-8")
            row_problems.extend(unembedded_images(page, f"{name} ({v})"))
            if executed_dir is not None:
                (executed_dir / v).mkdir(parents=True, exist_ok=True)
                nbformat.write(r["nb"], str(executed_dir / v / name))
        failures.extend(row_problems)
        rows.append({"name": name, "stem": stem, "title": title, "problems": row_problems})
    for v in VARIANTS:
        write_index(out, v, rows, mode=mode, kernel=kernel, built=built, mathjax=mathjax_note)
    (out / "index.html").unlink(missing_ok=True)  # older builds had one index linking both sites
    return failures, expected


def _log_result(r: dict, log) -> None:
    name, v = r["key"]
    expected = [p for p in r["problems"] if v == "student" and is_expected_student_problem(p)]
    other = len(r["problems"]) - len(expected)
    parts = ([f"{other} problem(s)"] if other else []) + (
        [f"{len(expected)} exercise stub(s) not implemented yet, as expected"] if expected else [])
    log(f"  {name} ({v}): {', '.join(parts) or 'ok'} ({r['seconds']:.1f} s)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebooks", nargs="*", help="notebooks or folders (default: notebooks/)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "handouts",
                    help="output folder (default build/handouts)")
    ap.add_argument("--fast", action="store_true", help="fast mode (NNLAB_FAST=1); default is full mode")
    ap.add_argument("--kernel", help=f"kernelspec name (default: $NNLAB_KERNEL or {rn.DEFAULT_KERNEL})")
    ap.add_argument("--timeout", type=float, default=rn.DEFAULT_TIMEOUT,
                    help=f"seconds per cell, 0 for none (default {rn.DEFAULT_TIMEOUT})")
    ap.add_argument("--startup-timeout", type=float, default=rn.DEFAULT_STARTUP_TIMEOUT,
                    help=f"seconds for a kernel to start (default {rn.DEFAULT_STARTUP_TIMEOUT})")
    ap.add_argument("--jobs", type=int, default=1, help="kernels running at once (default 1)")
    ap.add_argument("--mathjax", choices=["auto", "bundle", "none"], default="auto",
                    help="inline a local MathJax into every page (auto: if found)")
    ap.add_argument("--executed-dir", type=Path, help="also keep the executed notebooks here")
    ap.add_argument("--chart-audit", type=Path,
                    help="describe the charts each instructor version draws in DIR/NAME.jsonl")
    a = ap.parse_args(argv)

    kernel = rn.kernel_name(a.kernel)
    t0 = time.monotonic()
    try:
        rn.check_kernel(kernel)
        paths = rn.find_notebooks(a.notebooks)
        if not paths:
            raise SetupError("no notebooks found")
        failures, _expected = build(paths, a.out, kernel=kernel, fast=a.fast, timeout=a.timeout,
                                    startup_timeout=a.startup_timeout, jobs=max(1, a.jobs),
                                    mathjax=a.mathjax, executed_dir=a.executed_dir,
                                    chart_audit=a.chart_audit)
    except (rn.KernelMissing, SetupError, FileNotFoundError) as e:
        print(f"handouts: {e}", file=sys.stderr)
        return 2
    print(f"Handouts: for students {a.out}/student/index.html, for instructors {a.out}/instructor/index.html "
          f"({time.monotonic() - t0:.0f} s)")
    if failures:
        print(f"\nFAILED: {len(failures)} problem(s):", file=sys.stderr)
        for p in failures:
            print(f"  {p}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
