"""A Jupyter kernel provisioner that keeps one nnlab kernel started before it is asked for.

A cold nnlab kernel needs about 2 s to its first tensor, most of it javac's first compiles in JShell. So the
notebook server keeps ONE standby kernel (``Main --standby``): started in the working directory and with the
environment of the last launch, it has JShell, the default imports and ND4J ready and waits for one line on
its stdin. The next launch with the same command, working directory and environment (but for PER_LAUNCH)
hands it its connection file and adopts its process (only if no file of the kernel's command line, jars
included, has changed since the standby started): restarting a kernel and opening the next notebook of
the same folder become warm. Any other launch starts cold, as LocalProvisioner does. After each launch the
next standby starts, Standby.delay seconds later (NNLAB_STANDBY_DELAY, default 5), so that it does not slow
the kernel just launched.

The standby costs the memory of an idle kernel (about 160 to 190 MB) per notebook server. NNLAB_STANDBY=0 in
the server's or the kernel's environment turns it off; the JupyterHub spawner sets it unless told otherwise.
A standby exits when the server does: at exit it is killed, and if the server dies its stdin ends.

Installed by tools/install_kernel.py (this module and an entry point of the group
``jupyter_client.kernel_provisioners``); kernel.json names it as ``nnlab-standby``.
"""
import atexit
import os
import re
import signal
import subprocess
import sys
import threading

from jupyter_client.launcher import launch_kernel
from jupyter_client.provisioning import LocalProvisioner

NAME = "nnlab-standby"
READY = b"nnlab standby ready"  # the standby's first line on stdout, once JShell and ND4J are ready
# Variables that differ from one launch of the same server to the next: ignored when a launch is matched
# with the standby. JPY_PARENT_PID is the server's pid (the same for the standby); JPY_SESSION_NAME
# (jupyter_server 2: the notebook's path) is left out of the standby's environment rather than be another
# notebook's.
PER_LAUNCH = ("JPY_PARENT_PID", "JPY_SESSION_NAME")


def enabled(env):
    """NNLAB_STANDBY=0 (or off/false/no) in the server's or the kernel's environment turns the standby off."""
    for source in (os.environ, env or {}):
        if str(source.get("NNLAB_STANDBY", "1")).strip().lower() in ("0", "off", "false", "no"):
            return False
    return True


def code_stamp(cmd):
    """The size and modification time of every file the command names, directly or in its @argument files
    (the jars on the class path): a kernel reinstalled or rebuilt since the standby started does not match,
    so a restart never runs yesterday's classes."""
    paths = []
    for a in cmd:
        if a.startswith("@") and os.path.isfile(a[1:]):
            paths.append(a[1:])
            with open(a[1:], encoding="utf-8", errors="replace") as f:
                paths.extend(re.split(r"[\s:=]+", f.read()))
        else:
            paths.append(a)
    stamp = []
    for p in paths:
        if p.startswith("/") and os.path.isfile(p):
            st = os.stat(p)
            stamp.append((p, st.st_size, st.st_mtime_ns))
    return tuple(stamp)


def launch_key(cmd, connection_file, kwargs):
    """What a standby must share with a launch to stand in for it; None if this launch cannot have one."""
    if cmd.count(connection_file) != 1 or set(kwargs) - {"env", "cwd"}:
        return None  # an unusual command, or stdout/stderr redirected: launch as LocalProvisioner does
    env = kwargs.get("env") or os.environ
    command = tuple("{connection_file}" if a == connection_file else a for a in cmd)
    return (command,
            os.path.realpath(kwargs.get("cwd") or os.getcwd()),
            frozenset((k, v) for k, v in env.items() if k not in PER_LAUNCH),
            code_stamp(command))


