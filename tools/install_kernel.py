#!/usr/bin/env python3
"""Install (or uninstall) the nnlab Jupyter kernel as a kernelspec named "nnlab".

    install_kernel.py --user                 # for you only (~/.local/share/jupyter/kernels/nnlab)
    install_kernel.py --sys-prefix           # into the Python environment that runs Jupyter (venv, conda)
    install_kernel.py --prefix /opt/jupyter  # system-wide, e.g. for JupyterHub (PREFIX/share/jupyter/kernels)
    install_kernel.py --user --uninstall

The kernelspec folder is self-contained: kernel.json, logos, the kernel's jars (lib/), the nnlab library
(course/), the JVM options (jvm.args, with absolute paths) and a class-data sharing archive (nnlab.jsa)
built here by a warm-up session, which makes the kernel start fast. Re-installing replaces it whole, in one
step (built beside it, then moved into place), so Jupyter never sees half a kernelspec.
Everything is made world-readable, so one system-wide install serves every user of a JupyterHub.
"""
import argparse
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import site
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

NAME = "nnlab"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "kernel" / "target"
SPEC_FILES = ROOT / "kernel" / "src" / "main" / "kernelspec"


def fail(message):
    print(f"nnlab install: {message}", file=sys.stderr)
    sys.exit(1)


def java_executable(explicit):
    candidates = [explicit] if explicit else []
    if os.environ.get("JAVA_HOME"):
        candidates.append(os.path.join(os.environ["JAVA_HOME"], "bin", "java"))
    found = shutil.which("java")
    if found:
        candidates.append(found)
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return os.path.realpath(c)
    fail("no Java found: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless) "
         "or set JAVA_HOME")


