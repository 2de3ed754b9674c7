"""The HTML handouts (tools/handouts.py --fast, built once by the `handouts_build` fixture into
build/test/handouts/) render in headless Chromium from file://, offline:

- the build exits 0 and the index links a student and an instructor handout (and notebook)
  for every notebook;
- every <img> loaded with a non-zero natural size; there are as many output images as the
  executed notebook has image outputs, and 00-welcome has at least one chart;
- nothing is fetched from the network: scripts, styles and images are inline, data: URIs or
  files inside the handout folder, and the browser logs no failed load or script error;
- formulas are typeset (MathJax bundled with the handouts) where the markdown has math;
- the instructor version shows no error output (class `nnlab-error`, which handouts.py puts on
  error outputs; cells tagged raises-exception excepted); the student version shows the stub's
  "not implemented yet" for each exercise and leaks no solution line.
"""
import html.parser
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = Path(os.environ.get("NNLAB_NOTEBOOKS") or ROOT / "notebooks")
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
each_notebook = pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])

VARIANTS = ("student", "instructor")
NOT_IMPLEMENTED = re.compile(r"not implemented yet|NotImplementedYet", re.I)
MARKER = re.compile(r"//\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)\b")  # tools/exercises.py's markers
MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$])\$[^$\n]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)

PAGE_STATE_JS = r"""
const inside = (el, sel) => el.closest(sel) !== null;
const imgs = Array.from(document.images).map(i => ({
    src: (i.getAttribute('src') || '').slice(0, 60), complete: i.complete,
    w: i.naturalWidth, h: i.naturalHeight, output: inside(i, '.jp-OutputArea-output')}));
const svgs = Array.from(document.querySelectorAll('.jp-RenderedSVG svg')).map(s => {
    const r = s.getBoundingClientRect(); return [r.width, r.height]; });
const errors = Array.from(document.querySelectorAll('.nnlab-error'))
    .filter(e => !inside(e, '.celltag_raises-exception')).map(e => e.innerText);
const resources = [];
document.querySelectorAll('script[src], link[href], img[src], iframe[src], embed[src], object[data], source[src], video[src], audio[src]')
    .forEach(e => { if (e.tagName !== 'A') resources.push(e.getAttribute('src') || e.getAttribute('href') || e.getAttribute('data')); });
const code = Array.from(document.querySelectorAll('.jp-InputArea-editor')).map(e => e.textContent).join('\n');
return {imgs, svgs, errors, resources, code,
        mathjax: !!window.MathJax, typeset: document.querySelectorAll('.MathJax_CHTML, .mjx-chtml').length,
        matherrors: document.querySelectorAll('.MathJax_Error, .mjx-merror').length,
        text: document.body.innerText};
"""

MATHJAX_STATE_JS = r"""
if (!window.MathJax || !MathJax.Hub) return 'no-mathjax';
const q = MathJax.Hub.queue;
return (MathJax.isReady && q && q.pending === 0 && !q.running) ? 'typeset' : 'busy';
"""


def wait_mathjax(driver, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = driver.execute_script(MATHJAX_STATE_JS)
        if state != "busy":
            return state
        time.sleep(0.2)
    return "timeout"


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href")


def built(handouts_build):
    proc, out, executed = handouts_build
    if not (out / "index.html").exists():
        pytest.fail(f"handouts.py wrote no index.html (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
                    pytrace=False)
    return proc, out, executed


def image_outputs(nb):
    n = 0
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.output_type in ("display_data", "execute_result") and (
                    "image/png" in o.data or "image/jpeg" in o.data):
                n += 1
    return n


def hidden_lines(nb):
    """Distinctive lines of solution regions and hidden tests: found nowhere else in the notebook."""
    inside, hidden, rest = False, [], set()
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        for line in c.source.splitlines():
            m = MARKER.search(line)
            if m:
                inside = m.group(1) == "BEGIN"
            elif inside:
                hidden.append(line.strip())
            else:
                rest.add(line.strip())
    return [s for s in hidden if len(s) >= 8 and s not in rest and not s.startswith("//")]


def test_build_succeeds(handouts_build):
    proc, _out, _ex = built(handouts_build)
    assert proc.returncode == 0, f"handouts.py --fast failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"


def test_index_links_everything(handouts_build):
    _proc, out, _ex = built(handouts_build)
    parser = Links()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOKS_DIR}"
    for nb_path in NOTEBOOKS:
        for v in VARIANTS:
            for ext in (".html", ".ipynb"):
                assert f"{v}/{nb_path.stem}{ext}" in parser.hrefs, f"index.html does not link {v}/{nb_path.stem}{ext}"
    for href in parser.hrefs:
        assert (out / href).is_file(), f"index.html links {href}, which does not exist"


