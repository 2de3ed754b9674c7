"""What makes one handout HTML file stand alone and read on a phone (used by tools/handouts.py).

Formulas: MathJax 2 inlined into every page
-------------------------------------------
Each page carries the MathJax 2 it needs (Debian's ``libjs-mathjax``, the one the handouts used
before): ``MathJax.js`` runs from an inline script, and every file MathJax would fetch later (the
``TeX-AMS_CHTML-full`` configuration, ``Safe``, TeX extensions, CommonHTML font data, operator
tables) is a string in the page that a replacement of MathJax's script loader evaluates instead of
adding a ``<script src>``. The TeX web fonts are ``data:`` URIs put into CommonHTML's ``@font-face``
rules as soon as its font data loads. Nothing is fetched, so the file renders the same from a web
server, an e-mail attachment, or a folder of its own; a file that is not in the page would be
looked for under the folder ``mathjax-inline/``, which does not exist, so the browser reports it
(tests/test_handouts.py fails on any such error).

Why this and not pre-rendered formulas (issue 17, point 6):
- pre-rendering at export needs a TeX-to-HTML/SVG engine that runs outside a browser. Debian 12
  has no MathJax 3 (``node-mathjax-full`` is not in bookworm); KaTeX (``katex``) is, but it is a
  different engine (another TeX subset, other spacing and fonts than the notebooks show in
  Jupyter), needs Node.js at export time, and would need our own code to find the formulas in
  nbconvert's HTML the way MathJax's tex2jax does.
- inlining keeps exactly the renderer, configuration and TeX coverage of the Jupyter notebook and of
  the handouts as they were (same ``TeX-AMS_CHTML-full,Safe`` that nbconvert uses), with packages
  already installed. Measured (fast-mode 03-backprop, 104 formulas): the page grows from 0.68 MB
  to 1.86 MB (+1.18 MB: 0.72 MB of MathJax code, 0.47 MB of base64 woff fonts; files the combined
  configuration already holds are left out); Chromium shows it typeset from a bare folder; the
  four page loads of tests/test_handouts.py's standalone test take about 20 s with Chromium's start.

Phone reading: ``RESPONSIVE_CSS``
---------------------------------
Appended after nbconvert's JupyterLab CSS: code scrolls sideways inside its cell (JupyterLab's
``overflow: hidden`` clipped it), outputs and tables scroll inside their box, display formulas too,
images scale down; below 640 px the In/Out prompt gutter folds away. At desktop width the page
looks as before (the same layout; only content wider than its cell now scrolls instead of being
cut off).
"""
from __future__ import annotations

import base64
import functools
import json
import re
from pathlib import Path
from typing import Dict, Iterable

# The MathJax 2 files a page carries, relative to the MathJax folder. Not carried: MathML and
# AsciiMath input, other output processors, localisations (English is built into MathJax.js).
MATHJAX_MAIN = "MathJax.js"
MATHJAX_CONFIG = ["TeX-AMS_CHTML-full.js", "Safe.js"]  # what nbconvert loads (?config=TeX-AMS_CHTML-full,Safe)
MATHJAX_GLOBS = [
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "extensions/*.js",
    "extensions/TeX/**/*.js",
    "extensions/a11y/*.js",
    "extensions/HTML-CSS/*.js",
    "jax/input/TeX/*.js",
    "jax/element/**/*.js",
    "jax/output/CommonHTML/**/*.js",
]
MATHJAX_FONTS = "fonts/HTML-CSS/TeX/woff/*.woff"
# A folder that does not exist: what MathJax asks for and the page lacks fails loudly.
MISSING_ROOT = "mathjax-inline"

# tex2jax and TeX settings as nbconvert's mathjax.html.j2 has them (so formulas come out as in
# the handouts before and in Jupyter); no "Loading..." message box.
MATHJAX_SETTINGS = {
    "TeX": {"equationNumbers": {"autoNumber": "AMS", "useLabelIds": True}},
    "tex2jax": {"inlineMath": [["$", "$"], ["\\(", "\\)"]],
                "displayMath": [["$$", "$$"], ["\\[", "\\]"]],
                "processEscapes": True, "processEnvironments": True},
    "displayAlign": "center",
    "CommonHTML": {"linebreaks": {"automatic": True}},
    "messageStyle": "none",
}

# Runs inside MathJax.js before it loads anything (AuthorInit): serve MathJax's files from the page.
LOADER_JS = r"""
function () {
  var AJAX = MathJax.Ajax, PAGE = window.NNLAB_MATHJAX;
  AJAX.config.root = PAGE.root;
  var fromFolder = AJAX.loader.JS;
  AJAX.loader.JS = function (file, callback) {
    var prefix = PAGE.root + "/";
    var source = file.indexOf(prefix) === 0 ? PAGE.files[file.substr(prefix.length)] : undefined;
    if (source === undefined) return fromFolder.call(this, file, callback);
    // what MathJax's own loader records (loadComplete clears the message and the timeout)
    this.loading[file] = {callback: callback, status: this.STATUS.OK,
                          timeout: setTimeout(MathJax.Callback(["loadTimeout", this, file]), this.timeout)};
    this.loading[file].message = MathJax.Message.File(this.fileName(file));
    // as a <script src> would: later, in the global scope; the file calls loadComplete itself
    setTimeout(function () { (0, eval)(source); }, 0);
  };
  // CommonHTML's web fonts: the embedded woff files instead of files next to MathJax
  AJAX.LoadHook("[MathJax]/jax/output/CommonHTML/fonts/TeX/fontdata.js", function () {
    var faces = MathJax.OutputJax.CommonHTML.config.styles["@font-face"] || [];
    for (var i = 0; i < faces.length; i++) {
      var face = faces[i], m = /\/([\w-]+)\.woff'/.exec(face["src /*2*/"] || "");
      if (m && PAGE.fonts[m[1]]) {
        delete face["src /*1*/"];
        face["src /*2*/"] = "url('" + PAGE.fonts[m[1]] + "') format('woff')";
      }
    }
  }, 5);
}
"""


