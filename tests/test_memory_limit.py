"""A kernel with a memory limit (MEM_LIMIT, as JupyterHub's spawners set it) stops a cell that would
outgrow it, with a message, and lives on with its variables (kernel/.../exec/MemoryGuard.java)."""
from kernel_client import Kernel

LIMIT = 900 * 2**20


def test_a_cell_that_outgrows_the_memory_limit_is_stopped_and_the_kernel_lives_on():
    k = Kernel(env={"MEM_LIMIT": str(LIMIT)})
    try:
        assert k.execute("int kept = 42; List<INDArray> hog = new ArrayList<>();").status == "ok"
        # 20 MB of ND4J memory per step, outside the Java heap: 1000 steps would need 20 GB
        cell = k.execute("for (int i = 0; i < 1000; i++) { hog.add(Nd4j.rand(DataType.FLOAT, 5_000_000)); }",
                         timeout=300)
        assert cell.status == "error"
        assert cell.error["ename"] == "MemoryLimit", cell.error
        assert "memory limit" in cell.error["evalue"] and "restart the kernel" in cell.error["evalue"]
        assert "0.94 GB" in cell.error["evalue"], cell.error["evalue"]  # the limit, named
        # the kernel lives; the variables are kept; near the limit a cell that frees memory still runs
        cell = k.execute('System.out.println(kept + " " + (hog.size() > 10));')
        assert cell.status == "ok" and cell.stdout.strip() == "42 true", cell.error
        assert k.execute("hog = null; System.gc();").status == "ok"
        cell = k.execute("INDArray again = Nd4j.rand(DataType.FLOAT, 5_000_000); "
                         "System.out.println(again.length());")
        assert cell.status == "ok" and cell.stdout.strip() == "5000000", cell.error
        assert k.km.is_alive()
    finally:
        k.shutdown()


def test_a_full_java_heap_is_explained():
    k = Kernel(env={"JDK_JAVA_OPTIONS": "-Xmx96m"})
    try:
        cell = k.execute("List<long[]> big = new ArrayList<>(); while (true) big.add(new long[1 << 20]);",
                         timeout=300)
        assert cell.status == "error"
        assert cell.error["ename"] == "java.lang.OutOfMemoryError", cell.error
        assert "Java heap" in cell.error["evalue"] and "restart the kernel" in cell.error["evalue"], cell.error
        assert k.execute("big = null; System.out.println(1 + 1);").stdout.strip() == "2"
    finally:
        k.shutdown()


def _writable_cgroup():
    """A fresh memory cgroup (v2 or v1) with the limit, made here as root, or None."""
    import os
    from pathlib import Path
    root = Path("/sys/fs/cgroup")
    if os.geteuid() != 0:
        return None
    if (root / "cgroup.controllers").exists():  # v2: the root hands the memory controller down
        parent, limit_file = root, "memory.max"
        try:
            (root / "cgroup.subtree_control").write_text("+memory")
        except OSError:
            return None
    elif (root / "memory" / "memory.limit_in_bytes").exists():  # v1
        parent, limit_file = root / "memory", "memory.limit_in_bytes"
    else:
        return None
    group = parent / f"nnlab-test-{os.getpid()}"
    try:
        group.mkdir()
        (group / limit_file).write_text(str(LIMIT))
        return group
    except OSError:
        if group.exists():
            group.rmdir()
        return None


