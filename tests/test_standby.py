"""The standby kernel (tools/nnlab_provisioner.py, Main --standby), through jupyter_client as a notebook
server uses it: a warm launch adopts the standby and runs cells in a fresh state in the right folder; a
launch in another folder or environment starts cold and is correct; interrupt, restart and shutdown work on
an adopted kernel; no standby outlives the server; the installer names the provisioner only when this
Python can load it. This test process plays the notebook server."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import install_kernel  # noqa: E402

KERNEL = os.environ.get("NNLAB_KERNEL", "nnlab")


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory):
    """The installed nnlab kernelspec, copied with the provisioner named in it, and the provisioner put into
    a site folder by the installer's own code (checked loadable), on this process's sys.path."""
    # read from its folder: jupyter_client hides a kernelspec that names a provisioner it cannot load
    base = next((Path(d) / KERNEL for d in KernelSpecManager().kernel_dirs if (Path(d) / KERNEL / "kernel.json").exists()),
                None)
    if base is None:
        pytest.fail(f"the '{KERNEL}' kernel is not installed: run ./nnlab test (it installs one into build/jupyter)")
    tmp = tmp_path_factory.mktemp("standby")
    site = tmp / "site"
    old_pythonpath = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), old_pythonpath]))
    assert install_kernel.install_provisioner(site), "the provisioner did not load from a folder on PYTHONPATH"
    sys.path.insert(0, str(site))
    import nnlab_provisioner
    nnlab_provisioner.Standby.delay = 0.0  # no pause before the next standby: the tests wait for it anyway
    spec = json.loads((base / "kernel.json").read_text())
    spec.setdefault("metadata", {})["kernel_provisioner"] = {"provisioner_name": install_kernel.PROVISIONER}
    kernels = tmp / "kernels"
    (kernels / "nnlab-standby-test").mkdir(parents=True)
    (kernels / "nnlab-standby-test" / "kernel.json").write_text(json.dumps(spec))
    yield kernels
    for launch in Launch.started:
        if launch.km.has_kernel:
            launch.km.shutdown_kernel(now=True)
    nnlab_provisioner.Standby.stop()
    # later test files' installs must not find this copy of the provisioner
    if old_pythonpath is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = old_pythonpath


def standby_module():
    import nnlab_provisioner
    return nnlab_provisioner.Standby


def wait_standby(timeout=90):
    """The server's standby once it has said it is ready (JShell, imports, ND4J)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        standby = standby_module().current
        if standby and standby.ready.wait(0.2):
            return standby
        time.sleep(0.1)
    pytest.fail(f"no standby kernel was ready within {timeout} s")


def gone(pid, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


class Launch:
    started = []  # every kernel of this module, shut down at the end even if a test fails

    def __init__(self, kernels, cwd, env=None):
        Launch.started.append(self)
        self.km = KernelManager(kernel_name="nnlab-standby-test",
                                kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))
        self.km.start_kernel(cwd=str(cwd), env=dict(os.environ, **(env or {})))
        self.connect()

    def connect(self):
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    @property
    def warm(self):
        return self.km.provisioner.warm

    @property
    def pid(self):
        return self.km.provisioner.pid

    def run(self, code, timeout=120):
        """(reply content, text/plain of the result or the error's name and value)."""
        outputs = []
        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)["content"]
        text = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        text += [m["content"]["ename"] + ": " + m["content"]["evalue"] for m in outputs if m["msg_type"] == "error"]
        return reply, "\n".join(text)

    def shutdown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel()


