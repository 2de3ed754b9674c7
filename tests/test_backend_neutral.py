"""Every notebook's code runs unchanged on the CPU and the CUDA backend: the library, the kernel and the
notebooks use only ND4J's backend-neutral API (INDArray, Nd4j, ops by class or name). The only classes
that name one backend are the CPU plug-ins KeepAliveOpExecutioner and KeepAliveNDArrayFactory, which
ND4J loads by name (-Dopexec, -Dndarrayfactory.class) and only when the CPU backend is chosen
(BackendChoice clears both for CUDA), BackendChoice/WarmUp, which look for the CUDA classes by name, and
CpuGemm (OpenBLAS), which only the CPU-only fused recurrent path calls."""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# packages that exist in one backend's jar only: code using them fails to load on the other backend
BACKEND_SPECIFIC = re.compile(
    r"org\.nd4j\.linalg\.cpu\.nativecpu|org\.nd4j\.linalg\.jcublas|org\.nd4j\.nativeblas\.Nd4j(Cpu|Cuda)"
    r"|org\.bytedeco\.cuda|org\.bytedeco\.openblas|\bNd4jCpu\b|\bNd4jCuda\b|\bCpuNDArrayFactory\b"
    r"|\bJCublasNDArrayFactory\b")

# where naming one backend is the point, and why it is safe on the other
ALLOWED = {
    "lib/src/main/java/org/nnlab/tensor/KeepAliveOpExecutioner.java": "CPU plug-in, loaded by name for CPU only",
    "lib/src/main/java/org/nnlab/tensor/KeepAliveNDArrayFactory.java": "CPU plug-in, loaded by name for CPU only",
    "lib/src/main/java/org/nnlab/tensor/BackendChoice.java": "finds the CUDA classes with Class.forName",
    "kernel/src/main/java/org/nnlab/kernel/WarmUp.java": "looks for the CUDA backend as a resource",
    "lib/src/main/java/org/nnlab/tensor/CpuGemm.java":
        "OpenBLAS for the fused recurrent path, which FusedRecurrence.of takes only on the CPU backend",
}


def java_sources():
    for room in ("lib/src/main/java", "kernel/src/main/java"):
        yield from sorted((ROOT / room).rglob("*.java"))


def code_lines(path):
    """The lines of a Java file without its comments (a comment may name a backend)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group().count("\n"), path.read_text(), flags=re.S)
    for number, line in enumerate(text.splitlines(), 1):
        yield number, re.sub(r"//.*", "", line)


def test_the_pattern_catches_a_cpu_only_import():
    # the check itself can fail: these are the ways a CPU-only call gets in
    for line in ("import org.nd4j.linalg.cpu.nativecpu.NDArray;", "Nd4jCpu.pullRows(a, b);",
                 "import org.nd4j.nativeblas.Nd4jCpu;", "var f = new CpuNDArrayFactory();"):
        assert BACKEND_SPECIFIC.search(line), line
    for line in ("import org.nd4j.linalg.factory.Nd4j;", "Nd4j.getExecutioner().exec(op);"):
        assert not BACKEND_SPECIFIC.search(line), line


def test_library_and_kernel_use_only_backend_neutral_nd4j():
    found = []
    for path in java_sources():
        name = path.relative_to(ROOT).as_posix()
        if name in ALLOWED:
            continue
        found += [f"{name}:{n}: {line.strip()}" for n, line in code_lines(path) if BACKEND_SPECIFIC.search(line)]
    assert not found, "backend-specific ND4J classes outside the CPU plug-ins:\n" + "\n".join(found)


def test_the_allowed_files_still_exist():
    # an entry for a file that was renamed would silently allow nothing; keep the list true
    missing = [name for name in ALLOWED if not (ROOT / name).is_file()]
    assert not missing, missing


def test_notebooks_use_only_backend_neutral_nd4j():
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text())["cells"], 1):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "code" and BACKEND_SPECIFIC.search(source):
                found.append(f"{path.name} cell {number}")
    assert not found, found