class Standby:
    """The one standby kernel of this server process: its launch key, process and readiness."""

    lock = threading.Lock()
    current = None  # the Standby waiting to be adopted, if any
    timer = None  # the Timer that will start the next one
    delay = float(os.environ.get("NNLAB_STANDBY_DELAY", "5"))  # after a launch, before the next standby

    def __init__(self, key, cmd, cwd, env):
        self.key = key
        self.ready = threading.Event()
        env = {k: v for k, v in env.items() if k != "JPY_SESSION_NAME"}
        standby_cmd = ["--standby" if a == "{connection_file}" else a for a in cmd]
        # stdin stays open (launch_kernel closes it only when it made the pipe itself): the connection file
        # comes through it, and its end tells the standby that the server is gone
        self.process = launch_kernel(standby_cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd,
                                     env=env)
        threading.Thread(target=self._relay_stdout, name="nnlab-standby-stdout", daemon=True).start()

    def _relay_stdout(self):
        """Notes the ready line, then passes the kernel's other output on to the server's, as inherited."""
        try:
            for line in iter(self.process.stdout.readline, b""):
                if line.rstrip() == READY and not self.ready.is_set():
                    self.ready.set()
                    continue
                sys.stdout.buffer.write(line)
                sys.stdout.flush()
        except (AttributeError, ValueError, OSError):
            pass  # the pipe was closed (the kernel ended) or the server has no stdout

    def adopt(self, connection_file):
        """Hands the standby its connection file; False if it has died meanwhile."""
        try:
            self.process.stdin.write(connection_file.encode() + b"\n")
            self.process.stdin.close()
        except OSError:
            self.kill()
            return False
        return self.process.poll() is None

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except OSError:
            pass
        self.process.wait()

    @classmethod
    def take(cls, key):
        """The standby if it matches this launch (removed from the server's slot); a mismatch is killed."""
        with cls.lock:
            if cls.timer:
                cls.timer.cancel()
                cls.timer = None
            standby, cls.current = cls.current, None
        if standby is None or standby.key == key and standby.process.poll() is None:
            return standby
        standby.kill()
        return None

    @classmethod
    def schedule(cls, key, cmd, cwd, env):
        """Starts the next standby for this launch after `delay` seconds, in the background."""
        def start():
            with cls.lock:
                if cls.timer is not timer:
                    return  # a later launch cancelled or replaced this one
                cls.current = Standby(key, cmd, cwd, env)
                cls.timer = None  # after: a reader never sees neither
        timer = threading.Timer(cls.delay, start)
        timer.daemon = True
        with cls.lock:
            if cls.timer:
                cls.timer.cancel()
            cls.timer = timer
        timer.start()

    @classmethod
    def stop(cls):
        """Kills the standby and cancels the next one (at exit of the server, and for tests)."""
        with cls.lock:
            if cls.timer:
                cls.timer.cancel()
                cls.timer = None
            standby, cls.current = cls.current, None
        if standby:
            standby.kill()


atexit.register(Standby.stop)


class NnlabProvisioner(LocalProvisioner):
    """LocalProvisioner that adopts the server's standby nnlab kernel when it matches the launch."""

    warm = False  # True if the running kernel was a standby (for the benchmark and the tests)

    async def launch_kernel(self, cmd, **kwargs):
        kwargs = LocalProvisioner._scrub_kwargs(kwargs)
        connection_file = self.parent.connection_file if self.parent else None
        key = launch_key(cmd, connection_file, kwargs) if connection_file else None
        if key is None or not enabled(kwargs.get("env")):
            Standby.stop()
            self.warm = False
            return await super().launch_kernel(cmd, **kwargs)
        standby = Standby.take(key)
        if standby and standby.adopt(connection_file):
            self.process = standby.process
            self.warm = True
            self.pid = self.process.pid
            self.pgid = os.getpgid(self.pid)
        else:
            self.warm = False
            await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ, JPY_PARENT_PID=str(os.getpid()))
        Standby.schedule(key, key[0], kwargs.get("cwd"), env)
        return self.connection_info
