import os
import shutil
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from kernel_client import Kernel  # noqa: E402


@pytest.fixture(scope="module", params=["default JDK", "JDK 20+"])
def kernel(request):
    """One kernel shared by the tests of a module (state carries over, as in a notebook); every such test
    runs twice: on the default JDK (17 here) and on a JDK 20+ (Temurin 25 here), where Thread.stop is gone."""
    if request.param == "JDK 20+":
        from jdks import jupyter_path_first, kernel_path_for, modern_jdk
        java = modern_jdk()
        if java is None:
            pytest.skip("no JDK 20+ under /usr/lib/jvm (our machines have Temurin 25 there)")
        with jupyter_path_first(kernel_path_for(java)):
            k = Kernel()
    else:
        k = Kernel()
    yield k
    k.shutdown()


@pytest.fixture
def fresh_kernel():
    k = Kernel()
    yield k
    k.shutdown()


# ---- notebooks, handouts and browser (tests/test_notebooks.py, test_handouts.py, test_browser.py) ----
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_ROOT / "tools"))
_TEST_BUILD = _ROOT / "build" / "test"  # fast-mode handouts and executed notebooks, kept for a look


@pytest.fixture(scope="session")
def notebook_kernel():
    """The kernelspec under test (NNLAB_KERNEL, default nnlab); fails naming the fix if missing."""
    import run_notebooks as rn
    try:
        rn.check_kernel(rn.kernel_name())
    except rn.KernelMissing as e:
        pytest.fail(str(e), pytrace=False)
    return rn.kernel_name()


@pytest.fixture(scope="session")
def handouts_build(notebook_kernel):
    """tools/handouts.py --fast, run once into build/test/handouts (executed notebooks in
    build/test/handouts-executed, the charts the instructor versions drew described in
    build/test/charts/NAME.jsonl). Returns (CompletedProcess, handouts dir, executed dir)."""
    out, executed = _TEST_BUILD / "handouts", _TEST_BUILD / "handouts-executed"
    for d in (out, executed):
        shutil.rmtree(d, ignore_errors=True)
    cmd = [sys.executable, str(_ROOT / "tools" / "handouts.py"), "--fast", "--kernel", notebook_kernel,
           "--out", str(out), "--executed-dir", str(executed), "--chart-audit", str(_TEST_BUILD / "charts"),
           "--timeout", os.environ.get("NNLAB_CELL_TIMEOUT", "300"),
           "--jobs", os.environ.get("NNLAB_TEST_JOBS", "2"),
           os.environ.get("NNLAB_NOTEBOOKS") or str(_ROOT / "notebooks")]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1500, cwd=_ROOT)
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"handouts.py did not finish within 1500 s:\n{e.stdout}\n{e.stderr}", pytrace=False)
    return proc, out, executed


@pytest.fixture(scope="session")
def chrome():
    """Headless Chromium through chromedriver, fresh profile, loopback only; quit at the end."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    def find(env, *names):
        for n in (os.environ.get(env),) + names:
            if n and shutil.which(n):
                return shutil.which(n)
        pytest.fail(f"{names[0]} not found (or set {env}): apt-get install chromium chromium-driver, "
                    "or run ./nnlab test, which installs them", pytrace=False)

    profile = tempfile.mkdtemp(prefix="nnlab-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = find("CHROMIUM", "chromium", "chromium-browser", "google-chrome")
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-proxy-server", "--window-size=1280,1400", "--hide-scrollbars",
                 f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(find("CHROMEDRIVER", "chromedriver")), options=opts)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
