"""The HTML handouts (tools/handouts.py --fast, built once by the `handouts_build` fixture into
build/test/handouts/) render in headless Chromium from file://, offline:

- the build exits 0 and the index links a student and an instructor handout (and notebook)
  for every notebook;
- every <img> loaded with a non-zero natural size; there are as many output images as the
  executed notebook has image outputs, and 00-welcome has at least one chart;
- nothing is fetched from the network: scripts, styles and images are inline, data: URIs or
  files inside the handout folder, and the browser logs no failed load or script error;
- formulas are typeset (MathJax inlined into every page) where the markdown has math;
- a handout copied alone into an empty folder (as e-mailed or uploaded) still renders its formulas,
  and reads on a phone: at 390 px and 1366 px wide no raw TeX shows, nothing in a cell is clipped
  (what is wider than its box scrolls), the page does not scroll sideways at 390 px, the prompt
  gutter folds away at 390 px only; screenshots in build/handout-screens/;
- the instructor version shows no error output (class `nnlab-error`, which handouts.py puts on
  error outputs; cells tagged raises-exception excepted); the student version shows the stub's
  "not implemented yet" for each exercise and leaks no solution line.
"""
import html.parser
import os
import re
import shutil
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
    if not all((out / v / "index.html").exists() for v in VARIANTS):
        pytest.fail(f"handouts.py wrote no index.html per site (exit {proc.returncode}):\n{proc.stdout}\n"
                    f"{proc.stderr}", pytrace=False)
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


def test_each_site_has_its_index_and_links_only_itself(handouts_build):
    _proc, out, _ex = built(handouts_build)
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOKS_DIR}"
    assert not (out / "index.html").exists(), "one index for both sites would publish the solutions with it"
    for v in VARIANTS:
        parser = Links()
        parser.feed((out / v / "index.html").read_text(encoding="utf-8"))
        for nb_path in NOTEBOOKS:
            for ext in (".html", ".ipynb"):
                assert f"{nb_path.stem}{ext}" in parser.hrefs, f"{v}/index.html does not link {nb_path.stem}{ext}"
        for href in parser.hrefs:
            assert "/" not in href and (out / v / href).is_file(), f"{v}/index.html links {href}"


def test_the_student_site_holds_and_links_no_solution(handouts_build):
    _proc, out, _ex = built(handouts_build)
    pages = sorted((out / "student").iterdir())
    assert pages and all(p.suffix in (".html", ".ipynb") for p in pages), pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "instructor" not in {h.split("/")[0] for h in _hrefs(text)}, f"{page.name} links the instructor site"
        assert "../" not in "".join(_hrefs(text)), f"{page.name} links outside the student site"
    # what the pages show is checked for solution and hidden-test lines in test_handout_notebook_is_clean
    # and test_handout_renders_offline


def _hrefs(page):
    parser = Links()
    parser.feed(page)
    return [h for h in parser.hrefs if not h.startswith(("#", "data:", "http://", "https://", "mailto:"))]


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
def test_student_version_runs_its_lesson(notebook, handouts_build):
    """Only exercise checks may fail in a student version: every experiment runs, on the library's
    reference (org.nnlab.check.Fallback) while the student's function is not written yet."""
    _proc, _out, executed = built(handouts_build)
    nb = nbformat.read(str(executed / "student" / notebook.name), as_version=4)
    broken = [f"cell {i + 1}: {o.ename}: {o.evalue[:120]}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
              and not c.metadata.get("nbgrader", {}).get("grade")
              for o in c.get("outputs", []) if o.output_type == "error"]
    assert not broken, f"the student version of {notebook.name} fails outside its checks:\n" + "\n".join(broken)


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



# --------------------------------------------------------------------------- one file, any screen

SCREENS = ROOT / "build" / "handout-screens"
SCREEN_SIZES = {390: (844, True), 1366: (900, False)}  # width: (height, mobile); an iPhone 12-15, a laptop

LAYOUT_JS = r"""
const describe = (el) => {
  const cell = el.closest('.jp-Cell');
  const index = Array.from(document.querySelectorAll('.jp-Cell')).indexOf(cell);
  return `cell ${index} <${el.tagName.toLowerCase()} class="${el.className}"> scrollWidth ${el.scrollWidth} > ` +
         `clientWidth ${el.clientWidth}, overflow-x ${getComputedStyle(el).overflowX}: ` +
         JSON.stringify((el.innerText || el.textContent || '').trim().slice(0, 70));
};
const clipped = [], scrolling = [];
for (const cell of document.querySelectorAll('.jp-Cell')) {
  for (const el of [cell, ...cell.querySelectorAll('*')]) {
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (el.closest('.mjx-chtml, .MJX_Assistive_MathML')) continue;  // MathJax's own boxes
    const ox = getComputedStyle(el).overflowX;
    if (ox === 'auto' || ox === 'scroll') scrolling.push(el.closest('.jp-InputArea-editor') ? 'code' : 'other');
    else if (ox === 'hidden' || ox === 'clip') clipped.push(describe(el));
  }
}
const shown = (el) => el.getBoundingClientRect().width > 0;
const markdown = Array.from(document.querySelectorAll('.jp-MarkdownCell')).map(e => e.innerText).join('\n');
const wideImages = Array.from(document.querySelectorAll('.jp-Cell img'))
  .filter(i => i.getBoundingClientRect().width > document.documentElement.clientWidth + 1).map(i => i.naturalWidth);
return {clipped, scrolling, markdown, wideImages,
        pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
        codeCells: document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor').length,
        inPrompts: Array.from(document.querySelectorAll('.jp-InputPrompt')).filter(shown).length,
        typeset: document.querySelectorAll('.MathJax_CHTML, .mjx-chtml').length,
        matherrors: document.querySelectorAll('.MathJax_Error, .mjx-merror').length};
"""