def test_warm_start_fresh_state_interrupt_restart_shutdown(spec_dir, tmp_path):
    first = Launch(spec_dir, tmp_path)
    assert not first.warm, "the server's first kernel has no standby to adopt"
    first.shutdown()

    standby = wait_standby()
    launch = Launch(spec_dir, tmp_path)
    assert launch.warm and launch.pid == standby.process.pid
    reply, text = launch.run('System.getProperty("user.dir") + " " + Nd4j.zeros(2, 3).length()')
    assert reply["status"] == "ok" and reply["execution_count"] == 1, reply
    assert text == f"{tmp_path} 6"
    # the standby's warm-up snippet was dropped: a cell cannot see it
    reply, text = launch.run("nnlabStandbyList")
    assert reply["status"] == "error" and reply["execution_count"] == 2 and "nnlabStandbyList" in text, text

    # interrupt: message mode, as the notebook sends it
    msg_id = launch.kc.execute("long spins = 0; while (true) { spins++; }")
    time.sleep(1.5)
    launch.km.interrupt_kernel()
    reply = launch.kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["status"] == "error", reply["content"]
    reply, text = launch.run("int kept = 41; kept + 1")
    assert text == "42"

    # restart: adopts the next standby (same cwd and environment), a fresh state, a new process
    old_pid = launch.pid
    standby = wait_standby()
    launch.kc.stop_channels()
    launch.km.restart_kernel(now=False)
    launch.connect()
    assert gone(old_pid), "the restarted kernel's old process is still running"
    assert launch.warm and launch.pid == standby.process.pid != old_pid
    reply, text = launch.run("kept")
    assert reply["status"] == "error" and reply["execution_count"] == 1, (reply, text)

    pid = launch.pid
    launch.shutdown()
    assert gone(pid), "an adopted kernel outlived its shutdown"


def test_other_cwd_or_environment_starts_cold(spec_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    if standby_module().current is None:  # else the previous test's standby (another folder) serves
        Launch(spec_dir, a).shutdown()
    standby_a = wait_standby()
    launch = Launch(spec_dir, b)
    assert not launch.warm, "a launch in another folder adopted the standby of the first"
    assert gone(standby_a.process.pid), "the mismatched standby was not stopped (one per server)"
    assert launch.run('System.getProperty("user.dir")')[1] == str(b)
    launch.shutdown()

    standby_b = wait_standby()
    launch = Launch(spec_dir, b, env={"NNLAB_STANDBY_TEST": "other"})
    assert not launch.warm and gone(standby_b.process.pid)
    assert launch.run('System.getenv("NNLAB_STANDBY_TEST")')[1] == "other"
    launch.shutdown()

    # the opt-out: cold, and no standby kept (the one being started for the last launch is stopped)
    launch = Launch(spec_dir, b, env={"NNLAB_STANDBY": "0"})
    assert not launch.warm
    assert standby_module().current is None and standby_module().timer is None
    launch.shutdown()


SERVER = """
import os, sys, time
sys.path.insert(0, {site!r})
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
import nnlab_provisioner
nnlab_provisioner.Standby.delay = 0.0
km = KernelManager(kernel_name="nnlab-standby-test", kernel_spec_manager=KernelSpecManager(kernel_dirs=[{kernels!r}]))
km.start_kernel(cwd={cwd!r})
km.shutdown_kernel(now=True)
while not (nnlab_provisioner.Standby.current and nnlab_provisioner.Standby.current.ready.wait(0.2)):
    time.sleep(0.1)
print(nnlab_provisioner.Standby.current.process.pid, flush=True)
sys.stdin.readline()  # the test says when to exit (or kills this process)
"""


@pytest.mark.parametrize("end", ["exits", "is killed"])
def test_no_standby_outlives_the_server(spec_dir, tmp_path, end):
    site = str(spec_dir.parent / "site")
    server = subprocess.Popen([sys.executable, "-c", SERVER.format(site=site, kernels=str(spec_dir), cwd=str(tmp_path))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        pid = int(server.stdout.readline())
        assert psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        if end == "exits":
            server.stdin.close()
        else:
            server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
        assert gone(pid, timeout=15), f"the standby kernel {pid} outlived its server, which {end}"
    finally:
        server.kill()


def test_installer_names_the_provisioner_only_if_it_loads(tmp_path, monkeypatch):
    # a kernelspec naming a provisioner jupyter_client cannot find does not start at all
    spec = json.loads(textwrap.dedent("""{"argv": ["true", "{connection_file}"], "display_name": "x",
        "language": "java", "metadata": {"kernel_provisioner": {"provisioner_name": "nnlab-missing"}}}"""))
    (tmp_path / "kernels" / "x").mkdir(parents=True)
    (tmp_path / "kernels" / "x" / "kernel.json").write_text(json.dumps(spec))
    km = KernelManager(kernel_name="x", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))
    with pytest.raises((NoSuchKernel, ModuleNotFoundError)):  # 7.4.9: not even listed
        km.start_kernel()
    # so the installer checks that the server's Python loads it, and removes it if not
    folder = tmp_path / "not-on-sys-path"
    monkeypatch.setenv("PYTHONPATH", "")
    assert not install_kernel.install_provisioner(folder)
    assert not (folder / "nnlab_provisioner.py").exists() and not (folder / install_kernel.PROVISIONER_DIST).exists()
    # a private kernelspec (--prefix /tmp/...) has no site folder of this Python: no provisioner named
    args = install_kernel.argparse.Namespace(standby_site=None, user=False, sys_prefix=False, prefix=str(tmp_path))
    assert install_kernel.provisioner_site(args) is None


def test_the_bench_measures_warm_starts_only_with_a_standby(tmp_path):
    """bench/kernel_start.py --standby refuses a kernelspec without the provisioner (it would time cold starts
    as warm ones); without --standby it says that it measures cold starts."""
    spec = {"argv": ["true", "{connection_file}"], "display_name": "x", "language": "java"}
    (tmp_path / "kernels" / "nnlab").mkdir(parents=True)
    (tmp_path / "kernels" / "nnlab" / "kernel.json").write_text(json.dumps(spec))
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path))
    bench = [sys.executable, str(ROOT / "bench" / "kernel_start.py"), "--skip-python", "-n", "1", "--timeout", "5"]
    warm = subprocess.run(bench + ["--standby"], env=env, capture_output=True, text=True, timeout=60)
    assert warm.returncode == 2 and "--standby needs a kernelspec that names the 'nnlab-standby'" in warm.stderr
    cold = subprocess.run(bench, env=env, capture_output=True, text=True, timeout=60)
    assert "nnlab starts: cold" in cold.stdout, cold.stdout + cold.stderr