def default_threads():
    # On a shared or small machine one BLAS/OpenMP thread per kernel is fastest (see DESIGN.md notes).
    cores = os.cpu_count() or 1
    return max(1, min(4, cores // 4))


def kernel_env(threads):
    """The environment variables of kernel.json (also used by bench/mlp.py)."""
    return {"OMP_NUM_THREADS": str(threads), "OPENBLAS_NUM_THREADS": str(threads),
            "MKL_NUM_THREADS": str(threads),
            # fewer glibc malloc arenas: less native memory held by a kernel's threads. (Freed memory goes
            # back to the system through the kernel's memory guard, which calls malloc_trim after big
            # cells. A small MALLOC_MMAP_THRESHOLD_ did that too, but slowed training 1.8x.)
            "MALLOC_ARENA_MAX": "2"}


def java_feature_version(java):
    out = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr
    for line in out.splitlines():
        if "java.specification.version" in line:
            return int(line.split("=")[1].strip().split(".")[0])
    fail(f"cannot tell the version of {java}")


def jvm_options(dest, threads, feature, jit, jars_in=None, memory_limit=None):
    """The kernel's JVM options, with paths under dest; the jars are those in jars_in (default dest)."""
    jars_in = jars_in or dest
    lib = sorted(dest / "lib" / p.name for p in (jars_in / "lib").glob("*.jar"))
    course = sorted(dest / "course" / p.name for p in (jars_in / "course").glob("*.jar"))
    agent = [
        # the kernel jar is also a Java agent: it makes System.exit and Runtime.halt throw ExitRefused in
        # every code, not only in cells (a method reference, reflection, a library); see ExitGuard
        f"-javaagent:{dest / 'lib' / 'nnlab-kernel.jar'}",
    ] if (jars_in / "lib" / "nnlab-kernel.jar").exists() else []
    return [
        "-cp", os.pathsep.join(str(p) for p in lib),
    ] + agent + [
        f"-Dnnlab.course.classpath={os.pathsep.join(str(p) for p in course)}",
        # a small, compact heap for a classroom; it follows container memory limits (cgroups)
        "-XX:+UseSerialGC",
        "-Xms24m",  # start small: the heap grows when a notebook needs it (about 70 MB less RSS at start)
        "-XX:MaxRAMPercentage=40",
        "-XX:MinHeapFreeRatio=10",
        "-XX:MaxHeapFreeRatio=30",
    ] + ([
        # C2 only for really hot code, ten times the default thresholds: the library's training loops reach
        # them within a step or two, but JShell's compiler and the code of a short lesson no longer keep C2
        # busy (01 took 24.8 s with the defaults, 11.8 s with these, 8.7 s with C1 only; 09: 56.1, 39.4 and
        # 117 s before issue 16's speed work; measured with bench/budget.py)
        "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
        "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000",
    ] if jit == "full" else [
        # --jit quick, C1 only: the first tensor about 0.65 s sooner (1.73 s against 2.38 s) and 26 MB less
        # memory, because the optimizing compiler does not compete for the cores while JShell and ND4J
        # start; but training runs 1.5x to 2x slower: the library's Java loops (the fused recurrent path,
        # VectorMath) need C2, and the vector API runs only under it (measured with bench/rnn.py, mlp.py)
        "-XX:TieredStopAtLevel=1",
    ]) + [
        # the JDK's vector API: the library computes the gates' sigmoid and tanh with it (VectorMath),
        # 15x faster than one value at a time; the JVM prints one warning line at start-up
        "--add-modules", "jdk.incubator.vector",
        "-Xss8m",
        # a safepoint poll every 1000 iterations of JIT-compiled counted loops, as G1 has by default: an
        # interrupt stops a long call inside the JDK (new Random(1).doubles(3_000_000_000L).sum()) in
        # milliseconds instead of after the call (about 200 s) on any JDK (ThreadStopper); training speed the same
        "-XX:+UseCountedLoopSafepoints", "-XX:LoopStripMiningIter=1000",
        "-XX:-UsePerfData",  # no /tmp/hsperfdata file per kernel (a cohort of 200 would leave 200)
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
        "-Dorg.bytedeco.javacpp.maxphysicalbytes=0",
    ] + ([
        # the kernel's memory limit without a hub (the kernel's memory guard stops a cell near it; default
        # 75% of the machine's memory; the hub's MEM_LIMIT and a cgroup's limit apply too, the smallest wins)
        f"-Dnnlab.memory.limit={memory_limit}",
    ] if memory_limit else []) + [
        # the system's OpenBLAS (Debian: libopenblas0-pthread, 0.3.21) before the one ND4J bundles (0.3.19):
        # a recurrent step's [32, 256] x [256, 1024] product takes 210 us instead of 265 us (measured).
        # Without a system OpenBLAS, JavaCPP falls back to the bundled libraries.
        "-Dorg.bytedeco.javacpp.pathsFirst=true",
        # ND4J's CPU executioner, but keeping each op reachable until its native code returns: without it,
        # a garbage collection started by another thread can free an op's arrays mid-op (SIGSEGV)
        "-Dopexec=org.nnlab.tensor.KeepAliveOpExecutioner",
        "-Dndarrayfactory.class=org.nnlab.tensor.KeepAliveNDArrayFactory",  # the same for pullRows
        # ND4J's native libraries, unpacked once at install time and shared read-only by every user
        # (JavaCPP would otherwise unpack about 400 MB into each student's ~/.javacpp)
        f"-Dorg.bytedeco.javacpp.cachedir={dest / 'native'}",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
    ] + ([
        # ND4J's JavaCPP loads native code and uses sun.misc.Unsafe: allowed, without warnings in cells
        "--enable-native-access=ALL-UNNAMED",
    ] if feature >= 22 else []) + ([
        "--sun-misc-unsafe-memory-access=allow",
    ] if feature >= 23 else [])


def memory_limit(text):
    """--memory-limit: checked here as the kernel reads it (kernel/.../exec/DefaultLimit.java)."""
    t = text.strip().lower()
    share = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", t)
    if t in ("none", "off", "0") or (share and 0 < float(share.group(1)) <= 100) \
            or re.fullmatch(r"\d+(?:\.\d+)?\s*[kmgt]?b?", t):
        return t
    raise argparse.ArgumentTypeError(f"'{text}' is not a memory limit: say 60%, 4g, 512m or none")


def write_args(path, options):
    # one option per line; quote entries with spaces for the java @argfile syntax
    lines = [f'"{o}"' if " " in o else o for o in options]
    # written beside and renamed over the old file: a kernel starting meanwhile reads the old or the new one
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text("\n".join(lines) + "\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def move_into_place(staging, dest):
    """Puts the finished kernelspec folder `staging` at `dest` in one atomic step. A new one is renamed;
    an existing one is swapped with it by Linux's renameat2(RENAME_EXCHANGE), the old one then left at
    `staging` for the caller to delete. Where that call is missing (macOS, some file systems) the old one
    is first renamed aside: for a moment there is no kernelspec, but never half of one."""
    try:
        os.rename(staging, dest)  # replaces nothing but an empty folder
        return
    except OSError as e:
        if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):
            raise
    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, rename_exchange = -100, 2
    if hasattr(libc, "renameat2") and libc.renameat2(at_fdcwd, bytes(staging), at_fdcwd, bytes(dest),
                                                     rename_exchange) == 0:
        return
    aside = staging.with_name(staging.name + "-old")
    os.rename(dest, aside)
    os.rename(staging, dest)
    os.rename(aside, staging)


# A typical first session, sent to the freshly installed kernel the way Jupyter sends it (see session_cds).
SESSION_CELLS = [
    "Nd4j.rand(3, 3)",
    "int answer = 6 * 7;",
    'String greet(String name) { return "Hello, " + name; }\ngreet("nnlab")',
    "INDArray x = Nd4j.rand(3, 3);\nx.mmul(x.transpose())",
    'XYChart chart = new XYChartBuilder().width(400).height(300).title("warm-up").build();\n'
    'chart.addSeries("y", new double[]{0, 1, 2}, new double[]{0, 1, 4});\nchart',
    "List<Integer> xs = new ArrayList<>(List.of(3, 1, 2)); Collections.sort(xs); System.out.println(xs);",
    "int broken = ;",
]


def session_cds(java, dest, options, env_vars):
    """Records the classes of a typical first session in the archive (JDK 13+ dynamic CDS), with the kernel
    started and driven as Jupyter does: unlike `Main --warm-up`, the archive then also holds the protocol's
    classes (ZeroMQ, JSON, the message types, the request handlers), about 700 classes that the kernel would
    otherwise load from the jars at each start. Measured on 2 cores (medians of 7 starts, bench/README.md):
    the kernel answers its first request 0.25 to 0.3 s sooner (0.63 s against 0.88 s on JDK 17, 0.69 s
    against 1.01 s on JDK 25), and the first tensor comes 0.02 to 0.11 s (JDK 17) and 0.13 to 0.18 s
    (JDK 25) sooner. Returns the archive, or None if the session failed (then `Main --warm-up` builds it)."""
    from jupyter_client.manager import KernelManager
    archive = dest / f"nnlab.jsa.{os.getpid()}.tmp"
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile("w+") as log:
        spec_dir = Path(tmp) / "kernels" / NAME  # a throw-away kernelspec that writes the archive at exit
        spec_dir.mkdir(parents=True)
        write_args(spec_dir / "jvm.args", options + [f"-XX:ArchiveClassesAtExit={archive}"])
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [java, f"@{spec_dir / 'jvm.args'}", "org.nnlab.kernel.Main", "{connection_file}"],
            "display_name": "nnlab warm-up", "language": "java", "env": env_vars}))
        km = KernelManager(kernel_name=NAME,
                           kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec_dir.parent)]))
        km.shutdown_wait_time = 300  # the JVM writes the archive as it exits: do not kill it meanwhile
        try:
            km.start_kernel(cwd=tmp, stdout=log, stderr=log)
            client = km.client()
            client.start_channels()
            client.wait_for_ready(timeout=300)
            for cell in SESSION_CELLS:
                client.execute_interactive(cell, timeout=300, output_hook=lambda msg: None)
            for request in (lambda: client.complete("Nd4j.ra", 7), lambda: client.is_complete("for (;;) {")):
                msg_id = request()
                while client.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
                    pass
            client.stop_channels()
            km.shutdown_kernel()
        except Exception as e:  # noqa: BLE001 - whatever failed, the warm-up run is the fallback
            if km.has_kernel:
                km.shutdown_kernel(now=True)
            log.seek(0)
            print(f"nnlab install: note: the warm-up session failed ({e!r}); using the warm-up run instead:\n"
                  + log.read()[-2000:], file=sys.stderr)
            archive.unlink(missing_ok=True)
            return None
    return archive if archive.exists() and archive.stat().st_size > 0 else None


