"""Smoke test of the MLP training benchmark (bench/mlp.py): our side only, with tiny step counts.

CI has no PyTorch, so no ratio is checked here; the figures of the benchmark come from a full run
(./nnlab bench mlp, see bench/README.md)."""
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JARS = ROOT / "kernel" / "target" / "dist" / "lib"


def run_bench(*args, timeout=240):
    assert list(JARS.glob("nnlab-lib*.jar")), "build first: ./mvnw -q package -DskipTests"
    return subprocess.run([sys.executable, str(ROOT / "bench" / "mlp.py"), "--no-peer", "--jit", "quick", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_mlp_bench_prints_finite_times_and_losses(tmp_path):
    out = tmp_path / "mlp.json"
    result = run_bench("--repeats", "2", "--warmup", "0", "--moons-steps", "20", "--mnist-steps", "4",
                       "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "moons 2-16-16-1" in result.stdout and "mnist 784-256-10" in result.stdout
    assert "nnlab C1 (students)" in result.stdout
    side = json.loads(out.read_text())["sides"]["nnlab C1 (students)"]
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
    return subprocess.run([sys.executable, str(ROOT / "bench" / "rnn.py"), "--no-peer", "--sizes", RNN_TINY, *args],
                          capture_output=True, text=True, timeout=timeout)


def test_rnn_bench_prints_finite_times_and_losses(tmp_path):
    out = tmp_path / "rnn.json"
    result = run_rnn_bench("--repeats", "2", "--warmup", "0", "--steps", "9", "--lm-steps", "9", "--json", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    for title in ("LSTM classifier", "GRU classifier", "char LSTM LM", "nnlab C1 (students)"):
        assert title in result.stdout
    side = json.loads(out.read_text())["sides"]["nnlab C1 (students)"]
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
