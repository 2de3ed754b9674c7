#!/usr/bin/env python3
"""Load test of the nnlab JupyterHub: a cohort of N students at once, on loopback, bounded in time.

    sudo /usr/bin/python3 deploy/jupyterhub/loadtest.py --users 12          (the documented run)
    sudo /usr/bin/python3 deploy/jupyterhub/loadtest.py --users 4 --json r.json   (CI's short form)

It installs nnlab into a temporary folder with deploy/install.sh (the same install as a real server),
starts the hub of deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1, creates N test users
(nnlab-lt-01 ...; the hub creates their Unix accounts), and for every user at the same time:

1. starts the user's server through the Hub's REST API, with a token of the user's own;
2. for each notebook (02-xor-and-mlp and 08-rnn-and-bptt, fast mode): saves the solved notebook into
   the user's course folder (the student's edits), opens a kernel through the REST API, runs every code
   cell over the kernel's websocket, and saves the notebook with its outputs;
3. stops the server and starts it again: the edits and outputs must still be there (the course copy
   never overwrites a student's file).

The first user's kernel is killed (SIGKILL) in the middle of its second notebook; the user restarts it
through the API, as a student would from the menu, runs the notebook again, and it must open and run.
The second user's websocket is closed in the middle of a cell of its first notebook, as a lost
connection would: it reconnects with the same session, as the browser does, and the cell's replies,
kept by the server meanwhile, must arrive. A websocket that closes mid-cell by itself is reconnected
the same way (at most twice per websocket) and reported; a third close is a failure. If the
kernel goes idle and the cell's reply never comes (Notebook 6 drops messages while a socket closes),
the cell is run again and the report says so.

It reports users served, failures (must be 0), the time from the start of a user's server to its first
cell result (median and max), the peak RSS per kernel, and the machine's peak memory in use. Everything
it made (users, their homes, the hub, the install) is removed at the end unless --keep. It stops by
itself after --timeout seconds. Exit status 0 only if every user got through with no failure.
"""
import argparse
import asyncio
import datetime
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import nbformat
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PREFIX = "nnlab-lt-"
GROUP = "nnlab-lt-students"  # the hub lets only a group's members in and puts the users it makes there
FOLDER = "nnlab-course"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- memory sampling

class MemorySampler:
    """Samples every nnlab kernel's RSS (by pid, with its user) and the machine's memory in use."""

    def __init__(self, period=0.25):
        self.period, self.kernels, self.machine_peak = period, {}, 0
        self.machine_start = psutil.virtual_memory().used
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.machine_peak = max(self.machine_peak, psutil.virtual_memory().used)
            for p in psutil.process_iter(["pid", "username", "cmdline", "memory_info"]):
                try:
                    cmd = p.info["cmdline"] or []
                    if "org.nnlab.kernel.Main" in cmd and (p.info["username"] or "").startswith(PREFIX):
                        rss = p.info["memory_info"].rss
                        old = self.kernels.get(p.pid, (p.info["username"], 0))
                        self.kernels[p.pid] = (p.info["username"], max(old[1], rss))
                except (psutil.Error, TypeError):
                    pass
            self._stop.wait(self.period)


def kernel_pids(user):
    return [p.pid for p in psutil.process_iter(["username", "cmdline"])
            if p.info["username"] == user and "org.nnlab.kernel.Main" in (p.info["cmdline"] or [])]


# ---------------------------------------------------------------- the hub