def test_in_a_cgroup_with_a_memory_limit_the_kernel_stops_the_cell_before_the_system_kills_it(tmp_path):
    """As on the JupyterHub: the kernel runs inside a cgroup whose limit the system enforces (a process
    that passes it is killed). No MEM_LIMIT: the kernel finds the limit in its cgroup by itself."""
    import json
    import os
    import pytest
    from jupyter_client.kernelspec import KernelSpecManager
    group = _writable_cgroup()
    if group is None:
        pytest.fail("this test needs root and a writable cgroup file system, as CI has", pytrace=False)
    try:
        spec = KernelSpecManager().get_kernel_spec("nnlab")
        folder = tmp_path / "kernels" / "nnlab-cgroup"
        folder.mkdir(parents=True)
        argv = ["/bin/sh", "-c", f'echo $$ > {group}/cgroup.procs && exec "$0" "$@"'] + spec.argv
        (folder / "kernel.json").write_text(json.dumps(dict(spec.to_dict(), argv=argv)))
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(tmp_path), os.environ.get("JUPYTER_PATH", "")])
        env = {k: v for k, v in os.environ.items() if k != "MEM_LIMIT"}
        k = Kernel("nnlab-cgroup", env=env)
        try:
            assert k.execute("List<INDArray> hog = new ArrayList<>();").status == "ok"
            cell = k.execute("for (int i = 0; i < 1000; i++) { hog.add(Nd4j.rand(DataType.FLOAT, 5_000_000)); }",
                             timeout=300)
            assert cell.error and cell.error["ename"] == "MemoryLimit", cell.error
            assert k.km.is_alive(), "the system killed the kernel"
            assert (group / "cgroup.procs").read_text().split(), "the kernel did not run in the cgroup"
            assert k.execute("System.out.println(hog.size());").status == "ok"
        finally:
            k.shutdown()
    finally:
        os.environ["JUPYTER_PATH"] = os.environ["JUPYTER_PATH"].split(os.pathsep, 1)[1]
        for _ in range(50):
            try:
                group.rmdir()
                break
            except OSError:
                import time
                time.sleep(0.2)


def test_native_garbage_does_not_pile_up_without_a_limit():
    """ND4J frees an array's memory only when the GC collects its small Java object; a loop that makes
    2 GB of dead arrays and little Java garbage would hold most of it. The kernel's guard collects when
    the process has grown by 256 MB, and what it freed goes back to the system (malloc_trim)."""
    import psutil
    k = Kernel()
    try:
        assert k.execute("INDArray warm = Nd4j.rand(DataType.FLOAT, 5_000_000);").status == "ok"
        process = psutil.Process(k.km.provisioner.process.pid)
        before = process.memory_info().rss
        peak = before
        msg_id = k.kc.execute("for (int i = 0; i < 100; i++) { INDArray dead = Nd4j.rand(DataType.FLOAT, 5_000_000); "
                              "Thread.sleep(5); }")
        import time
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            peak = max(peak, process.memory_info().rss)
            try:
                reply = k.kc.get_shell_msg(timeout=0.05)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            except Exception:  # queue.Empty: still running
                continue
        assert reply["content"]["status"] == "ok", reply["content"]
        grew = (peak - before) / 2**20
        assert grew < 900, f"the process grew by {grew:.0f} MB while making 2 GB of garbage"
    finally:
        k.shutdown()


def test_an_idle_kernel_gives_back_the_memory_a_cell_freed():
    """A cell that makes and drops 2 GB of arrays: afterwards the guard collects and calls malloc_trim,
    so the idle kernel returns to about its size before the cell (without the trim glibc keeps the freed
    blocks for later: hundreds of MB). The kernel does not use MALLOC_MMAP_THRESHOLD_, which slowed
    training."""
    import psutil
    import time
    k = Kernel()
    try:
        assert k.execute("INDArray warm = Nd4j.rand(DataType.FLOAT, 5_000_000);").status == "ok"
        process = psutil.Process(k.km.provisioner.process.pid)
        assert "MALLOC_MMAP_THRESHOLD_" not in process.environ()
        time.sleep(1)
        before = process.memory_info().rss
        cell = k.execute("for (int i = 0; i < 100; i++) { INDArray dead = Nd4j.rand(DataType.FLOAT, 5_000_000); }"
                         "List<INDArray> keep = new ArrayList<>(); for (int i = 0; i < 20; i++) "
                         "keep.add(Nd4j.rand(DataType.FLOAT, 1_000_000)); keep = null;")
        assert cell.status == "ok", cell.error
        deadline = time.monotonic() + 10
        after = process.memory_info().rss
        while time.monotonic() < deadline and after > before + (100 << 20):
            time.sleep(0.25)
            after = process.memory_info().rss
        grew = (after - before) / 2**20
        assert grew < 100, f"the idle kernel kept {grew:.0f} MB more than before the cell"
    finally:
        k.shutdown()