SCROLL_TO_WIDEST_JS = r"""
const all = Array.from(document.querySelectorAll(arguments[0]));
if (!all.length) return false;
const widest = all.reduce((a, b) => (b.scrollWidth - b.clientWidth > a.scrollWidth - a.clientWidth ? b : a));
widest.scrollIntoView({block: 'center'});
return true;
"""


def _source_stats(path):
    nb = nbformat.read(str(path), as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    code = [line for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()]
    return len(MATH.findall(markdown)), max((len(line) for line in code), default=0)


def _standalone_pages():
    """Two pages that are hardest to read on a phone: the instructor handout with the most formulas
    and the student handout with the longest code line (a few seconds each, not the whole course)."""
    if not NOTEBOOKS:
        return []
    stats = {p: _source_stats(p) for p in NOTEBOOKS}
    most_math = max(NOTEBOOKS, key=lambda p: stats[p][0])
    widest_code = max(NOTEBOOKS, key=lambda p: stats[p][1])
    return [(most_math, "instructor"), (widest_code, "student")]


STANDALONE = _standalone_pages()


@pytest.mark.parametrize("width", sorted(SCREEN_SIZES))
@pytest.mark.parametrize("notebook,variant", STANDALONE, ids=[f"{v}-{p.stem}" for p, v in STANDALONE])
def test_handout_alone_on_any_screen(notebook, variant, width, handouts_build, chrome, tmp_path):
    _proc, out, _ex = built(handouts_build)
    page = out / variant / f"{notebook.stem}.html"
    assert page.is_file(), f"missing handout {page}"
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(page, alone / page.name)
    assert [f.name for f in alone.iterdir()] == [page.name]
    where = f"{variant}/{page.name} alone at {width} px"

    height, mobile = SCREEN_SIZES[width]
    chrome.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    try:
        chrome.get_log("browser")  # drop earlier entries
        chrome.get((alone / page.name).resolve().as_uri())
        mathjax = wait_mathjax(chrome)
        st = chrome.execute_script(LAYOUT_JS)
        severe = [e["message"] for e in chrome.get_log("browser") if e.get("level") == "SEVERE"]

        SCREENS.mkdir(parents=True, exist_ok=True)
        shots = []
        for what, selector in [("top", None), ("code", ".jp-CodeCell .jp-InputArea-editor"),
                               ("math", ".MJXc-display"), ("table", ".jp-OutputArea-output table, .jp-RenderedMarkdown table")]:
            if selector and not chrome.execute_script(SCROLL_TO_WIDEST_JS, selector):
                continue
            shot = SCREENS / f"{variant}-{notebook.stem}-{width}px-{what}.png"
            chrome.save_screenshot(str(shot))
            shots.append(shot)
        print(f"\n{where}: screenshots\n  " + "\n  ".join(str(s) for s in shots))
    finally:
        chrome.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    problems = []  # all of them, so one run shows everything a page gets wrong
    if severe:
        problems.append("browser errors (a file the page needs is not in it?):\n    " + "\n    ".join(severe))
    # formulas: typeset with what the file carries, no TeX source left in the text
    if mathjax != "typeset":
        problems.append(f"MathJax {mathjax} (the page has formulas: it must carry MathJax)")
    if st["typeset"] == 0 or st["matherrors"]:
        problems.append(f"formulas not typeset ({st['typeset']} typeset, {st['matherrors']} errors)")
    raw = [m.group(0)[:60] for m in MATH.finditer(st["markdown"])]
    raw += [s for s in ("$$", "\\begin{", "\\(", "\\[") if s in st["markdown"]]
    if raw:
        problems.append(f"raw TeX in the text: {raw[:5]}")
    # nothing cut off: what is wider than its box scrolls
    if st["clipped"]:
        problems.append(f"{len(st['clipped'])} element(s) cut off with no way to scroll:\n    "
                        + "\n    ".join(st["clipped"][:8]))
    if st["wideImages"]:
        problems.append(f"images wider than the screen: {st['wideImages'][:5]}")
    if width < 600:
        if st["pageWidth"] > st["viewport"] + 1:
            problems.append(f"the page scrolls sideways ({st['pageWidth']} px wide, screen {st['viewport']} px)")
        if st["inPrompts"]:
            problems.append(f"the In prompt gutter still takes width ({st['inPrompts']} prompts shown)")
        if notebook == STANDALONE[-1][0] and "code" not in st["scrolling"]:
            problems.append("the longest code line does not scroll sideways")
    elif not st["inPrompts"] >= st["codeCells"] > 0:
        problems.append(f"desktop shows {st['inPrompts']} In prompts for {st['codeCells']} code cells")
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)
