"""The per-student budget benchmark (bench/budget.py) in a short form: it measures a real kernel and
its cohort arithmetic follows the formula it prints."""
import json
import math
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def test_budget_measures_a_kernel_and_computes_the_cohort(tmp_path, notebook_kernel):
    out = tmp_path / "budget.json"
    result = subprocess.run([sys.executable, str(ROOT / "bench/budget.py"), "--notebooks", "00-welcome", "--fast",
                             "--kernel", notebook_kernel, "--json", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(out.read_text())
    r = data["results"][0]
    assert r["errors"] == [] and r["cells"] > 3
    assert 50 < r["idle_mb"] <= r["peak_mb"] < 2000 and r["end_mb"] <= r["peak_mb"]
    assert 0 < r["cpu_s"] and 0 < r["wall_s"] < 120
    c = data["cohort"]
    assert c["memory_bound"] == math.floor((64 - c["reserve_gb"]) * 1024 / (r["peak_mb"] + c["server_mb"]))
    assert c["cpu_bound"] == math.floor(16 / ((1 / 3) * (r["cpu_s"] / r["wall_s"])))
    assert c["students"] == min(c["memory_bound"], c["cpu_bound"])
    assert "cohort: min(" in result.stdout and "target 400 MB" in result.stdout
    assert data["mem_limit"] == "2G" and "memory limit 2G" in result.stdout  # the hub's default


def test_the_cohort_is_bounded_by_the_scarcer_resource():
    from budget import cohort
    heavy = [{"peak_mb": 1000, "cpu_s": 10, "wall_s": 100}]  # memory-hungry, mostly idle
    busy = [{"peak_mb": 100, "cpu_s": 200, "wall_s": 100}]   # small, two cores busy while it runs
    assert cohort(heavy, 16, 64, 1 / 3)["students"] == cohort(heavy, 16, 64, 1 / 3)["memory_bound"] == 56
    assert cohort(busy, 16, 64, 1 / 3)["students"] == cohort(busy, 16, 64, 1 / 3)["cpu_bound"] == 24


def test_the_kernels_run_with_the_hubs_memory_settings(monkeypatch):
    from budget import kernel_env
    monkeypatch.setenv("JDK_JAVA_OPTIONS", "-Xmx10g")  # a setting of the caller's must not leak in
    env = kernel_env(False, "2G")
    assert env["MEM_LIMIT"] == str(2 << 30)  # as JupyterHub's Spawner sets it, in bytes
    assert env["JDK_JAVA_OPTIONS"] == f"-XX:MaxRAM={2 << 30}"  # as NnlabSpawner adds it
    assert "NNLAB_FAST" not in env
    assert env["NNLAB_STANDBY"] == "0", "as on the hub, no standby kernel: every notebook's kernel starts cold"
    env = kernel_env(True, None)
    assert env["NNLAB_FAST"] == "1" and "MEM_LIMIT" not in env and "JDK_JAVA_OPTIONS" not in env
