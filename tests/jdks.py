"""Other JDKs on this machine, and the nnlab kernel installed for one of them (JDK 20+ has no Thread.stop,
so the kernel must work there without it; our machines have Temurin 25 under /usr/lib/jvm)."""
import functools
import glob
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def feature_version(java):
    out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True,
                         timeout=30).stderr
    for line in out.splitlines():
        if "java.specification.version" in line:
            return int(line.split("=")[1].strip().split(".")[0])
    return 0


@functools.lru_cache(maxsize=None)
def modern_jdk():
    """The java of a JDK 20 or newer under /usr/lib/jvm, or None."""
    for java in sorted(glob.glob("/usr/lib/jvm/*/bin/java"), reverse=True):
        try:
            if feature_version(java) >= 20:
                return java
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


@functools.lru_cache(maxsize=None)
def kernel_path_for(java):
    """Installs the kernel for that JDK into build/jupyter-alt-jdk once; returns its JUPYTER_PATH entry."""
    prefix = ROOT / "build" / "jupyter-alt-jdk"
    subprocess.run([sys.executable, str(ROOT / "tools" / "install_kernel.py"), "--prefix", str(prefix),
                    "--java", java], check=True, capture_output=True, timeout=600)
    return str(prefix / "share" / "jupyter")


class jupyter_path_first:
    """Puts a kernelspec folder first on JUPYTER_PATH for the duration of a with-block."""

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.saved = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = self.path + (os.pathsep + self.saved if self.saved else "")

    def __exit__(self, *exc):
        if self.saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = self.saved