def _files(root: Path, patterns: Iterable[str]):
    seen = set()
    for pattern in patterns:
        for p in sorted(root.glob(pattern)):
            if p.is_file() and p not in seen:
                seen.add(p)
                yield p


_PRELOADING = re.compile(r"MathJax\.Ajax\.Preloading\(([^)]*)\)")
_PRELOADED = re.compile(r'"\[MathJax\]/([^"]+)"')


def _script_json(value) -> str:
    """JSON safe inside <script>: no '<' (so no '</script>' or '<!--'), ASCII only."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")


@functools.lru_cache(maxsize=4)
def mathjax_html(root: Path) -> str:
    """The <script> elements that typeset a page's TeX with the MathJax 2 in ``root``, nothing fetched."""
    root = Path(root)
    files: Dict[str, str] = {MATHJAX_MAIN: (root / MATHJAX_MAIN).read_text(encoding="utf-8")}
    for p in _files(root, MATHJAX_GLOBS):
        files[p.relative_to(root).as_posix()] = p.read_text(encoding="utf-8")
    # what the combined configuration already contains is never asked for: leave it out (~0.4 MB)
    for c in MATHJAX_CONFIG:
        m = _PRELOADING.search(files.get("config/" + c, ""))
        for name in _PRELOADED.findall(m.group(1) if m else ""):
            files.pop(name, None)
    fonts = {p.stem: "data:font/woff;base64," + base64.b64encode(p.read_bytes()).decode("ascii")
             for p in _files(root, [MATHJAX_FONTS])}
    missing = [f for f in ("config/" + c for c in MATHJAX_CONFIG) if f not in files]
    missing += [f for f in ("jax/output/CommonHTML/fonts/TeX/fontdata.js",) if f not in files]
    if missing or "MathJax_Main-Regular" not in fonts:
        raise FileNotFoundError(f"MathJax in {root} lacks {missing or 'the TeX woff fonts'}")
    page = {"root": MISSING_ROOT, "files": files, "fonts": fonts}
    config = dict(MATHJAX_SETTINGS, root=MISSING_ROOT, config=MATHJAX_CONFIG)
    return (
        "<!-- MathJax 2 (Apache License 2.0, notices inside), inlined by tools/handout_page.py:"
        " formulas render with no network and no other file -->\n"
        f"<script>window.NNLAB_MATHJAX = {_script_json(page)};\n"
        f"window.MathJax = {_script_json(config)[:-1]}, AuthorInit: {LOADER_JS.strip()}}};</script>\n"
        f'<script>(0, eval)(window.NNLAB_MATHJAX.files["{MATHJAX_MAIN}"]);</script>\n'
    )


# After nbconvert's lab CSS (same specificity, later wins). Class names are JupyterLab's, as
# nbconvert's lab template writes them.
RESPONSIVE_CSS = """
/* nnlab: readable on a phone (tools/handout_page.py) */
.jp-Cell-inputArea, .jp-Cell-outputArea, .jp-InputArea-editor, .jp-OutputArea-output { min-width: 0; }
.jp-InputArea { overflow: visible; }
/* code: scrolls sideways inside its cell instead of being cut off */
.jp-InputArea-editor { overflow-x: auto; overflow-y: hidden; }
.jp-InputArea-editor .CodeMirror { overflow: visible; }
/* outputs: a flex row as in JupyterLab (nbconvert's table layout let wide outputs widen the page) */
.jp-OutputArea-child { display: flex; width: auto; }
.jp-OutputPrompt { display: block; }
.jp-OutputArea-output, .jp-OutputArea-output.jp-OutputArea-executeResult {
  display: block; flex: 1 1 auto; width: auto; overflow-x: auto; overflow-y: hidden; }
/* tables in markdown and in outputs scroll inside their box */
.jp-RenderedMarkdown table { display: block; max-width: 100%; overflow-x: auto; }
.jp-RenderedHTMLCommon pre { overflow-x: auto; }
/* display formulas wider than the screen scroll too */
.MJXc-display { overflow-x: auto; overflow-y: hidden; }
.jp-RenderedHTMLCommon img, .jp-RenderedImage img, .jp-RenderedSVG svg { max-width: 100%; height: auto; }
@media (max-width: 640px) {
  /* the In/Out prompt gutter folds away: a phone needs the width for the code */
  .jp-InputPrompt, .jp-OutputPrompt { display: none; }
  .jp-Notebook { padding: 4px; }
  .jp-Cell { padding: 4px 0; }
  .jp-RenderedHTMLCommon { padding-right: 0; }
  .nnlab-banner { margin: -4px -4px 8px -4px; }
}
"""