def build_cds(java, dest, options, env):
    """Runs a typical first session once and records the classes it loads (JDK 13+ dynamic CDS)."""
    archive = dest / f"nnlab.jsa.{os.getpid()}.tmp"
    args_file = dest / f"warmup.{os.getpid()}.args"  # two installs at once must not share it
    write_args(args_file, options + [f"-XX:ArchiveClassesAtExit={archive}"])
    try:
        result = subprocess.run([java, f"@{args_file}", "org.nnlab.kernel.Main", "--warm-up"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    finally:
        args_file.unlink(missing_ok=True)
    if result.returncode != 0 or not archive.exists():
        archive.unlink(missing_ok=True)
        print("nnlab install: warning: could not build the start-up archive (the kernel works, "
              "but starts slower):\n" + result.stdout[-2000:], file=sys.stderr)
        return None
    return archive


def prepare_natives(java, dest, options, env):
    """Unpacks ND4J's native libraries into the kernelspec (see -Dorg.bytedeco.javacpp.cachedir)."""
    args_file = dest / f"prepare.{os.getpid()}.args"
    write_args(args_file, options)
    try:
        result = subprocess.run([java, f"@{args_file}", "org.nnlab.kernel.Main", "--prepare-natives"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=300)
    finally:
        args_file.unlink(missing_ok=True)
    if result.returncode != 0:
        fail("ND4J's native libraries could not be loaded on this machine:\n" + result.stdout[-2000:])


PROVISIONER = "nnlab-standby"  # the entry point of tools/nnlab_provisioner.py (a standby kernel per server)
PROVISIONER_DIST = "nnlab_standby_provisioner-1.0.dist-info"
# found and loaded as jupyter_client does, and from the folder just written (not another copy on sys.path,
# e.g. an earlier --user install's, which a later uninstall could take away)
PROVISIONER_CHECK = ("import os, sys\nfrom jupyter_client.provisioning.factory import KernelProvisionerFactory as F\n"
                     "f = F.instance()\nok = f._check_availability(sys.argv[1])\n"
                     "cls = f.provisioners[sys.argv[1]].load() if ok else None\n"
                     "where = os.path.realpath(sys.modules[cls.__module__].__file__) if cls else ''\n"
                     "sys.exit(0 if where.startswith(os.path.realpath(sys.argv[2]) + os.sep) else 1)")


def provisioner_site(args):
    """The site folder of this Python (the Jupyter server's) that belongs to the install, or None: the user's
    site folder for --user, one under the prefix for --prefix and --sys-prefix (a kernelspec in
    /tmp/x has none: its kernel starts as LocalProvisioner starts it)."""
    if args.standby_site:
        return Path(args.standby_site).resolve()
    if args.user:
        return Path(site.getusersitepackages()) if site.ENABLE_USER_SITE else None
    prefix = Path(sys.prefix if args.sys_prefix else args.prefix).resolve()
    for folder in site.getsitepackages():
        if Path(folder).resolve().is_relative_to(prefix):
            return Path(folder)
    return None


def install_provisioner(folder):
    """Puts nnlab_provisioner.py and its entry point into `folder`, then checks that this Python finds and
    loads it as jupyter_client does; if not, removes both and returns False. A kernelspec naming a provisioner
    that jupyter_client cannot find does not start at all, so kernel.json names it only after this check."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "tools" / "nnlab_provisioner.py", folder / "nnlab_provisioner.py")
        dist = folder / PROVISIONER_DIST
        dist.mkdir(exist_ok=True)
        (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: nnlab-standby-provisioner\nVersion: 1.0\n")
        (dist / "entry_points.txt").write_text(
            f"[jupyter_client.kernel_provisioners]\n{PROVISIONER} = nnlab_provisioner:NnlabProvisioner\n")
        make_readable(dist)
        os.chmod(folder / "nnlab_provisioner.py", 0o644)
    except OSError as e:
        print(f"nnlab install: note: no standby kernel ({folder} is not writable: {e})", file=sys.stderr)
        return False
    check = subprocess.run([sys.executable, "-c", PROVISIONER_CHECK, PROVISIONER, str(folder)],
                           capture_output=True, text=True)
    if check.returncode == 0:
        return True
    uninstall_provisioner(folder)
    print(f"nnlab install: note: no standby kernel: {sys.executable} cannot load the provisioner from {folder} "
          f"(not on its sys.path?)\n{check.stderr[-1000:]}", file=sys.stderr)
    return False


def uninstall_provisioner(folder):
    (folder / "nnlab_provisioner.py").unlink(missing_ok=True)
    shutil.rmtree(folder / PROVISIONER_DIST, ignore_errors=True)


def make_readable(path):
    """Readable by all, writable by the owner only (copy2 keeps a source file's looser mode)."""
    others_write = stat.S_IWGRP | stat.S_IWOTH
    for root, dirs, files in os.walk(path):
        for d in dirs:
            p = os.path.join(root, d)
            os.chmod(p, (os.stat(p).st_mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
                         | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH) & ~others_write)
        for f in files:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                os.chmod(p, (os.stat(p).st_mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH) & ~others_write)
    os.chmod(path, (os.stat(path).st_mode | 0o755) & ~others_write)


def destination(args):
    ksm = KernelSpecManager()
    if args.user:
        return Path(ksm.user_kernel_dir) / NAME
    prefix = sys.prefix if args.sys_prefix else args.prefix
    return Path(prefix) / "share" / "jupyter" / "kernels" / NAME


def install(args):
    kernel_jar = TARGET / "nnlab-kernel.jar"
    deps = TARGET / "dist" / "lib"
    if not kernel_jar.exists() or not deps.is_dir():
        fail(f"{kernel_jar} is missing: build first (./nnlab setup, or ./mvnw package -DskipTests)")
    java = java_executable(args.java)
    feature = java_feature_version(java)
    if feature < 17:
        fail(f"{java} is Java {feature}; nnlab needs Java 17 or newer")
    threads = args.threads or default_threads()

    dest = destination(args)
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Two installs of the same kernelspec take turns: the native libraries and the start-up archive are made
    # inside the installed folder (see below), which the other install would swap away mid-way.
    with open(dest.parent.parent / f".{NAME}-kernel-install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return install_into(args, dest, java, feature, threads, kernel_jar, deps)


def install_into(args, dest, java, feature, threads, kernel_jar, deps):
    env_vars = kernel_env(threads)
    standby_site = None if args.no_standby else provisioner_site(args)
    standby = standby_site is not None and install_provisioner(standby_site)
    # Built whole in a staging folder beside kernels/ (same file system, not listed by Jupyter), then moved
    # into place in one step: a notebook server or a second install never sees half a kernelspec.
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{NAME}-kernel-install-", dir=dest.parent.parent))
    try:
        (staging / "lib").mkdir()
        (staging / "course").mkdir()
        for jar in deps.glob("*.jar"):
            sub = "course" if jar.name.startswith("nnlab-lib") else "lib"
            shutil.copy2(jar, staging / sub / jar.name)
        shutil.copy2(kernel_jar, staging / "lib" / kernel_jar.name)
        for f in SPEC_FILES.iterdir():
            shutil.copy2(f, staging / f.name)
        options = jvm_options(dest, threads, feature, args.jit, jars_in=staging,  # the final paths
                              memory_limit=args.memory_limit)
        write_args(staging / "jvm.args", options)
        spec = {
            "argv": [java, f"@{dest / 'jvm.args'}", "org.nnlab.kernel.Main", "{connection_file}"],
            "display_name": "Java (nnlab)",
            "language": "java",
            "interrupt_mode": "message",
            "env": env_vars,
            "metadata": {"nnlab": {"java": java, "threads": threads, "jit": args.jit,
                                  "memory_limit": args.memory_limit or "75%"}},
        }
        if standby:  # a warm kernel ready for the next launch (tools/nnlab_provisioner.py; NNLAB_STANDBY=0: off)
            spec["metadata"]["kernel_provisioner"] = {"provisioner_name": PROVISIONER}
        (staging / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
        make_readable(staging)
        move_into_place(staging, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    # The native libraries (symbolic links) and the start-up archive (its class path) hold absolute paths,
    # so they are made in place; the kernel works meanwhile, only without the archive. jvm.args names the
    # archive only once it is complete, each file replaced in one step.
    env = dict(os.environ, **env_vars)
    if args.no_cds:
        prepare_natives(java, dest, options, env)
    else:
        # the session and the warm-up run unpack the natives too
        # recorded without the Java agent (the JVM refuses to write an archive with one), used with it
        recording = [o for o in options if not o.startswith("-javaagent:")]
        recorded = session_cds(java, dest, recording, env_vars) or build_cds(java, dest, recording, env)
        if recorded:
            archive = dest / "nnlab.jsa"
            os.replace(recorded, archive)
            options.append(f"-XX:SharedArchiveFile={archive}")
            write_args(dest / "jvm.args", options)
        else:
            prepare_natives(java, dest, options, env)
    installed = dest
    make_readable(installed)
    print(f"Installed the nnlab kernel in {installed}"
          + (f" (standby kernel: provisioner in {standby_site})" if standby else " (no standby kernel)"))
    return installed


def uninstall(args):
    dest = destination(args)
    if not dest.exists():
        print(f"No nnlab kernel at {dest}; nothing to remove")
        return
    shutil.rmtree(dest)
    folder = provisioner_site(args)
    if folder and (folder / PROVISIONER_DIST).exists():
        uninstall_provisioner(folder)
    print(f"Removed the nnlab kernel from {dest}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="for the current user (the default)")
    where.add_argument("--sys-prefix", action="store_true", help="into sys.prefix of this Python (venv/conda)")
    where.add_argument("--prefix", help="under PREFIX/share/jupyter/kernels (system-wide, JupyterHub)")
    parser.add_argument("--uninstall", action="store_true", help="remove the kernel from that place")
    parser.add_argument("--java", help="the java executable to use (default: JAVA_HOME, then PATH)")
    parser.add_argument("--threads", type=int, help="BLAS/OpenMP threads per kernel (default: cores/4, 1 to 4)")
    parser.add_argument("--jit", choices=["quick", "full"], default="full",
                        help="full (default): tiered C1+C2, training at full speed; quick: C1 only, the first "
                             "cell about 0.65 s sooner and 26 MB smaller, training 1.5x-2x slower")
    parser.add_argument("--no-cds", action="store_true", help="skip the start-up archive")
    parser.add_argument("--no-standby", action="store_true",
                        help="no standby kernel: by default the notebook server keeps one kernel started ahead "
                             "(about 160-190 MB), so that a restart or the next notebook starts warm; needs the "
                             "provisioner in a site folder of this Python (--user, or a prefix on its sys.path)")
    parser.add_argument("--standby-site", metavar="DIR",
                        help="the site folder for the standby's provisioner (default: from --user/--prefix)")
    parser.add_argument("--memory-limit", type=memory_limit,
                        help="each kernel's memory limit without a hub: a share of the machine's memory (60%%), "
                             "a size (4g, 512m) or none; default 75%%. NNLAB_MEMORY_LIMIT overrides it per "
                             "kernel; a hub's MEM_LIMIT or a cgroup's limit still applies if smaller")
    args = parser.parse_args()
    if not (args.user or args.sys_prefix or args.prefix):
        args.user = True
    if args.prefix:
        args.prefix = os.path.abspath(args.prefix)
    # nothing installed is writable by others, whatever the caller's umask: a writable kernelspec would
    # let anyone run code as every user who starts the kernel
    os.umask(os.umask(0) | 0o022)
    uninstall(args) if args.uninstall else install(args)


if __name__ == "__main__":
    main()
