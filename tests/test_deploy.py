"""The classroom deployment (deploy/): the one install script, run here as a plain script, the hub's
spawner, and the load test of the single-server JupyterHub in its short form (4 users)."""
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
DATA = os.environ.get("NNLAB_DATA") or str(ROOT.parent / "shared" / "data")


def pinned_hashes():
    source = (ROOT / "lib/src/main/java/org/nnlab/data/Datasets.java").read_text()
    return dict(re.findall(r'DataFile\.of\("([^"]+)",.*?"([0-9a-f]{64})"\)', source, re.DOTALL))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    command = [str(ROOT / "deploy" / "install.sh"), "--no-apt", "--prefix", str(base / "opt"),
               "--kernel-prefix", str(base / "kernel"), "--data-from", DATA]
    first = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stdout + first.stderr
    second = subprocess.run(command, capture_output=True, text=True, timeout=900)  # an update
    assert second.returncode == 0, second.stdout + second.stderr
    return base, first.stdout, second.stdout


def test_the_install_script_puts_kernel_course_and_data_in_place(installed):
    base, first, second = installed
    spec = json.loads((base / "kernel/share/jupyter/kernels/nnlab/kernel.json").read_text())
    assert spec["env"]["OMP_NUM_THREADS"] == "1", "one BLAS thread per kernel on a shared server"
    assert (base / "kernel/share/jupyter/kernels/nnlab/course").is_dir()
    assert (base / "kernel/share/jupyter/kernels/nnlab/nnlab.jsa").is_file(), "no start-up archive (only --no-cds)"
    course = base / "opt" / "course"
    stored = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in course.glob("*.ipynb")) == stored
    # the students get the exercise stubs, not the solutions
    for name in stored:
        text = (course / name).read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, name
    solved = (ROOT / "notebooks" / "02-xor-and-mlp.ipynb").read_text()
    if "BEGIN SOLUTION" in solved:
        assert "NotImplementedYet" in (course / "02-xor-and-mlp.ipynb").read_text()
    # data: every pinned file, checked, and kept (not fetched again) by the second run
    hashes = pinned_hashes()
    assert len(hashes) == 5
    for path, sha in hashes.items():
        assert hashlib.sha256((base / "opt" / "data" / path).read_bytes()).hexdigest() == sha, path
    assert first.count("fetched") == 5 and second.count("ok ") == 5, second
    # read-only for everyone but root
    for p in [course, *course.iterdir(), base / "opt" / "data"]:
        mode = p.stat().st_mode
        assert mode & 0o004 and not mode & 0o022, f"{p} has mode {oct(mode)}"


