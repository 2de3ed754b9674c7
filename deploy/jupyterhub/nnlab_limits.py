"""A student's limits in one place: how the memory limit becomes the kernel's JVM options, and how many
processes a student may have. Used by the hub's spawner (nnlab_spawner.py) and by the per-student budget
(bench/budget.py), which runs kernels as the hub does. No JupyterHub import, so the budget runs where
JupyterHub is not installed.
"""

# Processes and threads per student (pids.max of the student's cgroup): the notebook server, a few
# kernels (a JVM has 20 to 40 threads on 2 cores, more on a big server: its garbage collector and JIT
# start threads per core), a terminal; a fork bomb stops here instead of filling the machine's pid table.
DEFAULT_PIDS_LIMIT = 512


def parse_bytes(limit):
    """JupyterHub's mem_limit as bytes: an int, or '2G', '512M', '1.5G' (binary units, as JupyterHub)."""
    if limit is None:
        return None
    if isinstance(limit, (int, float)):
        return int(limit)
    text = str(limit).strip().upper()
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def jvm_options(mem_limit):
    """JVM options that size a kernel from the user's memory limit.

    -XX:MaxRAM makes the JVM size its heap (MaxRAMPercentage=40 in the kernelspec) from the limit, as it
    does inside a container; the rest stays for ND4J's native arrays, JShell and the JVM itself.
    """
    return f"-XX:MaxRAM={mem_limit}" if mem_limit else ""


def parse_pids(limit):
    """NNLAB_HUB_PIDS_LIMIT as a number of processes and threads; 0, '' or 'none' for no limit."""
    text = str(limit if limit is not None else "").strip().lower()
    if text in ("", "0", "none", "max"):
        return 0
    count = int(text)
    if count < 32:
        raise ValueError(f"a pids limit of {count} is too small for a notebook server and a kernel "
                         "(a JVM alone starts 20 or more threads); use 256 or more")
    return count