def test_a_reinstalled_kernel_does_not_match_the_standby(tmp_path):
    """The launch key holds the jars named in the kernel's @argument file: after a reinstall or rebuild (a jar
    rewritten) a restart starts cold instead of adopting a standby that runs the old classes."""
    import nnlab_provisioner
    jar = tmp_path / "lib" / "nnlab-kernel.jar"
    jar.parent.mkdir()
    jar.write_bytes(b"old classes")
    args = tmp_path / "jvm.args"
    args.write_text(f"-cp {tmp_path}/lib/other.jar:{jar}\n-javaagent:{jar}\n")
    (tmp_path / "kernel-1.json").write_text("{}")
    cmd = ["/usr/bin/java", f"@{args}", "org.nnlab.kernel.Main", str(tmp_path / "kernel-1.json")]

    def key():
        return nnlab_provisioner.launch_key(cmd, cmd[3], {"cwd": str(tmp_path), "env": {"A": "1"}})
    before = key()
    assert before == key(), "the same files give the same key"
    assert str(jar) in {p for p, *_ in before[3]}, "the jar named in the @argument file is part of the key"
    connection = tmp_path / "kernel-2.json"  # a file, but another one at every launch: not part of the key
    connection.write_text("{}")
    assert nnlab_provisioner.launch_key([*cmd[:3], str(connection)], str(connection),
                                        {"cwd": str(tmp_path), "env": {"A": "1"}}) == before
    jar.write_bytes(b"new classes!")
    os.utime(jar, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert key() != before, "a rewritten jar still matched the standby started before it"