@each_notebook
@pytest.mark.parametrize("variant", VARIANTS)
def test_handout_notebook_is_clean(notebook, variant, handouts_build):
    _proc, out, _ex = built(handouts_build)
    nb = nbformat.read(str(out / variant / notebook.name), as_version=4)
    nbformat.validate(nb)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "handed-out notebook has outputs"
    if variant == "student":
        assert not any(MARKER.search(c.source) for c in nb.cells), "student notebook has exercise markers"
        source = nbformat.read(str(notebook), as_version=4)
        code = "\n".join(c.source for c in nb.cells)
        leaked = [s for s in hidden_lines(source) if s in code]
        assert not leaked, f"student notebook shows solution or hidden-test lines: {leaked[:3]}"


@each_notebook
@pytest.mark.parametrize("variant", VARIANTS)
def test_handout_renders_offline(notebook, variant, handouts_build, chrome):
    _proc, out, executed = built(handouts_build)
    page = out / variant / f"{notebook.stem}.html"
    assert page.is_file(), f"missing handout {page}"
    raw = page.read_text(encoding="utf-8")
    remote = re.findall(r"""(?:url\(\s*['"]?|@import\s+['"]?)((?:https?:)?//[^'")\s]+)""", raw)
    assert not remote, f"{page.name}: CSS refers to remote resources: {remote[:5]}"

    chrome.get_log("browser")  # drop earlier entries
    chrome.get(page.resolve().as_uri())
    assert wait_mathjax(chrome) in ("typeset", "no-mathjax"), "MathJax did not finish within 60 s"
    st = chrome.execute_script(PAGE_STATE_JS)
    where = f"{variant}/{page.name}"

    # nothing from the network, nothing broken
    for r in st["resources"]:
        assert r.startswith("data:") or not re.match(r"^[a-z][a-z0-9+.-]*:|^//", r, re.I), \
            f"{where} loads {r[:80]} (not embedded, not inside the handout folder)"
        if not r.startswith("data:"):
            target = (page.parent / r.split("?")[0]).resolve()
            assert target.is_file() and out.resolve() in target.parents, f"{where}: {r} is not a file in {out}"
    severe = [e["message"] for e in chrome.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, f"{where}: browser errors:\n" + "\n".join(severe)

    # images
    for img in st["imgs"]:
        assert img["complete"] and img["w"] > 0 and img["h"] > 0, f"{where}: image did not load: {img}"
    for w, h in st["svgs"]:
        assert w > 0 and h > 0, f"{where}: an SVG output has zero size"
    exec_nb = nbformat.read(str(executed / variant / notebook.name), as_version=4)
    shown = sum(1 for i in st["imgs"] if i["output"])
    assert shown == image_outputs(exec_nb), f"{where}: {shown} output images, notebook has {image_outputs(exec_nb)}"
    if notebook.name == "00-welcome.ipynb":
        assert shown >= 1, f"{where}: no chart image"

    # math
    markdown = "\n".join(c.source for c in exec_nb.cells if c.cell_type == "markdown")
    if MATH.search(markdown):
        assert st["mathjax"], f"{where}: has formulas but MathJax is not loaded (apt-get install libjs-mathjax)"
        assert st["typeset"] > 0 and st["matherrors"] == 0, \
            f"{where}: formulas not typeset ({st['typeset']} typeset, {st['matherrors']} errors)"

    # errors
    if variant == "instructor":
        assert not st["errors"], f"{where} shows error output:\n" + "\n---\n".join(e[-600:] for e in st["errors"])
    else:
        unexpected = [e for e in st["errors"] if not NOT_IMPLEMENTED.search(e)]
        assert not unexpected, (f"{where} shows errors other than 'not implemented yet':\n"
                                + "\n---\n".join(e[-600:] for e in unexpected))
        has_checks = any(c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
                         for c in exec_nb.cells)
        if has_checks:
            assert st["errors"], f"{where}: no exercise shows 'not implemented yet'"
        assert not MARKER.search(st["code"]), f"{where} shows exercise markers"
        source = nbformat.read(str(notebook), as_version=4)
        leaked = [s for s in hidden_lines(source) if s in st["code"]]
        assert not leaked, f"{where} shows solution or hidden-test lines: {leaked[:3]}"
