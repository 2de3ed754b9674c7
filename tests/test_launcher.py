"""The ./nnlab launcher: help, and clear messages that name the fix when a prerequisite is missing."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nnlab(*args, env=None):
    return subprocess.run([str(ROOT / "nnlab"), *args], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))


def test_help_lists_the_commands():
    result = nnlab("help")
    assert result.returncode == 0
    for command in ("notebook", "test", "setup", "handouts", "bench", "train pos", "image", "uninstall"):
        assert command in result.stdout


def test_unknown_command_fails_with_usage():
    result = nnlab("frobnicate")
    assert result.returncode != 0 and "unknown command: frobnicate" in result.stderr


def test_missing_java_names_the_fix(tmp_path):
    bin_dir = tmp_path / "bin"  # a PATH with the basic tools but no java
    bin_dir.mkdir()
    for tool in ("bash", "awk", "id", "dirname", "dpkg-query", "grep", "cat", "env"):
        for d in ("/usr/bin", "/bin"):
            if os.path.exists(f"{d}/{tool}"):
                (bin_dir / tool).symlink_to(f"{d}/{tool}")
                break
    result = nnlab("setup", env={"PATH": str(bin_dir), "JAVA_HOME": str(tmp_path / "no-jdk"), "NNLAB_NO_APT": "1"})
    assert result.returncode != 0
    assert "JDK 17" in result.stderr and "JAVA_HOME" in result.stderr


def notebook_sources(folder):
    import json
    return {p.name: "".join("".join(c["source"]) for c in json.loads(p.read_text())["cells"])
            for p in sorted(Path(folder).glob("*.ipynb"))}


def test_notebook_opens_the_students_own_copy_and_never_overwrites_it(tmp_path):
    folder = tmp_path / "my-course"
    result = nnlab("notebook", "--help", env={"NNLAB_COURSE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert f"starting Jupyter Notebook on {folder}" in result.stdout
    source = notebook_sources(ROOT / "notebooks")
    copy = notebook_sources(folder)
    assert set(copy) == set(source) and (folder / "README.md").exists()
    assert any("BEGIN SOLUTION" in text for text in source.values())
    for name, text in copy.items():  # the student versions: no solutions, no hidden tests
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, name
    assert sum("NotImplementedYet" in text for text in copy.values()) >= 5
    # the student's edits stay; a deleted notebook comes back fresh
    mine = folder / "01-perceptron.ipynb"
    mine.write_text(mine.read_text().replace("perceptron", "PERCEPTRON (my notes)"))
    edited = mine.read_text()
    (folder / "02-xor-and-mlp.ipynb").unlink()
    result = subprocess.run(["/usr/bin/python3", str(ROOT / "tools" / "course.py"), "--to", str(folder)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "new: 02-xor-and-mlp.ipynb" in result.stdout and "01-perceptron" not in result.stdout
    assert mine.read_text() == edited and (folder / "02-xor-and-mlp.ipynb").exists()


def test_notebook_instructor_opens_the_source(tmp_path):
    folder = tmp_path / "not-made"
    result = nnlab("notebook", "--instructor", "--help", env={"NNLAB_COURSE_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert "notebooks/, the instructor source WITH the solutions" in result.stdout
    assert not folder.exists()


def test_train_pos_with_pretrained_context_vectors(tmp_path):
    """--context minilm fetches ONNX Runtime and MiniLM once (not part of the kernel), puts them on the class
    path, and saves a tagger that names its context vectors; an unknown name is refused with the known ones."""
    out = tmp_path / "pos-minilm"
    env = {"NNLAB_DATA": os.environ.get("NNLAB_DATA", str(ROOT.parent / "shared" / "data"))}
    result = nnlab("train", "pos", "--context", "minilm", "--train", "40", "--dev", "20", "--epochs", "1",
                   "--out", str(out), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "context vectors minilm (384 numbers a word)" in result.stdout
    assert "context 384" in result.stdout and "dev UPOS" in result.stdout
    assert "context\tminilm\t384" in (out / "tagger.txt").read_text()
    assert list((ROOT / "lib" / "target" / "pretrained").glob("onnxruntime-*.jar"))
    assert not list((ROOT / "kernel" / "target" / "dist" / "lib").glob("onnxruntime-*.jar")), "not in the kernel"
    # --evaluate: the saved tagger's dev figures, and an ensemble of it with itself tags exactly as it does
    result = nnlab("train", "pos", "--evaluate", f"{out},{out}", "--dev", "20", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [l for l in result.stdout.splitlines() if l.startswith("dev UPOS")]
    assert len(lines) == 3 and "TaggerEnsemble(2 taggers)" in lines[2], result.stdout
    assert lines[0].split("  (")[0] == lines[2].split("  (")[0], lines
    # on the kernel's class path (no ONNX Runtime) the model is refused with the fix, not a NoClassDefFoundError
    result = subprocess.run(["java", "-cp", str(ROOT / "kernel" / "target" / "dist" / "lib") + "/*",
                             "org.nnlab.tagging.TrainPos", "--evaluate", str(out), "--dev", "5"],
                            capture_output=True, text=True, timeout=300, env=dict(os.environ, **env))
    assert result.returncode != 0 and "the notebook kernel does not have them" in result.stderr, result.stderr
    assert "NoClassDefFoundError" not in result.stderr, result.stderr
    result = nnlab("train", "pos", "--context", "elmo", "--train", "5", "--dev", "5", "--out", str(tmp_path / "x"), env=env)
    assert result.returncode != 0 and 'unknown context vectors "elmo"' in result.stdout + result.stderr