class Hub:
    def __init__(self, base, port, token, env):
        self.base, self.port, self.token, self.env = base, port, token, env
        self.url = f"http://127.0.0.1:{port}"
        self.http = AsyncHTTPClient(max_clients=64)
        self.proc = None

    def start(self, log_file):
        command = ["jupyterhub", "-f", str(CONFIG), f"--JupyterHub.hub_port={self.port + 1}",
                   f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{self.port + 2}"]
        self.proc = subprocess.Popen(command, cwd=self.base, env=self.env, stdout=log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    async def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited with status {self.proc.returncode}; see its log")
            try:
                await self.api("GET", "/hub/api/")
                return
            except (OSError, HTTPClientError):
                await asyncio.sleep(0.5)
        raise RuntimeError(f"the hub did not answer on {self.url} within {timeout} s")

    async def api(self, method, path, body=None, token=None, timeout=120):
        request = HTTPRequest(self.url + path, method=method,
                              headers={"Authorization": f"token {token or self.token}"},
                              body=None if body is None else json.dumps(body),
                              allow_nonstandard_methods=True, request_timeout=timeout)
        response = await self.http.fetch(request)
        return json.loads(response.body) if response.body else None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


# ---------------------------------------------------------------- one student

class Student:
    def __init__(self, hub, name, notebooks, kill_kernel, drop_socket=False):
        self.hub, self.name, self.notebooks, self.kill_kernel = hub, name, notebooks, kill_kernel
        self.drop_socket = drop_socket  # lose the websocket once, mid-cell, in the first notebook
        self.reconnects = []  # websockets that closed mid-cell without being asked to
        self.token = None
        self.failures = []
        self.first_result = None  # seconds from the server start request to the first cell result
        self.kernel_first_result = []  # seconds from a kernel start request to its first cell result
        self.notes = []

    def fail(self, what):
        self.failures.append(what)
        log(f"{self.name}: FAILURE {what}")

    async def run(self):
        hub = self.hub
        self.token = (await hub.api("POST", f"/hub/api/users/{self.name}/tokens",
                                    {"note": "nnlab load test", "expires_in": 3600}))["token"]
        start = time.monotonic()
        await self.start_server()
        for index, name in enumerate(self.notebooks):
            kill = self.kill_kernel and index == len(self.notebooks) - 1
            await self.run_notebook(name, start if index == 0 else None, kill)
        # log out and in again: the server restarts and copies the course; the student's files must survive
        saved = {nb: self.disk_notebook(nb) for nb in self.notebooks}
        await self.stop_server()
        await self.start_server()
        for nb, before in saved.items():
            after = self.disk_notebook(nb)
            if after != before:
                self.fail(f"{nb} changed on disk when the server restarted")
        await self.stop_server()

    async def start_server(self):
        try:
            await self.hub.api("POST", f"/hub/api/users/{self.name}/server")
        except HTTPClientError as e:
            if e.code != 400:  # 400: already running
                raise
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            model = await self.hub.api("GET", f"/hub/api/users/{self.name}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            await asyncio.sleep(0.5)
        raise RuntimeError("the server did not become ready within 180 s")

    async def stop_server(self):
        await self.hub.api("DELETE", f"/hub/api/users/{self.name}/server")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            model = await self.hub.api("GET", f"/hub/api/users/{self.name}")
            if not model.get("servers"):
                return
            await asyncio.sleep(0.5)
        raise RuntimeError("the server did not stop within 60 s")

    async def server_api(self, method, path, body=None, timeout=120):
        return await self.hub.api(method, f"/user/{self.name}/api{path}", body, token=self.token, timeout=timeout)

    def disk_notebook(self, name):
        path = Path(pwd.getpwnam(self.name).pw_dir) / FOLDER / f"{name}.ipynb"
        return path.read_bytes() if path.exists() else None

    async def run_notebook(self, name, server_start, kill):
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        nb.metadata["nnlab_loadtest"] = {"user": self.name}  # the student's edit, to find on disk later
        path = f"{FOLDER}/{name}.ipynb"
        await self.server_api("PUT", f"/contents/{path}", {"type": "notebook", "content": nb})
        kernel_start = time.monotonic()
        kernel = await self.server_api("POST", "/kernels", {"name": "nnlab"})
        channel = Channel(self, kernel["id"])
        await channel.connect()
        cells = [c for c in nb.cells if c.cell_type == "code"]
        drop_at = len(cells) // 2 if self.drop_socket else None
        self.drop_socket = False
        try:
            for number, cell in enumerate(cells):
                if kill and number == len(cells) // 2:
                    await self.kill_and_restart(kernel["id"], channel)
                    channel = Channel(self, kernel["id"])
                    await channel.connect()
                    for earlier in cells[:number]:  # Cell > Run All Above, after the restart
                        await channel.execute(earlier, self)
                channel.drop_mid_cell = number == drop_at
                ok = await channel.execute(cell, self)
                if number == 0:
                    now = time.monotonic()
                    self.kernel_first_result.append(now - kernel_start)
                    if server_start is not None:
                        self.first_result = now - server_start
                if not ok:
                    return
        finally:
            await channel.close()
            await self.server_api("DELETE", f"/kernels/{kernel['id']}")
        await self.server_api("PUT", f"/contents/{path}", {"type": "notebook", "content": nb})
        saved = self.disk_notebook(name)
        on_disk = nbformat.reads(saved.decode(), as_version=4) if saved else None
        if on_disk is None or on_disk.metadata.get("nnlab_loadtest", {}).get("user") != self.name:
            self.fail(f"{name}: the edited notebook is not on disk")
        else:
            outputs = [len(c.outputs) for c in nb.cells if c.cell_type == "code"]
            if sum(outputs) == 0 or outputs != [len(c.outputs) for c in on_disk.cells if c.cell_type == "code"]:
                self.fail(f"{name}: the outputs on disk are not the outputs the kernel gave")

    async def kill_and_restart(self, kernel_id, channel):
        pids = kernel_pids(self.name)
        if not pids:
            self.fail("no kernel process to kill")
            return
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        log(f"{self.name}: killed kernel process {pids} mid-notebook")
        await channel.close()
        await asyncio.sleep(1)
        await self.server_api("POST", f"/kernels/{kernel_id}/restart", timeout=180)
        self.notes.append("kernel killed with SIGKILL mid-run, restarted through the API, notebook re-run")


class Channel:
    """A kernel's websocket through the hub's proxy (Jupyter's messaging protocol, v5)."""

    def __init__(self, student, kernel_id):
        self.student, self.kernel_id, self.session = student, kernel_id, uuid.uuid4().hex
        self.ws = None
        self.drop_mid_cell = False  # close the socket once, mid-cell, as a lost Wi-Fi would
        self.dropping = False  # that close is under way: its reconnect is not counted as a fault
        self.reconnects = 0  # closes nobody asked for

    async def connect(self):
        url = (self.student.hub.url.replace("http", "ws") + f"/user/{self.student.name}/api/kernels/"
               f"{self.kernel_id}/channels?session_id={self.session}")
        # tornado's default 20 s is too short while a dozen servers start on two cores at once
        request = HTTPRequest(url, headers={"Authorization": f"token {self.student.token}"},
                              connect_timeout=120, request_timeout=120)
        self.ws = await websocket_connect(request)
        self.opened = time.monotonic()

    async def reconnect(self, cell, student):
        """The websocket closed during a cell. The Notebook server keeps the kernel's messages for a
        session that went away; the browser reconnects with the same session_id and gets them. So do
        we, at most twice per channel, and every reconnect is reported (on purpose or not)."""
        what = (f"code {self.ws.close_code}, reason {self.ws.close_reason!r}, "
                f"{time.monotonic() - self.opened:.0f} s after it opened, "
                f"cell {cell.source.splitlines()[0][:60] if cell.source else ''!r}")
        if not self.dropping:
            self.reconnects += 1
            if self.reconnects > 2:
                student.fail(f"the kernel's websocket closed during a cell a third time ({what})")
                return False
            student.reconnects.append(what)
            log(f"{student.name}: the kernel's websocket closed during a cell ({what}); reconnecting")
        await asyncio.sleep(1)
        await self.connect()
        return True

    async def close(self):
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    async def send(self, cell, student):
        """Sends a cell's code as an execute_request; returns the request's id."""
        msg_id = uuid.uuid4().hex
        now = datetime.datetime.now(datetime.timezone.utc).isoformat()
        await self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": student.name, "session": self.session,
                       "msg_type": "execute_request", "version": "5.3", "date": now},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": cell.source, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        return msg_id

    async def execute(self, cell, student, timeout=600):
        """Runs one cell; puts its outputs into it. Returns False (and records a failure) on an error."""
        msg_id = await self.send(cell, student)
        cell.outputs = []
        replied = idle = False
        status = None
        reconnected = rerun = False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            left = deadline - time.monotonic()
            if left <= 0:
                student.fail(f"a cell gave no reply within {timeout} s")
                return False
            try:
                # after a reconnect, look every 15 s whether the kernel is still busy with the cell
                raw = await asyncio.wait_for(self.ws.read_message(), min(left, 15) if reconnected else left)
            except asyncio.TimeoutError:
                if not reconnected:
                    continue
                state = (await student.server_api("GET", f"/kernels/{self.kernel_id}")).get("execution_state")
                if state != "idle":
                    continue
                # The kernel finished, but its reply never came: the Notebook server drops a message that
                # arrives while the socket is closing. Run the cell again, as a student would.
                log(f"{student.name}: the cell's reply was lost while the websocket closed; running it again")
                msg_id = await self.send(cell, student)
                cell.outputs, replied, idle, status = [], False, False, None
                reconnected, rerun = False, True
                continue
            if raw is None:
                if not await self.reconnect(cell, student):
                    return False
                reconnected = True
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if self.drop_mid_cell:
                self.drop_mid_cell, self.dropping = False, True
                log(f"{student.name}: closing the kernel's websocket mid-cell (a lost connection)")
                self.ws.close()
            kind = msg["header"]["msg_type"]
            if kind == "execute_reply":
                replied, status = True, msg["content"]["status"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif kind in ("stream", "display_data", "execute_result", "error"):
                cell.outputs.append(nbformat.v4.output_from_msg(msg))
            elif kind == "update_display_data":
                pass  # a live plot redrawn in place; its last state is also in a display_data
        how = ("some of the cell's messages were lost while the socket closed (the Notebook server drops "
               "them), so the cell was run again, and") if rerun else "the server kept the messages meanwhile, and"
        if self.dropping:
            self.dropping = False
            student.notes.append("websocket closed on purpose mid-cell, reconnected with the same session; "
                                 f"{how} the cell's reply and its {len(cell.outputs)} output(s) arrived")
        elif rerun:
            student.notes.append(f"after a websocket close nobody asked for, {how} the reply arrived")
        expected_error = "raises-exception" in cell.metadata.get("tags", [])
        if status != "ok" and not expected_error:
            error = next((o for o in cell.outputs if o.output_type == "error"), None)
            student.fail(f"cell failed: {error.ename if error else status}: "
                         f"{(error.evalue if error else '')[:200]}")
            return False
        return True


# ---------------------------------------------------------------- the run

def install(base, data):
    command = [str(ROOT / "deploy" / "install.sh"), "--no-apt", "--prefix", str(base / "opt"),
               "--kernel-prefix", str(base / "kernel"), "--course", "student"]
    if data:
        command += ["--data-from", data]
    log("installing nnlab into " + str(base) + " (deploy/install.sh)")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def remove_users(names):
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        subprocess.run(["pkill", "-KILL", "-u", name], check=False)
        subprocess.run(["userdel", "-r", "-f", name], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    subprocess.run(["groupdel", GROUP], check=False, stderr=subprocess.DEVNULL)


async def main_async(args, base, hub, names):
    await hub.wait_ready()
    log(f"hub up at {hub.url}; creating {len(names)} users")
    await hub.api("POST", "/hub/api/users", {"usernames": names})
    students = [Student(hub, name, args.notebooks, kill_kernel=(i == 0 and not args.no_kill),
                        drop_socket=(i == 1 and not args.no_kill))
                for i, name in enumerate(names)]

    async def one(student):
        try:
            await student.run()
            log(f"{student.name}: done" + (f" with {len(student.failures)} failure(s)" if student.failures else ""))
        except Exception as e:  # noqa: BLE001 (any error is this student's failure, reported)
            student.fail(f"{type(e).__name__}: {e}")

    await asyncio.gather(*(one(s) for s in students))
    return students


def report(args, students, sampler, seconds):
    firsts = [s.first_result for s in students if s.first_result is not None]
    per_kernel = sorted((rss for _, rss in sampler.kernels.values()), reverse=True)
    result = {
        "users": len(students),
        "served": sum(1 for s in students if not s.failures),
        "failures": [f"{s.name}: {f}" for s in students for f in s.failures],
        "notebooks": args.notebooks,
        "first_result_s": {"median": statistics.median(firsts) if firsts else None,
                           "max": max(firsts) if firsts else None},
        "kernel_first_result_s": {"median": statistics.median([t for s in students for t in s.kernel_first_result])
                                  if any(s.kernel_first_result for s in students) else None},
        "kernel_peak_rss_mb": {"max": per_kernel[0] / 2**20 if per_kernel else None,
                               "median": statistics.median(per_kernel) / 2**20 if per_kernel else None,
                               "kernels": len(per_kernel)},
        "machine_memory_used_mb": {"before": sampler.machine_start / 2**20, "peak": sampler.machine_peak / 2**20,
                                   "increase": (sampler.machine_peak - sampler.machine_start) / 2**20},
        "seconds": seconds,
        "notes": [f"{s.name}: {n}" for s in students for n in s.notes],
        "reconnects": [f"{s.name}: {r}" for s in students for r in s.reconnects],
        "memory_limit": os.environ.get("NNLAB_HUB_MEM_LIMIT", "2G"),
    }
    print()
    print(f"nnlab JupyterHub load test: {result['users']} users, notebooks {', '.join(args.notebooks)} (fast mode)")
    print(f"  users served without failure   {result['served']} of {result['users']}")
    print(f"  failures                       {len(result['failures'])}")
    for f in result["failures"]:
        print(f"    - {f}")
    if firsts:
        print(f"  server start -> first result   median {result['first_result_s']['median']:.1f} s, "
              f"max {result['first_result_s']['max']:.1f} s")
        print(f"  kernel start -> first result   median {result['kernel_first_result_s']['median']:.1f} s")
    if per_kernel:
        print(f"  peak RSS per kernel            median {result['kernel_peak_rss_mb']['median']:.0f} MB, "
              f"max {result['kernel_peak_rss_mb']['max']:.0f} MB ({len(per_kernel)} kernels)")
    print(f"  machine memory in use          {result['machine_memory_used_mb']['before']:.0f} MB before, "
          f"peak {result['machine_memory_used_mb']['peak']:.0f} MB "
          f"(+{result['machine_memory_used_mb']['increase']:.0f} MB)")
    print(f"  websocket reconnects           {len(result['reconnects'])} not asked for")
    for r in result["reconnects"]:
        print(f"    - {r}")
    print(f"  wall time                      {seconds:.0f} s")
    for n in result["notes"]:
        print(f"  note: {n}")
    return result


def explain_failures(hub_log, students):
    """Keeps the hub's log (the run's folder is removed) and shows its warnings and errors for the users
    who failed: a kernel that died, a restart, a proxy error, the kernel's own last words on stderr."""
    kept = Path(tempfile.gettempdir()) / f"nnlab-loadtest-{time.strftime('%Y%m%d-%H%M%S')}-hub.log"
    shutil.copyfile(hub_log, kept)
    lines = kept.read_text(errors="replace").splitlines()
    failed = [s.name for s in students if s.failures]
    print(f"\nthe hub's log is kept in {kept}")
    for name in failed:
        # the kernel's stderr is not tagged with a user, so show warnings, errors and untagged lines
        # from the failed user's server, and every line naming the user that is not a plain 2xx request
        shown = [line for line in lines if name in line and not re.search(r" 20[0-9] (GET|PUT|POST|DELETE|PATCH) ", line)]
        print(f"\n{name}: {len(shown)} lines of the hub's log that are not plain successful requests (last 30):")
        print("\n".join(shown[-30:]))
    if not failed:
        print("\n".join(lines[-40:]))
    kernel_lines = [line for line in lines if not line.startswith(("[I ", "[D ")) and "ConfigProxy" not in line]
    print(f"\nwarnings, errors and kernel output in the hub's log (last 40 of {len(kernel_lines)}):")
    print("\n".join(kernel_lines[-40:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--notebooks", nargs="+", default=["02-xor-and-mlp", "08-rnn-and-bptt"])
    parser.add_argument("--port", type=int, default=18000, help="the hub on PORT, its API PORT+1, the proxy's PORT+2")
    parser.add_argument("--timeout", type=float, default=1200, help="stop everything after this many seconds")
    parser.add_argument("--mem-limit", default="2G", help="memory per user (NNLAB_HUB_MEM_LIMIT)")
    parser.add_argument("--data", default=os.environ.get("NNLAB_DATA"), help="local data folder for the install")
    parser.add_argument("--no-kill", action="store_true",
                        help="do not kill the first user's kernel nor close the second user's websocket")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the users, their homes and the install")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("loadtest.py runs as root: it creates Unix users and the hub starts servers as them")
    for tool in ("jupyterhub", "configurable-http-proxy"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install jupyterhub node-configurable-http-proxy")

    base = Path(tempfile.mkdtemp(prefix="nnlab-loadtest-"))
    os.chmod(base, 0o755)  # the users' servers read the kernel and the course from here
    names = [f"{PREFIX}{i:02d}" for i in range(1, args.users + 1)]
    remove_users(names)  # leftovers of an interrupted run
    subprocess.run(["groupadd", GROUP], check=True)
    token = secrets.token_hex(32)
    env = dict(os.environ, NNLAB_HOME=str(base / "opt"), NNLAB_HUB_STATE=str(base / "state"),
               NNLAB_HUB_URL=f"http://127.0.0.1:{args.port}", NNLAB_HUB_LOADTEST_TOKEN=token,
               NNLAB_HUB_MEM_LIMIT=args.mem_limit, NNLAB_FAST="1", NNLAB_HUB_STUDENTS_GROUP=GROUP,
               JUPYTER_PATH=str(base / "kernel" / "share" / "jupyter"))
    os.environ["NNLAB_HUB_MEM_LIMIT"] = args.mem_limit
    hub = Hub(base, args.port, token, env)
    sampler = None
    status = 1
    hub_log = base / "hub.log"
    started = time.monotonic()
    try:
        install(base, args.data)
        sampler = MemorySampler().start()
        with open(hub_log, "w") as log_file:
            hub.start(log_file)
            loop = asyncio.new_event_loop()
            try:
                students = loop.run_until_complete(
                    asyncio.wait_for(main_async(args, base, hub, names), args.timeout))
            except asyncio.TimeoutError:
                log(f"TIMEOUT: the load test did not finish within {args.timeout:.0f} s; stopping")
                students = []
        sampler.stop()
        result = report(args, students, sampler, time.monotonic() - started) if students else {
            "users": args.users, "served": 0, "failures": ["timeout"]}
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2) + "\n")
        status = 0 if students and result["served"] == args.users and not result["failures"] else 1
        if status:
            explain_failures(hub_log, students)
    finally:
        hub.stop()
        if sampler:
            sampler.stop() if sampler._thread.is_alive() else None
        if not args.keep:
            remove_users(names)
            shutil.rmtree(base, ignore_errors=True)
            for controller in ("", "memory", "cpu", "pids"):
                for group in Path("/sys/fs/cgroup", controller, "nnlab").glob(f"{PREFIX}*"):
                    try:
                        group.rmdir()
                    except OSError:
                        pass
        else:
            log(f"kept: {base} and users {names[0]}..{names[-1]}")
    sys.exit(status)


if __name__ == "__main__":
    main()
