"""The spawner of the nnlab JupyterHub: JupyterHub's local process spawner plus three things a course needs.

1. The course notebooks are copied into a new student's home on every start, but only the files the
   student does not have yet: a student's edits are never overwritten (a notebook added to the course
   later still arrives).
2. Every kernel reads the data sets from one shared, read-only folder (NNLAB_DATA), downloaded once by
   deploy/install.sh.
3. Per-user limits that hold: the user's server and its kernels run in a cgroup with the memory and CPU
   limit (when the hub runs as root on a Linux with writable cgroups, v2 or v1), and the kernel's JVM
   is sized from the same limit (heap from -XX:MaxRAM, and nnlab's memory guard stops a cell with a
   clear message before the kernel reaches the limit; see kernel/.../exec/MemoryGuard.java). The same
   cgroup caps the student's processes and threads (pids.max), so a fork bomb stops at the limit.
4. Nothing outlives a server: stopping it (the student, the lecturer, the idle culler) kills every
   process left in the student's cgroup, background jobs started from a terminal included, and a start
   first clears what a crashed server left there. Processes of the student outside the hub (an SSH
   login) are not in the cgroup and are not touched.
5. No server runs as root, a system account or a Unix account outside the course's groups
   (nnlab_auth.py says who may), whoever asks for it.
6. No standby kernel by default (NNLAB_STANDBY=0): a single-user install keeps one kernel started ahead so
   that a restart or the next notebook starts warm (tools/nnlab_provisioner.py), but an idle standby JVM
   costs about 160-190 MB per student server (200 students: about 35 GB). `kernel_standby = True` turns it on.
"""
import asyncio
import os
import pwd
import signal
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Bool, Integer, Unicode

from nnlab_course import copy_course  # the course copy, shared with ./nnlab notebook
from nnlab_limits import DEFAULT_PIDS_LIMIT, jvm_options, parse_bytes  # shared with bench/budget.py

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP = "nnlab"  # every user's cgroup lives under this one


class Cgroup:
    """A cgroup for one user's server, v2 (unified) or v1 (one folder per controller), or none."""

    def __init__(self, name, root=CGROUP_ROOT):
        self.name, self.root = name, Path(root)
        if (self.root / "cgroup.controllers").exists():
            self.version, self.folders = 2, {"unified": self.root / GROUP / name}
        elif (self.root / "memory" / "memory.limit_in_bytes").exists():
            self.version = 1
            self.folders = {c: self.root / c / GROUP / name for c in ("memory", "cpu", "pids")
                            if (self.root / c).is_dir()}
        else:
            self.version, self.folders = 0, {}

    def create(self, mem_bytes, cpus, pids=0):
        """Creates the cgroup with the limits. Returns None, or why it could not (then no limit holds)."""
        if not self.folders:
            return f"no cgroup file system at {self.root}"
        try:
            if self.version == 2:
                parent = self.root / GROUP
                parent.mkdir(exist_ok=True)
                # the parent hands the memory, cpu and pids controllers down to the users' groups
                try:
                    (parent / "cgroup.subtree_control").write_text("+memory +cpu +pids")
                except OSError:  # no pids controller here: memory and CPU still
                    (parent / "cgroup.subtree_control").write_text("+memory +cpu")
                folder = self.folders["unified"]
                folder.mkdir(exist_ok=True)
                if mem_bytes:
                    (folder / "memory.max").write_text(str(mem_bytes))
                    (folder / "memory.swap.max").write_text("0") if (folder / "memory.swap.max").exists() else None
                if cpus:
                    (folder / "cpu.max").write_text(f"{int(cpus * 100000)} 100000")
                if pids and (folder / "pids.max").exists():
                    (folder / "pids.max").write_text(str(pids))
                elif pids:
                    return f"no pids controller under {self.root}: processes are not limited"
            else:
                for controller, folder in self.folders.items():
                    folder.mkdir(parents=True, exist_ok=True)
                if mem_bytes and "memory" in self.folders:
                    (self.folders["memory"] / "memory.limit_in_bytes").write_text(str(mem_bytes))
                if cpus and "cpu" in self.folders:
                    (self.folders["cpu"] / "cpu.cfs_period_us").write_text("100000")
                    (self.folders["cpu"] / "cpu.cfs_quota_us").write_text(str(int(cpus * 100000)))
                if pids and "pids" in self.folders:
                    (self.folders["pids"] / "pids.max").write_text(str(pids))
                elif pids:
                    return f"no pids controller under {self.root}: processes are not limited"
        except OSError as e:
            return f"cannot write {e.filename}: {e.strerror}"
        return None

    def join(self, pid=0):
        """Moves a process (0: the calling one) into the cgroup; its children inherit it."""
        for folder in self.folders.values():
            (folder / "cgroup.procs").write_text(str(pid or os.getpid()))

    def pids(self):
        """The processes in the cgroup now (every controller's folder: v1 could differ)."""
        found = set()
        for folder in self.folders.values():
            try:
                found |= {int(line) for line in (folder / "cgroup.procs").read_text().split()}
            except OSError:
                pass  # no such group (never created, or removed)
        return found

    async def kill_all(self, timeout=10.0):
        """SIGKILLs every process in the cgroup until none is left (a process forking meanwhile is
        caught on the next round: a killed process forks no more), then removes the cgroup's folders.
        Returns the processes still there after timeout (empty when all went)."""
        unified = self.folders.get("unified")
        if unified is not None and (unified / "cgroup.kill").exists():
            try:
                (unified / "cgroup.kill").write_text("1")  # Linux 5.14+: the kernel kills them all at once
            except OSError:
                pass
        deadline = asyncio.get_running_loop().time() + timeout
        left = self.pids()
        while left and asyncio.get_running_loop().time() < deadline:
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            await asyncio.sleep(0.05)
            left = self.pids()
        if not left:
            for folder in self.folders.values():
                try:
                    folder.rmdir()
                except OSError:
                    pass  # gone already, or a process is still exiting: the next start reuses it
        return left


