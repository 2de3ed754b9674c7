"""Smoke tests of the training benchmarks (bench/mlp.py, bench/rnn.py): our side only, with tiny step
counts; and unit tests of what makes them honest (bench/peer.py: each side's environment, the BLAS check
that refuses a ratio against the reference BLAS, the thread list; the FLOP count of the char LM).

CI has no PyTorch, so no ratio is checked here; the figures of the benchmark come from a full run
(./nnlab bench mlp, see bench/README.md)."""
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
JARS = ROOT / "kernel" / "target" / "dist" / "lib"
sys.path.insert(0, str(ROOT / "bench"))
import mlp  # noqa: E402
import peer  # noqa: E402
import rnn  # noqa: E402


def run_bench(*args, timeout=240):
    assert list(JARS.glob("nnlab-lib*.jar")), "build first: ./mvnw -q package -DskipTests"
    return subprocess.run([sys.executable, str(ROOT / "bench" / "mlp.py"), "--no-peer", "--jit", "quick", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_mlp_bench_prints_finite_times_and_losses(tmp_path):
    out = tmp_path / "mlp.json"
    result = run_bench("--repeats", "2", "--warmup", "0", "--moons-steps", "20", "--mnist-steps", "4",
                       "--json", str(out))  # the default --threads 1,2: one table each
    assert result.returncode == 0, result.stdout + result.stderr
    assert "moons 2-16-16-1" in result.stdout and "mnist 784-256-10" in result.stdout
    assert "nnlab C1 (--jit quick)" in result.stdout
    assert "MLP benchmark: 1 BLAS/OpenMP thread(s)" in result.stdout
    assert "MLP benchmark: 2 BLAS/OpenMP thread(s)" in result.stdout
    assert "BLAS of nnlab: openblas" in result.stdout  # ND4J's own OpenBLAS, read from the JVM's maps
    doc = json.loads(out.read_text())
    assert doc["threads"] == 1 and [r["threads"] for r in doc["runs"]] == [1, 2]
    assert doc["sides"] == doc["runs"][0]["sides"]
    for run in doc["runs"]:
        side = run["sides"]["nnlab C1 (--jit quick)"]
        for task, steps in (("moons", 20), ("mnist", 4)):
            r = side[task]
            assert r["steps"] == steps and len(r["times"]) == 2
            assert all(math.isfinite(t) and t > 0 for t in r["times"])
            assert math.isfinite(r["final_loss"]) and math.isfinite(r["rss_mb"])
        assert side["moons"]["final_loss"] < side["moons"]["first_loss"]  # it learns


def test_mlp_bench_memory_mode_reports_rss_growth():
    result = run_bench("--minutes", "0.1", "--sample", "2", "--moons-steps", "50", "--mnist-steps", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "RSS first" in result.stdout and "growth" in result.stdout


# ---- bench/rnn.py: the recurrent networks (LSTM, GRU, char LSTM LM), tiny sizes

RNN_TINY = "4,6,5,8,3,7,11,8"  # batch, length, input, hidden, classes, LM length, vocabulary, LM hidden


def run_rnn_bench(*args, timeout=240):
    assert list(JARS.glob("nnlab-lib*.jar")), "build first: ./mvnw -q package -DskipTests"
    return subprocess.run([sys.executable, str(ROOT / "bench" / "rnn.py"), "--no-peer", "--sizes", RNN_TINY,
                           "--gemm-size", "64", *args], capture_output=True, text=True, timeout=timeout)


def test_rnn_bench_prints_finite_times_and_losses(tmp_path):
    out = tmp_path / "rnn.json"
    result = run_rnn_bench("--repeats", "2", "--warmup", "0", "--steps", "9", "--lm-steps", "9", "--threads", "1",
                           "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    for title in ("LSTM classifier", "GRU classifier", "char LSTM LM", "nnlab tiered (students)"):
        assert title in result.stdout
    assert "GFLOP/s" in result.stdout and "goal at least 50 %" in result.stdout
    doc = json.loads(out.read_text())
    gemm = doc["sgemm_1_thread"]["nnlab"]
    assert gemm["n"] == 64 and gemm["gflops"] > 0 and gemm["libraries"]
    rate = doc["runs"][0]["charlm_gflops"]["nnlab"]
    assert rate["gflops"] > 0 and rate["share"] == pytest.approx(rate["gflops"] / gemm["gflops"])
    side = doc["sides"]["nnlab tiered (students)"]
    for task in ("lstm", "gru", "charlm"):
        r = side[task]
        assert r["steps"] == 9 and len(r["times"]) == 2
        assert all(math.isfinite(t) and t > 0 for t in r["times"])
        assert math.isfinite(r["final_loss"]) and math.isfinite(r["rss_mb"])
        assert r["final_loss"] < r["first_loss"], task  # it learns: step 9 sees batch 1 again, after 8 Adam steps


def test_rnn_bench_memory_mode_reports_rss_growth():
    result = run_rnn_bench("--minutes", "0.1", "--sample", "2", "--steps", "5", "--lm-steps", "5")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "RSS first" in result.stdout and "growth" in result.stdout


# ---- bench/peer.py: the honest setup

def fake_kernel_env(threads):
    """A kernel_env with the malloc settings the kernel had when the benchmarks ran with them for PyTorch."""
    return {"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads),
            "MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072", "MALLOC_TRIM_THRESHOLD_": "131072"}


@pytest.mark.parametrize("kernel_env", ["real", "with malloc settings"])
def test_peer_environment_is_the_callers_plus_threads_only(monkeypatch, kernel_env):
    if kernel_env != "real":
        monkeypatch.setattr(peer, "kernel_env", fake_kernel_env)
    for name in list(os.environ):
        if name.startswith("MALLOC_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    monkeypatch.setenv("NNLAB_BENCH_CALLER", "kept")
    kernel = peer.kernel_env(2)
    env = peer.peer_env(2)
    assert not [k for k in env if k.startswith("MALLOC_")]
    assert {k: env[k] for k in peer.THREAD_VARS} == {k: "2" for k in peer.THREAD_VARS}
    assert env == dict(os.environ, **{k: "2" for k in peer.THREAD_VARS})  # everything else as the caller has it
    nnlab = peer.nnlab_env(2)
    assert {k: nnlab[k] for k in kernel} == kernel  # nnlab: the students' kernel settings
    for side in (env, nnlab):
        assert side["OPENBLAS_CORETYPE"] == "Haswell" and side["NNLAB_BENCH_CALLER"] == "kept"


def test_peer_environment_keeps_the_callers_own_malloc_settings():
    caller = {"PATH": "/usr/bin", "MALLOC_ARENA_MAX": "4", "OMP_NUM_THREADS": "8"}
    assert peer.peer_env(1, caller) == {"PATH": "/usr/bin", "MALLOC_ARENA_MAX": "4", "OMP_NUM_THREADS": "1",
                                        "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def fake_side(tasks, blas=None):
    """A stand-in for mlp.run_side: records the environment each side gets, answers with RESULT dicts."""
    seen = []

    def run_side(label, command, env, **kwargs):
        seen.append((label, env))
        results = [{"task": t, "steps": 10, "times": [0.1, 0.1], "cpu_times": [0.1, 0.1], "first_loss": 2.0,
                    "final_loss": 1.0, "rss_mb": 100.0, "version": "x"} for t in tasks]
        lines = ["BLAS " + json.dumps(blas if label == "PyTorch" and blas else {"libraries": []})]
        return results, [], [], lines
    return seen, run_side


@pytest.mark.parametrize("bench", ["mlp", "rnn"])
def test_benches_give_the_peer_its_environment_and_nnlab_the_kernels(monkeypatch, capsys, bench):
    monkeypatch.setattr(peer, "kernel_env", fake_kernel_env)
    monkeypatch.setenv("NNLAB_BENCH_CALLER", "kept")
    tasks = ["moons", "mnist"] if bench == "mlp" else ["lstm", "gru", "charlm"]
    seen, run_side = fake_side(tasks, {"libraries": ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"]})
    monkeypatch.setattr(mlp, "run_side", run_side)
    monkeypatch.setattr(mlp, "java_command", lambda args, jit: ["java"])
    args = SimpleNamespace(tasks=",".join(tasks), repeats=2, warmup=0, moons_steps=10, mnist_steps=10, steps=10,
                           lm_steps=10, jit="quick", peer=True, threads=1, sizes="4,6,5,8,3,7,11,8")
    if bench == "mlp":
        monkeypatch.setattr(mlp, "standalone", lambda *a: (10.0, 9.0))
        mlp.measure(args, "DATA", 3)
    else:
        monkeypatch.setattr(rnn, "standalone", lambda *a: (10.0, 9.0))
        rnn.measure(args, "DATA", [4, 6, 5, 8, 3, 7, 11, 8], 3, {"nnlab": {"n": 64, "gflops": 1.0}})
    envs = dict(seen)
    assert set(envs) == {"PyTorch", "nnlab C1 (--jit quick)"}
    assert envs["PyTorch"] == peer.peer_env(3)
    assert not [k for k in envs["PyTorch"] if k.startswith("MALLOC_")]
    assert envs["nnlab C1 (--jit quick)"]["MALLOC_MMAP_THRESHOLD_"] == "131072"
    assert all(env["NNLAB_BENCH_CALLER"] == "kept" and env["OMP_NUM_THREADS"] == "3" for env in envs.values())
    out = capsys.readouterr().out
    assert "BLAS of PyTorch: openblas" in out and "ratio = nnlab" in out and "standalone" in out


MAPS_OPENBLAS = """\
7f1a2c000000-7f1a2c021000 r--p 00000000 08:01 1311 /usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0
7f1a2d000000-7f1a2d200000 r-xp 00020000 08:01 1402 /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so
7f1a2d200000-7f1a2d210000 r--p 00220000 08:01 1402 /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so
7f1a2e000000-7f1a2e010000 r-xp 00000000 08:01 1403 /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
7f1a2f000000-7f1a2f010000 rw-p 00000000 00:00 0
7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]
"""
MAPS_REFERENCE = """\
7f1a2e000000-7f1a2e010000 r-xp 00000000 08:01 1503 /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0
7f1a2e010000-7f1a2e011000 r--p 00010000 08:01 1503 /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0
7f1a2f000000-7f1a2f100000 r-xp 00000000 08:01 1504 /usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3.11.0
"""


def test_blas_parsing_finds_the_libraries_a_process_mapped():
    assert peer.blas_libraries(MAPS_OPENBLAS) == [
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"]
    assert peer.blas_libraries(MAPS_REFERENCE) == ["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"]
    assert peer.blas_libraries("") == []
    with open("/proc/self/maps") as f:  # a real maps file parses (python3 maps no BLAS unless numpy is loaded)
        assert isinstance(peer.blas_libraries(f.read()), list)


@pytest.mark.parametrize("libraries, blas_info, kind", [
    (["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"], "generic", "openblas"),
    (["/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblaso-r0.3.21.so"], "", "openblas"),
    (["/root/.javacpp/cache/openblas-0.3.19-1.5.7-linux-x86_64.jar/org/bytedeco/openblas/linux-x86_64/"
      "libopenblas_nolapack.so.0"], "", "openblas"),
    (["/opt/intel/lib/libmkl_core.so.2"], "", "mkl"),
    ([], "mkl", "mkl"),  # PyTorch's pip wheels: MKL linked into libtorch
    (["/usr/lib/x86_64-linux-gnu/blis-pthread/libblas.so.3"], "", "blis"),
    (["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"], "generic", "reference"),
    (["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3", "/usr/lib/x86_64-linux-gnu/libopenblas.so.0"], "", "reference"),
    (["/usr/lib/libblas.so.3"], "", "unknown"),  # not under a folder that says which one
    ([], "generic", "unknown"),
])
def test_blas_classification(libraries, blas_info, kind):
    assert peer.classify_blas(libraries, blas_info)[0] == kind


def test_no_ratio_against_the_reference_or_an_unknown_blas():
    for maps, info in ((MAPS_REFERENCE, "generic"), ("", "generic"), ("", "")):
        report = {"libraries": peer.blas_libraries(maps), "blas_info": info}
        why = peer.refusal(report)
        assert why and why.startswith("no ratio") and "apt-get install libopenblas0-pthread" in why
    assert peer.refusal({"libraries": peer.blas_libraries(MAPS_OPENBLAS), "blas_info": "generic"}) is None
    line = peer.blas_line("PyTorch", {"libraries": peer.blas_libraries(MAPS_REFERENCE), "coretype": "Haswell"})
    assert "reference" in line and "OPENBLAS_CORETYPE=Haswell" in line


@pytest.mark.parametrize("bench", ["mlp", "rnn"])
def test_benches_print_no_ratio_when_pytorch_runs_on_the_reference_blas(monkeypatch, capsys, bench):
    tasks = ["moons", "mnist"] if bench == "mlp" else ["lstm", "gru", "charlm"]
    seen, run_side = fake_side(tasks, {"libraries": peer.blas_libraries(MAPS_REFERENCE), "blas_info": "generic"})
    monkeypatch.setattr(mlp, "run_side", run_side)
    monkeypatch.setattr(mlp, "java_command", lambda args, jit: ["java"])
    args = SimpleNamespace(tasks=",".join(tasks), repeats=2, warmup=0, moons_steps=10, mnist_steps=10, steps=10,
                           lm_steps=10, jit="quick", peer=True, threads=1)
    if bench == "mlp":
        monkeypatch.setattr(mlp, "standalone", lambda *a: (10.0, 9.0))
        run = mlp.measure(args, "DATA", 1)
    else:
        monkeypatch.setattr(rnn, "standalone", lambda *a: (10.0, 9.0))
        run = rnn.measure(args, "DATA", [4, 6, 5, 8, 3, 7, 11, 8], 1, {})
    out = capsys.readouterr().out
    assert "apt-get install libopenblas0-pthread" in out and "BLAS of PyTorch: reference" in out
    assert "ratio = nnlab" not in out and "PASS" not in out and "MISS" not in out and "x\n" not in out
    assert run["ratio_refused"] and not any("ratio" in r for r in run["sides"]["nnlab C1 (--jit quick)"].values()
                                            if isinstance(r, dict))


def test_thread_list():
    assert peer.parse_threads("1,2") == [1, 2]
    assert peer.parse_threads("2") == [2]
    assert peer.parse_threads(" 1, 2,1, 4") == [1, 2, 4]
    for bad in ("0", "-1", "1,x", "", ",", "1.5"):
        with pytest.raises(ValueError):
            peer.parse_threads(bad)
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "rnn.py"), "--no-peer", "--threads", "1,0"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "thread counts" in result.stderr


def test_standalone_check_warns_beyond_15_percent():
    assert peer.parse_ms_per_step("noise\ncharlm ms/step 12.500 min 11.250\n") == (12.5, 11.25)
    assert "WARNING" not in peer.standalone_line("lstm", (11.4, 10.0), (10.0, 9.0))
    assert "WARNING" in peer.standalone_line("lstm", (11.6, 10.5), (10.0, 9.0))  # the harness slows every run
    assert "WARNING" in peer.standalone_line("lstm", (8.4, 7.0), (10.0, 9.0))
    assert "WARNING" not in peer.standalone_line("lstm", (14.0, 9.2), (10.0, 9.0))  # one disturbed run


def test_charlm_flops_on_tiny_sizes():
    # every product of one step, [m, k] x [k, n] = 2 m k n, written out for B=2, T=3, V=5, H=4 (G = 16)
    b, t, v, h = 2, 3, 5, 4
    g = 4 * h
    products = [(b * t, v, g),                 # forward: input projection
                *[(b, h, g)] * t,              # forward: h_{t-1} W_hh^T at every step
                (b * t, h, v),                 # forward: output Linear
                (v, b * t, h), (b * t, v, h),  # backward output Linear: dW, dH
                *[(b, g, h)] * t,              # backward: dh_{t-1} at every step
                (g, b * t, h),                 # backward: dW_hh
                (g, b * t, v)]                 # backward: dW_ih (no dL/dx: the input needs no gradient)
    assert rnn.charlm_step_flops(b, t, v, h) == sum(2 * m * k * n for m, k, n in products) == 4944
    assert rnn.charlm_step_flops(1, 1, 1, 1) == 46
    assert rnn.charlm_step_flops(32, 100, 65, 256) == 6400 * 969472  # the benchmark's size: 6.2 GFLOP