# ---- without a hub (issue 19.6): every kernel has a limit, a share of the machine's memory by default ----

EFFECTIVE = 'System.getProperty("nnlab.memory.limit.effective")'


def _cgroup_limit():
    """The memory limit of this process's cgroup (the kernel, our child, shares it), or None."""
    from pathlib import Path
    smallest = None
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        hierarchy, controllers, path = line.split(":", 2)
        if hierarchy == "0" and controllers == "":
            f = Path("/sys/fs/cgroup") / path.lstrip("/") / "memory.max"
        elif "memory" in controllers.split(","):
            f = Path("/sys/fs/cgroup/memory") / path.lstrip("/") / "memory.limit_in_bytes"
        else:
            continue
        try:
            text = f.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < 2**50:
            smallest = int(text) if smallest is None else min(smallest, int(text))
    return smallest


def _mem_total():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024


def test_without_a_hub_the_kernel_limits_itself_to_a_share_of_the_machine(monkeypatch):
    for name in ("MEM_LIMIT", "NNLAB_MEMORY_LIMIT", "JDK_JAVA_OPTIONS"):
        monkeypatch.delenv(name, raising=False)
    expected = int(_mem_total() * 75.0 / 100)  # the default, 75 % of MemTotal
    cgroup = _cgroup_limit()
    if cgroup is not None:
        expected = min(expected, cgroup)
    k = Kernel()
    try:
        cell = k.execute(EFFECTIVE)
        assert cell.text == str(expected), (cell.text, expected, cell.error)
    finally:
        k.shutdown()


def test_a_configured_limit_is_enforced_without_a_hub(monkeypatch):
    """NNLAB_MEMORY_LIMIT (per kernel) and -Dnnlab.memory.limit (install_kernel.py --memory-limit writes it
    to jvm.args) set the limit; the guard stops a growing cell at it with its usual message."""
    monkeypatch.delenv("MEM_LIMIT", raising=False)
    k = Kernel(env={"JDK_JAVA_OPTIONS": "-Dnnlab.memory.limit=1.5g"})
    try:
        assert k.execute(EFFECTIVE).text == str(int(1.5 * 2**30))
    finally:
        k.shutdown()
    k = Kernel(env={"NNLAB_MEMORY_LIMIT": "900m", "JDK_JAVA_OPTIONS": "-Dnnlab.memory.limit=none"})
    try:
        assert k.execute(EFFECTIVE).text == str(LIMIT)  # the variable wins over the installed setting
        assert k.execute("int kept = 42; List<INDArray> hog = new ArrayList<>();").status == "ok"
        cell = k.execute("for (int i = 0; i < 1000; i++) { hog.add(Nd4j.rand(DataType.FLOAT, 5_000_000)); }",
                         timeout=300)
        assert cell.status == "error" and cell.error["ename"] == "MemoryLimit", cell.error
        assert "of its 0.94 GB memory limit" in cell.error["evalue"], cell.error["evalue"]
        assert k.execute("kept").text == "42"
    finally:
        k.shutdown()


def test_install_writes_the_memory_limit():
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    import install_kernel
    options = install_kernel.jvm_options(Path("/nowhere"), 1, 17, "full", memory_limit="60%")
    assert "-Dnnlab.memory.limit=60%" in options
    assert not any("nnlab.memory.limit" in o for o in install_kernel.jvm_options(Path("/nowhere"), 1, 17, "full"))
    import pytest
    with pytest.raises(Exception, match="not a memory limit"):
        install_kernel.memory_limit("lots")
