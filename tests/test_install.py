"""Installing the kernelspec: --user, --sys-prefix (a venv), --prefix (system-wide), replace, uninstall."""
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
INSTALL = [sys.executable, str(ROOT / "tools" / "install_kernel.py")]


def run(args, env=None, python=None, umask=-1):
    cmd = ([python, INSTALL[1]] if python else INSTALL) + args
    return subprocess.run(cmd, env=dict(os.environ, **(env or {})), capture_output=True, text=True, timeout=600,
                          umask=umask)


def check_spec(kernel_dir):
    spec = json.loads((kernel_dir / "kernel.json").read_text())
    java = spec["argv"][0]
    assert os.path.isabs(java) and os.access(java, os.X_OK)
    assert spec["interrupt_mode"] == "message"
    assert spec["language"] == "java"
    args_file = Path(spec["argv"][1][1:])
    assert args_file.parent == kernel_dir
    for path in [p for p in args_file.read_text().split() if p.startswith("/")]:
        assert path.startswith(str(kernel_dir)), f"{path} points outside the kernelspec"
    for name in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        assert (kernel_dir / name).is_file()
    for root, dirs, files in os.walk(kernel_dir):
        for f in files + dirs:
            mode = os.stat(os.path.join(root, f)).st_mode
            assert mode & stat.S_IROTH, f"{f} is not world-readable"
            if not os.path.islink(os.path.join(root, f)):
                assert not mode & 0o022, f"{f} is writable by others: {oct(mode)}"
    return spec