def test_the_install_script_names_bad_options():
    result = subprocess.run([str(ROOT / "deploy" / "install.sh"), "--course", "teacher", "--no-apt"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "student or instructor" in result.stderr


def test_the_course_copy_never_overwrites_a_students_file(tmp_path):
    from nnlab_spawner import copy_course
    course = tmp_path / "course"
    (course / "sub").mkdir(parents=True)
    (course / "01.ipynb").write_text("course 1")
    (course / "02.ipynb").write_text("course 2")
    (course / ".ipynb_checkpoints").mkdir()
    (course / ".ipynb_checkpoints" / "x.ipynb").write_text("no")
    home = tmp_path / "home"
    assert sorted(copy_course(course, home)) == ["01.ipynb", "02.ipynb"]
    (home / "nnlab-course" / "01.ipynb").write_text("my edits")
    (course / "sub" / "03.ipynb").write_text("course 3, added later")
    assert copy_course(course, home) == ["sub/03.ipynb"]
    assert (home / "nnlab-course" / "01.ipynb").read_text() == "my edits"
    (home / "nnlab-course" / "02.ipynb").unlink()  # deleted by the student: comes back, fresh
    assert copy_course(course, home) == ["02.ipynb"]
    assert not (home / "nnlab-course" / ".ipynb_checkpoints").exists()


def test_limits_become_cgroup_files_and_jvm_options(tmp_path):
    from nnlab_spawner import Cgroup, jvm_options, parse_bytes
    assert parse_bytes("2G") == 2 << 30 and parse_bytes("512M") == 512 << 20 and parse_bytes(1000) == 1000
    assert parse_bytes("1.5G") == 3 << 29
    assert jvm_options(2 << 30) == f"-XX:MaxRAM={2 << 30}" and jvm_options(None) == ""
    # cgroup v1: one folder per controller
    v1 = tmp_path / "v1"
    for controller in ("memory", "cpu"):
        (v1 / controller).mkdir(parents=True)
    (v1 / "memory" / "memory.limit_in_bytes").write_text("max")
    group = Cgroup("ada", v1)
    assert group.version == 1 and group.create(2 << 30, 1.5) is None
    assert (v1 / "memory/nnlab/ada/memory.limit_in_bytes").read_text() == str(2 << 30)
    assert (v1 / "cpu/nnlab/ada/cpu.cfs_quota_us").read_text() == "150000"
    # cgroup v2: one folder, the parent hands the controllers down
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cgroup.controllers").write_text("cpu memory")
    group = Cgroup("ada", v2)
    assert group.version == 2 and group.create(1 << 30, 1) is None
    assert (v2 / "nnlab/cgroup.subtree_control").read_text() == "+memory +cpu +pids"
    assert (v2 / "nnlab/ada/memory.max").read_text() == str(1 << 30)
    assert (v2 / "nnlab/ada/cpu.max").read_text() == "100000 100000"
    # no cgroups at all: the reason is given, nothing breaks
    assert "no cgroup" in Cgroup("ada", tmp_path / "none").create(1 << 30, 1)


@pytest.mark.skipif(os.geteuid() != 0, reason="the load test creates Unix users: root only (CI runs as root)")
def test_load_test_four_students_at_once(tmp_path):
    """CI's short form of the documented load test (deploy/jupyterhub/loadtest.py --users 12)."""
    out = tmp_path / "loadtest.json"
    result = subprocess.run([sys.executable, str(ROOT / "deploy/jupyterhub/loadtest.py"), "--users", "4",
                             "--timeout", "600", "--data", DATA, "--json", str(out)],
                            capture_output=True, text=True, timeout=900)
    print(result.stdout[-3000:])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert report["served"] == 4 and report["failures"] == [], report
    # 4 users x 2 notebooks, plus the restarted kernel of the killed one
    assert report["kernel_peak_rss_mb"]["kernels"] >= 8, report
    assert 0 < report["first_result_s"]["median"] <= report["first_result_s"]["max"] < 600
    assert any("killed" in note for note in report["notes"]), report
    # the second user's websocket was closed mid-cell: it reconnected and the cell's outputs still came
    dropped = [n for n in report["notes"] if "websocket closed on purpose" in n]
    assert dropped and re.search(r"its [1-9]\d* output", dropped[0]), report
    assert not list(Path("/home").glob("nnlab-lt-*")), "the load test left users behind"


def test_the_image_installs_with_the_same_script_and_options_it_knows():
    dockerfile = (ROOT / "deploy/docker/Dockerfile").read_text()
    run = next(line for line in dockerfile.splitlines() if line.startswith("RUN "))
    assert "/opt/nnlab/src/deploy/install.sh" in run
    script = (ROOT / "deploy/install.sh").read_text()
    known = set(re.findall(r"^\s+(--[a-z-]+)\)", script, re.MULTILINE))
    used = set(re.findall(r"(--[a-z-]+)", run.split("&&")[0]))
    assert used <= known, f"the Dockerfile passes {used - known}, which install.sh does not know"
    assert "ENV NNLAB_DATA=/opt/nnlab/data" in dockerfile


LOCAL_IMAGE_SCRIPTS = ("deploy/docker/build-local.sh", "deploy/docker/check-local.sh")


@pytest.mark.parametrize("script", LOCAL_IMAGE_SCRIPTS)
def test_the_local_image_scripts_parse_and_explain_every_option(script):
    # the real build and check take minutes and need root + podman: `./nnlab image` (README, Kubernetes)
    path = ROOT / script
    assert subprocess.run(["bash", "-n", str(path)]).returncode == 0, f"{script} has a syntax error"
    options = set(re.findall(r"^\s+(--[a-z-]+)\)", path.read_text(), re.MULTILINE))
    assert "--tag" in options and "--fast" in options
    usage = subprocess.run([str(path), "--help"], capture_output=True, text=True, timeout=30)
    assert usage.returncode == 0
    for option in options:
        assert option in usage.stdout, f"{script} --help does not explain {option}"
    wrong = subprocess.run([str(path), "--frobnicate"], capture_output=True, text=True, timeout=30)
    assert wrong.returncode != 0 and "unknown option --frobnicate" in wrong.stderr


def test_the_local_build_passes_only_arguments_the_dockerfile_declares():
    dockerfile = (ROOT / "deploy/docker/Dockerfile").read_text()
    declared = set(re.findall(r"^ARG (\w+)", dockerfile, re.MULTILINE))
    script = (ROOT / "deploy/docker/build-local.sh").read_text()
    passed = set(re.findall(r"--build-arg (\w+)=", script))
    assert passed and passed <= declared, f"build-local.sh passes {passed - declared}, not declared by ARG"
    assert re.search(r"^FROM \$\{BASE\}", dockerfile, re.MULTILINE), "the base must be replaceable (BASE)"
    # the corpora mounted at build time reach install.sh, so the offline build does not download them
    assert '--data-from "$NNLAB_DATA_FROM"' in dockerfile


def test_the_kubernetes_values_copy_the_course_without_overwriting(installed, tmp_path):
    import yaml
    values = yaml.safe_load((ROOT / "deploy/kubernetes/values.yaml").read_text())
    user = values["singleuser"]
    assert user["extraEnv"]["NNLAB_DATA"] == "/opt/nnlab/data"
    assert user["memory"]["limit"] and user["cpu"]["limit"]
    command = user["lifecycleHooks"]["postStart"]["exec"]["command"]
    base = installed[0]
    command = [part.replace("/opt/nnlab/course", str(base / "opt" / "course")) for part in command]
    home = tmp_path / "jovyan"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    subprocess.run(command, check=True, env=env)
    copied = home / "nnlab-course" / "02-xor-and-mlp.ipynb"
    assert copied.exists()
    copied.write_text("my edits")
    subprocess.run(command, check=True, env=env)  # the pod starts again
    assert copied.read_text() == "my edits"


def test_the_spawner_keeps_the_standby_kernel_off_unless_asked(monkeypatch):
    from jupyterhub.spawner import LocalProcessSpawner
    monkeypatch.setattr(LocalProcessSpawner, "get_env", lambda self: {})
    from nnlab_spawner import NnlabSpawner
    assert NnlabSpawner(mem_limit="1G").get_env()["NNLAB_STANDBY"] == "0"
    assert NnlabSpawner(mem_limit="1G", kernel_standby=True).get_env()["NNLAB_STANDBY"] == "1"
    sys.path.insert(0, str(ROOT / "tools"))
    import nnlab_provisioner  # the provisioner reads it from the server's environment
    monkeypatch.setenv("NNLAB_STANDBY", "0")
    assert not nnlab_provisioner.enabled({})
    monkeypatch.setenv("NNLAB_STANDBY", "1")
    assert nnlab_provisioner.enabled({}) and not nnlab_provisioner.enabled({"NNLAB_STANDBY": "off"})
