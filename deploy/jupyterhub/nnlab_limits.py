"""How a student's memory limit becomes the kernel's JVM options: one place, used by the hub's spawner
(nnlab_spawner.py) and by the per-student budget (bench/budget.py), which runs kernels as the hub does.
No JupyterHub import, so the budget runs where JupyterHub is not installed.
"""


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
