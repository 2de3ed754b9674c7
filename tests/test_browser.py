"""00-welcome runs in a real browser against a live Jupyter Notebook server.

Starts Debian's classic Notebook 6.4 on 127.0.0.1 (random free port, random token) over a temporary
copy of notebooks/, with NNLAB_FAST=1 for its kernels; headless Chromium opens 00-welcome.ipynb, runs
all cells, waits until every code cell has run and the kernel is idle, and checks that a chart
<img> rendered (naturalWidth > 0) and that no cell shows an error. Screenshots go to build/browser/
(00-welcome.png: the page with the chart in view; 00-welcome-chart.png: the chart element), the
server log to build/browser/jupyter-notebook.log. The server and its kernels are always stopped.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import run_notebooks as rn  # noqa: E402

NOTEBOOKS_DIR = Path(os.environ.get("NNLAB_NOTEBOOKS") or ROOT / "notebooks")
OUT = ROOT / "build" / "browser"
SERVER_START_TIMEOUT = 60
KERNEL_READY_TIMEOUT = 120
RUN_ALL_TIMEOUT = int(os.environ.get("NNLAB_BROWSER_TIMEOUT", "600"))  # the whole notebook, fast mode
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

STATE_JS = r"""
const nb = window.Jupyter && Jupyter.notebook;
if (!nb || !nb._fully_loaded) return {loaded: false};
const k = nb.kernel;
const icon = document.querySelector('#kernel_indicator_icon');
const cells = nb.get_cells().filter(c => c.cell_type === 'code' && c.get_text().trim() !== '');
return {loaded: true, kernel: k ? k.name : null, connected: !!(k && k.is_connected()),
        idle: !!(icon && icon.classList.contains('kernel_idle_icon')),
        errors: document.querySelectorAll('#notebook .output_error').length,
        prompts: cells.map(c => c.input_prompt_number === undefined ? null : c.input_prompt_number)};
"""

RESULT_JS = r"""
const imgs = Array.from(document.querySelectorAll('#notebook .output_area img')).map(i => {
    const r = i.getBoundingClientRect();
    return {w: i.naturalWidth, h: i.naturalHeight, complete: i.complete, shown: [r.width, r.height]}; });