class NnlabSpawner(LocalProcessSpawner):
    course_dir = Unicode("/opt/nnlab/course", config=True,
                         help="The course notebooks, copied into each user's home (never overwriting).")
    course_folder = Unicode("nnlab-course", config=True, help="The folder in the user's home.")
    data_dir = Unicode("/opt/nnlab/data", config=True,
                       help="The shared read-only data folder every kernel reads (NNLAB_DATA).")
    pids_limit = Integer(DEFAULT_PIDS_LIMIT, config=True,
                         help="Processes and threads per user (pids.max of the user's cgroup); 0: none.")
    kernel_standby = Bool(False, config=True,
                          help="Keep one nnlab kernel started ahead in each student's server, so that a restart "
                               "or the next notebook starts warm (about 0.3-0.5 s to the first tensor instead of "
                               "2 s), at the cost of an idle JVM of about 160-190 MB per student server.")

    def get_env(self):
        env = super().get_env()
        if self.data_dir:
            env["NNLAB_DATA"] = self.data_dir
        options = jvm_options(parse_bytes(self.mem_limit))
        if options:
            env["JDK_JAVA_OPTIONS"] = options
        env["NNLAB_STANDBY"] = "1" if self.kernel_standby else "0"  # read by tools/nnlab_provisioner.py
        return env

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        group = self._cgroup if getattr(self, "_cgroup_ready", False) else None

        def preexec():
            if group is not None:
                group.join()  # still root here: join the user's cgroup, then drop to the user
            os.umask(0o077)  # the student's new files are the student's alone, however the hub was started
            become_user()

        return preexec

    async def start(self):
        refusal = getattr(self.authenticator, "refusal", None)
        why = refusal(self.user.name) if refusal else None
        if why:
            raise RuntimeError(f"nnlab: no server for {self.user.name}: {why}")
        user = pwd.getpwnam(self.user.name)
        copied = copy_course(self.course_dir, user.pw_dir, user.pw_uid, user.pw_gid, self.course_folder)
        if copied:
            self.log.info("nnlab: copied %d course files into %s's %s", len(copied), self.user.name,
                          self.course_folder)
        self._cgroup = Cgroup(self.user.name)
        self._cgroup_ready = False
        if os.geteuid() == 0 and (self.mem_limit or self.cpu_limit or self.pids_limit):
            left = await self._cgroup.kill_all()  # what a crashed server of this user left behind
            if left:
                self.log.warning("nnlab: processes %s of %s survived SIGKILL", sorted(left), self.user.name)
            why = self._cgroup.create(parse_bytes(self.mem_limit), self.cpu_limit, self.pids_limit)
            self._cgroup_ready = why is None or why.startswith("no pids controller")  # memory, CPU hold
            if why:
                self.log.warning("nnlab: no cgroup limit for %s (%s); the kernel still sizes itself from "
                                 "MEM_LIMIT", self.user.name, why)
        return await super().start()

    async def stop(self, now=False):
        """Stops the server (SIGINT, SIGTERM, SIGKILL as JupyterHub does), then kills every process left
        in the user's cgroup: kernels, terminals and anything they started in the background."""
        await super().stop(now=now)
        group = getattr(self, "_cgroup", None) or Cgroup(self.user.name)  # after a hub restart
        if os.geteuid() == 0:
            left = await group.kill_all()
            if left:
                self.log.warning("nnlab: processes %s of %s survived SIGKILL", sorted(left), self.user.name)