def archived_classes(kernel_dir):
    """The application classes in the kernelspec's start-up archive (the JVM lists them and exits)."""
    spec = json.loads((kernel_dir / "kernel.json").read_text())
    listed = subprocess.run([spec["argv"][0], spec["argv"][1], "-XX:+PrintSharedArchiveAndExit"],
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stdout[-2000:] + listed.stderr[-2000:]
    return {line.split()[1] for line in listed.stdout.splitlines() if line.rstrip().endswith(" app_loader")}


def test_prefix_install_for_jupyterhub_is_complete_and_replaces_cleanly(tmp_path):
    prefix = tmp_path / "hub"
    result = run(["--prefix", str(prefix)])
    assert result.returncode == 0, result.stderr
    assert "warm-up session failed" not in result.stderr, result.stderr
    kernel_dir = prefix / "share" / "jupyter" / "kernels" / "nnlab"
    # no site folder of this Python under the prefix: no provisioner named, the kernel starts as before
    assert "kernel_provisioner" not in check_spec(kernel_dir)["metadata"]
    assert (kernel_dir / "nnlab.jsa").stat().st_size > 1_000_000, "the start-up archive was not built"
    # recorded from a session driven through the Jupyter protocol: the sockets', messages' and handlers'
    # classes are archived too, not only those of the cells (the kernel answers its first request sooner)
    archived = archived_classes(kernel_dir)
    for name in ("org.nnlab.kernel.channels.KernelSockets", "org.nnlab.kernel.NnlabKernel", "org.zeromq.ZMQ",
                 "com.google.gson.Gson", "org.nnlab.kernel.exec.JavaEvaluator", "org.nd4j.linalg.factory.Nd4j"):
        assert name in archived, f"{name} is not in the start-up archive"
    assert any((kernel_dir / "course").glob("nnlab-lib*.jar"))
    (kernel_dir / "stale-file.txt").write_text("left over from an older install")
    assert run(["--prefix", str(prefix), "--no-cds"]).returncode == 0
    assert not (kernel_dir / "stale-file.txt").exists()
    assert not (kernel_dir / "nnlab.jsa").exists()
    assert run(["--prefix", str(prefix), "--uninstall"]).returncode == 0
    assert not kernel_dir.exists()


def test_user_install_goes_to_the_user_data_dir(tmp_path):
    # PYTHONUSERBASE: the user's site folder, where the standby's provisioner goes, is in tmp_path too
    env = {"JUPYTER_DATA_DIR": str(tmp_path / "data"), "PYTHONUSERBASE": str(tmp_path / "userbase")}
    result = run(["--user", "--no-cds"], env=env, umask=0)  # a loose umask: still owner-only writes
    assert result.returncode == 0, result.stderr
    kernel_dir = tmp_path / "data" / "kernels" / "nnlab"
    spec = check_spec(kernel_dir)
    for folder in (tmp_path / "data", tmp_path / "data" / "kernels"):
        assert not folder.stat().st_mode & 0o022, f"{folder} is writable by others"
    # the user's site folder is on this Python's path: the provisioner is there, loads, and kernel.json names it
    assert spec["metadata"]["kernel_provisioner"] == {"provisioner_name": "nnlab-standby"}, result.stderr
    assert list((tmp_path / "userbase").glob("lib/python3*/site-packages/nnlab_provisioner.py"))
    list_env = dict(os.environ, **env)
    list_env.pop("JUPYTER_PATH", None)  # the test suite's own kernel would shadow this one
    listed = subprocess.run([sys.executable, "-m", "jupyter_client.kernelspecapp", "list", "--json"],
                            env=list_env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["kernelspecs"]["nnlab"]["resource_dir"] == str(kernel_dir)
    assert run(["--user", "--uninstall"], env=env).returncode == 0
    assert not kernel_dir.exists()
    assert not list((tmp_path / "userbase").glob("lib/python3*/site-packages/nnlab_provisioner.py"))


def kernelspec_problem(kernel_dir):
    """What is wrong with the kernelspec as a kernel start would read it right now, or None if it is whole."""
    try:
        spec = json.loads((kernel_dir / "kernel.json").read_text())
        options = Path(spec["argv"][1][1:]).read_text().split()
    except (OSError, ValueError, KeyError, IndexError) as e:
        return repr(e)
    jars = options[options.index("-cp") + 1].split(os.pathsep) if "-cp" in options else []
    missing = [j for j in jars if not os.path.exists(j)]
    if not jars:
        return f"no class path in jvm.args: {options[:3]}"
    return f"jars missing: {missing[:2]}" if missing else None


def test_a_kernelspec_is_always_whole_even_while_two_installs_run(tmp_path):
    # each install builds the kernelspec beside kernels/ and moves it into place in one step, so a kernel
    # started meanwhile never reads a kernel.json of {} (as it did) nor a class path with jars missing
    kernel_dir = tmp_path / "share" / "jupyter" / "kernels" / "nnlab"
    installs = [subprocess.Popen(INSTALL + ["--prefix", str(tmp_path), "--no-cds"], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(2)]
    problems, checks, seen = [], 0, False
    while any(p.poll() is None for p in installs):
        problem = kernelspec_problem(kernel_dir)
        seen = seen or problem is None
        if problem and seen:  # before the first install lands there is no kernelspec at all, which is fine
            problems.append(problem)
        checks += 1
        time.sleep(0.002)
    assert not problems, f"{len(problems)} of {checks} reads found a broken kernelspec, e.g. {problems[:3]}"
    for p in installs:
        assert p.wait() == 0, p.stderr.read()[-2000:]
    assert seen and checks > 100
    check_spec(kernel_dir)
    assert not [p for p in tmp_path.rglob(".nnlab-kernel-install-*")], "a staging folder was left behind"


def test_sys_prefix_install_goes_into_the_virtual_environment(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    result = run(["--sys-prefix", "--no-cds"], python=str(venv / "bin" / "python"))
    assert result.returncode == 0, result.stderr
    spec = check_spec(venv / "share" / "jupyter" / "kernels" / "nnlab")
    # the venv's site folder is on its Python's path: the standby's provisioner goes there and is named
    assert spec["metadata"]["kernel_provisioner"] == {"provisioner_name": "nnlab-standby"}, result.stderr
    assert list(venv.glob("lib/python3*/site-packages/nnlab_provisioner.py"))


def test_install_explains_a_missing_java(tmp_path):
    result = run(["--prefix", str(tmp_path), "--java", str(tmp_path / "no-java-here")],
                 env={"JAVA_HOME": str(tmp_path / "nothing"), "PATH": "/nonexistent"})
    assert result.returncode != 0
    assert "Java" in result.stderr and ("JDK" in result.stderr or "JAVA_HOME" in result.stderr)


def test_a_student_account_runs_the_system_wide_kernel_without_writing_anywhere():
    """JupyterHub: an unprivileged user whose home is not writable runs the shared install (ND4J's natives
    come unpacked from the kernelspec, not into ~/.javacpp)."""
    import pwd
    import shutil
    import tempfile
    if os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs root and runuser to act as another user")
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' account on this machine")
    prefix = Path(tempfile.mkdtemp(prefix="nnlab-hub-", dir="/tmp"))
    try:
        os.chmod(prefix, 0o755)
        assert run(["--prefix", str(prefix), "--no-cds"]).returncode == 0
        kernel_dir = prefix / "share" / "jupyter" / "kernels" / "nnlab"
        assert any((kernel_dir / "native").rglob("libnd4jcpu.so")), "ND4J's natives were not unpacked at install"
        spec = json.loads((kernel_dir / "kernel.json").read_text())
        java, args_file = spec["argv"][0], spec["argv"][1]
        result = subprocess.run(["runuser", "-u", "nobody", "--", "env", "HOME=/nonexistent", java, args_file,
                                 "org.nnlab.kernel.Main", "--warm-up"], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "warm-up: 5 cells ran" in result.stdout + result.stderr
    finally:
        shutil.rmtree(prefix, ignore_errors=True)