const errors = Array.from(document.querySelectorAll('#notebook .output_error')).map(e => e.innerText.slice(0, 500));
return {imgs, errors, outputs: document.querySelectorAll('#notebook .output_area').length};
"""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(port, token, path, method="GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    with NO_PROXY.open(req, timeout=10) as r:
        body = r.read()
        return json.loads(body) if body else None


def children(pid):
    """PIDs whose parent is pid (the kernels the server started)."""
    kids = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(p.name))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def wait_for(fn, timeout, what, state=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if fn():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout} s waiting for {what} {state()}", pytrace=False)


def png_size(path):
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def stop_server(proc, port, token, log):
    """Shut the kernels down through the API, then the server; kill leftovers by PID."""
    kernel_pids = children(proc.pid)
    try:
        for k in api(port, token, "/api/kernels") or []:
            api(port, token, f"/api/kernels/{k['id']}", method="DELETE")
    except Exception as e:  # the server may already be gone; the steps below still run
        log.write(f"\n[test] kernel shutdown through the API failed: {e}\n")
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    for pid in kernel_pids:
        try:
            os.kill(pid, signal.SIGKILL)
            log.write(f"\n[test] killed leftover kernel process {pid}\n")
        except ProcessLookupError:
            pass


def test_welcome_runs_in_notebook_server(notebook_kernel, chrome, tmp_path):
    kernel_name, notebooks_dir = notebook_kernel, NOTEBOOKS_DIR
    src = notebooks_dir / "00-welcome.ipynb"
    assert src.is_file(), f"missing {src}"
    spec = rn.check_kernel(kernel_name)
    work = tmp_path / "notebooks"
    shutil.copytree(notebooks_dir, work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    nb = nbformat.read(str(work / src.name), as_version=4)
    nb.metadata["kernelspec"] = spec  # the kernel under test (NNLAB_KERNEL), nnlab by default
    nbformat.write(nb, str(work / src.name))

    OUT.mkdir(parents=True, exist_ok=True)
    for f in OUT.glob("00-welcome*.png"):
        f.unlink()
    port, token = free_port(), secrets.token_hex(24)
    # The README's own command: `./nnlab notebook` (its setup finds the kernel under test up to date; were it
    # not, it would install into the throw-away JUPYTER_DATA_DIR), on a copy of the notebooks.
    env = dict(os.environ, NNLAB_FAST="1", JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"), JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               NNLAB_PYTHON=sys.executable)
    cmd = [str(ROOT / "nnlab"), "notebook", "--no-browser", f"--port={port}", "--port-retries=0",
           "--ip=127.0.0.1", f"--NotebookApp.token={token}", f"--notebook-dir={work}"]
    with open(OUT / "jupyter-notebook.log", "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
                                start_new_session=True)
        try:
            _run_welcome(chrome, proc, port, token, kernel_name, src.name)
        finally:
            try:
                chrome.get("about:blank")  # close the notebook's websockets first
            except Exception:
                pass
            stop_server(proc, port, token, log)
    assert proc.returncode is not None


def _run_welcome(chrome, proc, port, token, kernel_name, name):
    def server_up():
        if proc.poll() is not None:
            pytest.fail(f"jupyter notebook exited with {proc.returncode}; see {OUT / 'jupyter-notebook.log'}",
                        pytrace=False)
        try:
            return api(port, token, "/api/status") is not None
        except OSError:
            return False

    wait_for(server_up, SERVER_START_TIMEOUT, "the notebook server")
    specs = api(port, token, "/api/kernelspecs")["kernelspecs"]
    assert kernel_name in specs, f"the server does not see kernelspec {kernel_name} (has {sorted(specs)})"

    chrome.get(f"http://127.0.0.1:{port}/notebooks/{name}?token={token}")
    state = lambda: chrome.execute_script(STATE_JS)  # noqa: E731
    wait_for(lambda: (s := state())["loaded"] and s["connected"] and s["idle"], KERNEL_READY_TIMEOUT,
             "the notebook to load and its kernel to be ready", state)
    assert state()["kernel"] == kernel_name
    assert state()["prompts"], f"{name} has no code cells"

    chrome.execute_script("Jupyter.notebook.execute_all_cells();")
    time.sleep(1)
    # done when every code cell has its prompt number, or when an error stopped "run all"
    # (the notebook then skips the remaining cells and the kernel goes idle)
    wait_for(lambda: (s := state())["idle"] and (s["errors"] or all(isinstance(p, int) for p in s["prompts"])),
             RUN_ALL_TIMEOUT, "all cells to run (prompt numbers) and the kernel to be idle", state)
    time.sleep(1)

    res = chrome.execute_script(RESULT_JS)
    assert not res["errors"], f"{name} shows error output in the browser:\n" + "\n---\n".join(res["errors"])
    assert all(isinstance(p, int) for p in state()["prompts"]), f"not every cell ran: {state()}"
    assert res["outputs"] > 0, f"{name} produced no output"
    charts = [i for i in res["imgs"] if i["complete"] and i["w"] > 0 and i["h"] > 0]
    assert charts, f"no rendered chart image in the output area: {res['imgs']}"
    assert all(i["complete"] and i["w"] > 0 for i in res["imgs"]), f"an output image did not load: {res['imgs']}"

    img = chrome.find_elements("css selector", "#notebook .output_area img")[0]
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'});", img)
    time.sleep(0.5)
    box = chrome.execute_script("const r = arguments[0].getBoundingClientRect();"
                                "return [r.top, r.bottom, r.width, r.height, window.innerHeight];", img)
    assert box[2] > 0 and box[3] > 0 and box[0] >= 0 and box[1] <= box[4], f"chart not in view: {box}"
    page_png, chart_png = OUT / "00-welcome.png", OUT / "00-welcome-chart.png"
    assert chrome.save_screenshot(str(page_png)), "screenshot failed"
    img.screenshot(str(chart_png))
    w, h = png_size(page_png)
    assert w >= 800 and h >= 600, f"screenshot {page_png} is only {w}x{h}"
    w, h = png_size(chart_png)
    assert w > 10 and h > 10, f"chart screenshot {chart_png} is only {w}x{h}"
