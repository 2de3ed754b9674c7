"""The CUDA backend's selection and fallback, with ND4J's CUDA jars on the class path (./mvnw -Pcuda, about
600 MB from Maven Central, about 10 s here) on this machine, which has no GPU: auto falls back to the CPU
with one line saying why, cuda fails naming the supported range and the fix, cpu runs on the CPU, and a
notebook's first cell can choose with Nnlab.useBackend."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cuda_classpath(tmp_path_factory):
    out = tmp_path_factory.mktemp("cuda") / "classpath.txt"
    result = subprocess.run(["./mvnw", "-q", "-B", "-Pcuda", "-pl", "lib", "dependency:build-classpath",
                             f"-Dmdep.outputFile={out}", "-Dmdep.includeScope=test"],
                            cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    jars = out.read_text().strip()
    assert "nd4j-cuda-11.6" in jars and "linux-x86_64" in jars, "the -Pcuda class path has no CUDA backend"
    classes = [ROOT / "lib/target/classes", ROOT / "lib/target/test-classes"]
    assert all(c.is_dir() for c in classes), "build the library and its tests first (./mvnw test-compile)"
    return os.pathsep.join([*map(str, classes), jars])


def probe(classpath, backend=None, *names):
    env = {k: v for k, v in os.environ.items() if k not in ("NNLAB_BACKEND", "BACKEND_PRIORITY_GPU",
                                                             "BACKEND_PRIORITY_CPU")}
    if backend is not None:
        env["NNLAB_BACKEND"] = backend
    result = subprocess.run(["java", "-Dopexec=org.nnlab.tensor.KeepAliveOpExecutioner",
                             "-Dorg.bytedeco.javacpp.maxphysicalbytes=0", "-cp", classpath,
                             "org.nnlab.tensor.BackendProbe", *names],
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout, result.stderr


def test_auto_falls_back_to_the_cpu_with_one_line_saying_why(cuda_classpath):
    out, err = probe(cuda_classpath, "auto")
    assert "backend=CPU" in out and "sum=3.0" in out, out + err
    notes = [line for line in err.splitlines() if line.startswith("nnlab: ")]
    assert len(notes) == 1 and notes[0].endswith("; using the CPU backend"), err
    assert "CUDA" in notes[0], notes
    assert "chosen by  NNLAB_BACKEND=auto (" in out, out  # the banner says why
    assert "executioner=org.nnlab.tensor.KeepAliveOpExecutioner" in out, out


def test_cuda_fails_naming_the_supported_range_and_the_fix(cuda_classpath):
    out, err = probe(cuda_classpath, "cuda")
    error = next(line for line in out.splitlines() if line.startswith("error="))
    assert "IllegalStateException" in error and "NNLAB_BACKEND=cuda" in error, error
    assert "compute capability 3.7 to 8.6" in error and "CUDA 11.6" in error, error
    assert "NNLAB_BACKEND=cpu" in error, error
    assert "backend=" not in out, "no backend should have started"


def test_cpu_runs_on_the_cpu_without_a_word(cuda_classpath):
    out, err = probe(cuda_classpath, "cpu")
    assert "backend=CPU" in out and "sum=3.0" in out, out + err
    assert not [line for line in err.splitlines() if line.startswith("nnlab: ")], err
    assert "executioner=org.nnlab.tensor.KeepAliveOpExecutioner" in out, out


def test_a_first_cell_chooses_and_a_later_one_cannot(cuda_classpath):
    out, err = probe(cuda_classpath, None, "cuda", "cpu")
    assert "useBackend(cuda) failed: NNLAB_BACKEND=cuda, but" in out, out
    assert "useBackend(cpu) ok" in out and "backend=CPU" in out and "chosen by  NNLAB_BACKEND=cpu" in out, out
    out, err = probe(cuda_classpath, None, "cpu")
    assert "backend=CPU" in out
    # after the first tensor the choice is fixed: BackendChoiceTest checks the message in the lib suite
