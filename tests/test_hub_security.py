"""Security of the one-server hub (issue 21), tried as a curious student and a careful sysadmin would.

A throwaway hub of deploy/jupyterhub/jupyterhub_config.py on 127.0.0.1 (as the load test starts it), with
test groups and accounts of its own, all removed at the end: two students (made by the hub through the
admin API, as the admin page's "Add users" does), a lecturer, an outsider (an account outside the
groups) and a system account put in the students' group. Student code runs in a real nnlab kernel of
the student's server. Root only (it makes Unix users); CI runs as root.

    /usr/bin/python3 -m pytest tests/test_hub_security.py        (about a minute)

The first tests need no hub (the pieces alone): limits, culler, bind address, who is refused.
"""
import contextlib
import grp
import io
import json
import os
import pwd
import queue
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[1]
HUB_DIR = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(HUB_DIR))

PREFIX = "nnlab-sec-"
STUDENTS, LECTURERS = f"{PREFIX}students", f"{PREFIX}lecturers"
S1, S2, LECTURER, OUTSIDER, SYSTEM = (f"{PREFIX}{n}" for n in ("s1", "s2", "lec", "out", "sys"))
PORT = 18100  # the hub; its API PORT+1, the proxy's API PORT+2 (the load test uses 18000)
MEM_LIMIT, PIDS_LIMIT = "768M", 256
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


# ---------------------------------------------------------------- the pieces, without a hub

def test_pids_limit_is_configured_like_memory_and_cpu(tmp_path):
    from nnlab_limits import DEFAULT_PIDS_LIMIT, parse_pids
    from nnlab_spawner import Cgroup
    assert parse_pids("300") == 300 and parse_pids("none") == 0 and parse_pids("") == 0
    assert DEFAULT_PIDS_LIMIT >= 256
    with pytest.raises(ValueError, match="too small"):
        parse_pids("10")
    v1 = tmp_path / "v1"
    for controller in ("memory", "cpu", "pids"):
        (v1 / controller).mkdir(parents=True)
    (v1 / "memory" / "memory.limit_in_bytes").write_text("max")
    assert Cgroup("ada", v1).create(1 << 30, 1, 300) is None
    assert (v1 / "pids/nnlab/ada/pids.max").read_text() == "300"
    v1_old = tmp_path / "v1-no-pids"  # a kernel without the pids controller: said, not silent
    for controller in ("memory", "cpu"):
        (v1_old / controller).mkdir(parents=True)
    (v1_old / "memory" / "memory.limit_in_bytes").write_text("max")
    assert "no pids controller" in Cgroup("ada", v1_old).create(1 << 30, 1, 300)
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "cgroup.controllers").write_text("cpu memory pids")
    assert "no pids controller" in Cgroup("ada", v2).create(1 << 30, 1, 300)  # none handed down
    (v2 / "nnlab/ada/pids.max").write_text("max")  # as the kernel makes it once handed down
    assert Cgroup("ada", v2).create(1 << 30, 1, 300) is None
    assert "+pids" in (v2 / "nnlab/cgroup.subtree_control").read_text()
    assert (v2 / "nnlab/ada/pids.max").read_text() == "300"


def test_the_culler_picks_only_ready_servers_idle_too_long():
    import datetime
    from nnlab_culler import idle_servers
    now = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.timezone.utc)
    users = [
        {"name": "ada", "servers": {"": {"ready": True, "last_activity": "2026-12-07T08:59:00Z"}}},
        {"name": "bob", "servers": {"": {"ready": True, "last_activity": "2026-12-07T09:30:00.5Z"}}},
        {"name": "cy", "servers": {"": {"ready": False, "pending": "spawn", "last_activity": "2026-12-07T01:00:00Z"}}},
        {"name": "di", "servers": {}},
    ]
    assert [(u, s, round(i)) for u, s, i in idle_servers(users, now, 3600)] == [("ada", "", 3660)]
    assert [u for u, _, _ in idle_servers(users, now, 600)] == ["ada", "bob"]


def load_config(tmp_path, **env):
    """Runs jupyterhub_config.py as JupyterHub would, with env; returns (config, what it printed)."""
    from traitlets.config import Config
    config = Config()
    names = [n for n in os.environ if n.startswith("NNLAB_HUB_")]
    saved = {n: os.environ.pop(n) for n in names}
    os.environ.update(NNLAB_HUB_STATE=str(tmp_path / "state"), **env)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            code = compile((HUB_DIR / "jupyterhub_config.py").read_text(), "jupyterhub_config.py", "exec")
            exec(code, {"get_config": lambda: config, "__file__": str(HUB_DIR / "jupyterhub_config.py")})
    finally:
        for n in [n for n in os.environ if n.startswith("NNLAB_HUB_")]:
            del os.environ[n]
        os.environ.update(saved)
    return config, err.getvalue()


def test_the_hub_listens_on_loopback_behind_a_tls_front_and_warns_otherwise(tmp_path):
    config, said = load_config(tmp_path, NNLAB_HUB_TLS_FRONT="1")
    assert config.JupyterHub.bind_url == "http://127.0.0.1:8000" and "plain HTTP" not in said
    config, said = load_config(tmp_path)
    assert config.JupyterHub.bind_url == "http://:8000"
    assert "plain HTTP" in said and "NNLAB_HUB_TLS_FRONT=1" in said
    config, said = load_config(tmp_path, NNLAB_HUB_URL="http://127.0.0.1:9000")
    assert config.JupyterHub.bind_url == "http://127.0.0.1:9000" and "plain HTTP" not in said
    # the documented TLS front proxies websockets to that address
    nginx = (HUB_DIR / "nginx-nnlab.conf").read_text()
    assert "proxy_pass http://127.0.0.1:8000;" in nginx and "Upgrade $http_upgrade" in nginx
    assert "return 301 https://" in nginx


def test_roles_lecturers_have_no_access_to_students_servers_nor_tokens(tmp_path):
    from nnlab_auth import LECTURER_SCOPES
    config, _ = load_config(tmp_path, NNLAB_HUB_CULL_IDLE="1800")
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert not {"access:servers", "tokens", "admin:server_state", "proxy", "shutdown"} & set(LECTURER_SCOPES)
    assert roles["nnlab-lecturer"]["scopes"] == LECTURER_SCOPES
    assert roles["admin"]["users"] == [], "nobody is a full admin unless the install names them"
    assert set(roles["nnlab-culler"]["scopes"]) == {"list:users", "read:users:activity", "read:servers",
                                                    "delete:servers"}
    culler = next(s for s in config.JupyterHub.services if s["name"] == "nnlab-culler")
    assert "--idle=1800" in culler["command"]
    assert config.NnlabSpawner.pids_limit == 512
    config, _ = load_config(tmp_path, NNLAB_HUB_CULL_IDLE="0", NNLAB_HUB_PIDS_LIMIT="1024")
    assert not [s for s in config.JupyterHub.services if s["name"] == "nnlab-culler"]
    assert config.NnlabSpawner.pids_limit == 1024


def test_root_and_system_accounts_are_refused_even_in_the_group():
    from nnlab_auth import why_refused
    groups = ("root", "daemon")  # groups root and daemon are in: only the uid can refuse them
    assert "system account" in why_refused("root", groups, 1000)
    assert "system account" in why_refused("daemon", groups, 1000)
    assert "no Unix account" in why_refused("nnlab-nobody-such", groups, 1000)


def test_the_unit_keeps_the_state_folder_root_only():
    unit = (HUB_DIR / "nnlab-hub.service").read_text()
    assert re.search(r"^StateDirectoryMode=0700$", unit, re.M), unit
    assert re.search(r"^UMask=0077$", unit, re.M), unit
    install = (ROOT / "deploy" / "install.sh").read_text()
    assert "groupadd nnlab-students" in install and "groupadd nnlab-lecturers" in install
    assert 'chmod 0600 "$ETC/hub.env"' in install


# ---------------------------------------------------------------- a hub on loopback

def run(*command, **kw):
    return subprocess.run(command, capture_output=True, text=True, **kw)


def remove_accounts():
    for name in (S1, S2, LECTURER, OUTSIDER, SYSTEM):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        kill_processes_of(name)
        run("userdel", "-r", "-f", name)
    for group in (STUDENTS, LECTURERS):
        run("groupdel", group)
    for controller in ("", "memory", "cpu", "pids"):
        for folder in Path("/sys/fs/cgroup", controller, "nnlab").glob(f"{PREFIX}*"):
            with contextlib.suppress(OSError):
                folder.rmdir()


def processes_of(name):
    return [p for p in psutil.process_iter(["username"]) if p.info["username"] == name]


def kill_processes_of(name):
    for p in processes_of(name):
        with contextlib.suppress(psutil.Error):
            p.kill()


def readable_by_others(path):
    """True if a user other than root can read path (every folder above it searchable)."""
    path = Path(path).resolve()
    for folder in path.parents:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return False
    return bool(path.stat().st_mode & stat.S_IROTH)


def kernelspec_for_students(base):
    """The nnlab kernelspec the tests use, if students can read it; else a private copy in base."""
    from jupyter_client.kernelspec import KernelSpecManager
    with contextlib.suppress(Exception):
        spec = KernelSpecManager().get_kernel_spec("nnlab")
        if readable_by_others(Path(spec.resource_dir) / "kernel.json") and \
                readable_by_others(Path(spec.resource_dir) / "jvm.args"):
            return str(Path(spec.resource_dir).parents[1])
    result = run("/usr/bin/python3", str(ROOT / "tools/install_kernel.py"), "--prefix", str(base / "kernel"),
                 "--no-cds", timeout=300)
    assert result.returncode == 0, "could not install the kernel for the test hub (build first: " \
                                   "./mvnw -q -o package -DskipTests):\n" + result.stdout + result.stderr
    return str(base / "kernel" / "share" / "jupyter")


class Hub:
    def __init__(self, base, token):
        self.base, self.token, self.url = base, token, f"http://127.0.0.1:{PORT}"
        self.proc = None

    def call(self, method, path, body=None, token=None, form=None, headers=None):
        """(status, parsed JSON or text, response headers); never raises on an HTTP error."""
        data, hdrs = None, dict(headers or {})
        if token is not False:
            hdrs["Authorization"] = f"token {token or self.token}"
        if body is not None:
            data = json.dumps(body).encode()
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                status, text, got = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as e:
            status, text, got = e.code, e.read().decode(errors="replace"), e.headers
        with contextlib.suppress(ValueError):
            return status, json.loads(text) if text else None, got
        return status, text, got

    def api(self, method, path, body=None, token=None):
        status, answer, _ = self.call(method, "/hub/api" + path, body, token)
        return status, answer

    def token_for(self, user):
        status, answer = self.api("POST", f"/users/{user}/tokens", {"note": "security test", "expires_in": 900})
        assert status == 201, answer
        return answer["token"]

    def wait_server(self, user, ready=True, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _, model = self.api("GET", f"/users/{user}")
            server = (model.get("servers") or {}).get("")
            if (bool(server and server.get("ready")) == ready) and not (server or {}).get("pending"):
                return
            time.sleep(0.3)
        raise AssertionError(f"{user}'s server did not become {'ready' if ready else 'stopped'} in {timeout} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kw):
        return None


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the hub security test makes Unix users: root only (CI runs as root)")
    for tool in ("jupyterhub", "configurable-http-proxy"):
        assert shutil.which(tool, path=PATH), f"{tool} is missing: apt-get install jupyterhub node-configurable-http-proxy"
    remove_accounts()  # leftovers of an interrupted run
    base = Path(tempfile.mkdtemp(prefix="nnlab-sec-"))
    os.chmod(base, 0o755)
    hub = Hub(base, secrets.token_hex(32))
    try:
        for group in (STUDENTS, LECTURERS):
            assert run("groupadd", group).returncode == 0
        assert run("useradd", "-m", "-G", LECTURERS, LECTURER).returncode == 0
        assert run("useradd", "-m", OUTSIDER).returncode == 0
        assert run("useradd", "-r", "-m", "-G", STUDENTS, SYSTEM).returncode == 0
        # what install.sh makes: a read-only course and data folder
        (base / "opt" / "course").mkdir(parents=True)
        (base / "opt" / "course" / "00-welcome.ipynb").write_text((ROOT / "notebooks/00-welcome.ipynb").read_text())
        (base / "opt" / "data").mkdir()
        (base / "opt" / "data" / "corpus.txt").write_text("read me, do not change me\n")
        run("chmod", "-R", "a+rX,go-w", str(base / "opt"))
        # a state folder as an older install left it: readable by all, a database 0644
        (base / "state").mkdir(mode=0o755)
        os.chmod(base / "state", 0o755)
        (base / "state" / "jupyterhub.sqlite").touch(mode=0o644)
        os.chmod(base / "state" / "jupyterhub.sqlite", 0o644)
        env = dict(os.environ, PATH=PATH, NNLAB_HOME=str(base / "opt"), NNLAB_HUB_STATE=str(base / "state"),
                   NNLAB_HUB_URL=hub.url, NNLAB_HUB_LOADTEST_TOKEN=hub.token, NNLAB_HUB_MEM_LIMIT=MEM_LIMIT,
                   NNLAB_HUB_PIDS_LIMIT=str(PIDS_LIMIT), NNLAB_HUB_CULL_IDLE="3600",
                   NNLAB_HUB_STUDENTS_GROUP=STUDENTS, NNLAB_HUB_LECTURERS_GROUP=LECTURERS, NNLAB_FAST="1",
                   JUPYTER_PATH=kernelspec_for_students(base))
        for name in [n for n in env if n.startswith("NNLAB_HUB_") and n not in (
                "NNLAB_HUB_STATE", "NNLAB_HUB_URL", "NNLAB_HUB_LOADTEST_TOKEN", "NNLAB_HUB_MEM_LIMIT",
                "NNLAB_HUB_PIDS_LIMIT", "NNLAB_HUB_CULL_IDLE", "NNLAB_HUB_STUDENTS_GROUP",
                "NNLAB_HUB_LECTURERS_GROUP")]:
            del env[name]  # the machine's own settings (admins, TLS) are not this hub's
        hub.log = open(base / "hub.log", "w")
        hub.proc = subprocess.Popen(
            ["jupyterhub", "-f", str(HUB_DIR / "jupyterhub_config.py"), f"--JupyterHub.hub_port={PORT + 1}",
             f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{PORT + 2}"],
            cwd=base, env=env, stdout=hub.log, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=lambda: os.umask(0o077))  # as the systemd unit's UMask=0077
        deadline = time.monotonic() + 60
        while True:
            assert hub.proc.poll() is None, "the hub exited:\n" + (base / "hub.log").read_text()[-3000:]
            with contextlib.suppress(OSError):
                if hub.api("GET", "/")[0] == 200:
                    break
            assert time.monotonic() < deadline, "the hub did not answer in 60 s:\n" + (base / "hub.log").read_text()[-3000:]
            time.sleep(0.3)
        # the two students, made as the admin page's "Add users" makes them
        status, answer = hub.api("POST", "/users", {"usernames": [S1, S2]})
        assert status == 201, answer
        yield hub
    finally:
        if hub.proc and hub.proc.poll() is None:
            os.killpg(hub.proc.pid, signal.SIGTERM)
            try:
                hub.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(hub.proc.pid, signal.SIGKILL)
        log = base / "hub.log"
        if log.exists():
            print("hub log (last lines):\n" + log.read_text()[-4000:])
        remove_accounts()
        shutil.rmtree(base, ignore_errors=True)


def test_the_state_folder_and_secrets_are_root_only(hub):
    state = hub.base / "state"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in state.iterdir() if p.is_file()}
    assert "jupyterhub_cookie_secret" in files and "jupyterhub.sqlite" in files, files
    assert all(mode & 0o077 == 0 for mode in files.values()), files
    # and a student cannot read it
    denied = run("ls", str(state), user=S1)
    assert denied.returncode != 0 and "Permission denied" in denied.stderr


def test_add_user_makes_students_and_never_system_accounts(hub):
    members = set(grp.getgrnam(STUDENTS).gr_mem)
    assert {S1, S2} <= members, members
    for name in (S1, S2):
        assert pwd.getpwnam(name).pw_uid >= 1000
        assert stat.S_IMODE(os.stat(pwd.getpwnam(name).pw_dir).st_mode) == 0o700
    for system in ("root", "daemon"):
        status, answer = hub.api("POST", "/users", {"usernames": [system]})
        assert status == 400 and "system account" in json.dumps(answer), (system, status, answer)


def login(hub, user, password):
    status, page, headers = hub.call("POST", "/hub/login", token=False, form={"username": user, "password": password})
    return status, page, headers


def browser_session(hub, user):
    """The cookie header of a browser logged in as user (pages such as /hub/admin take no token)."""
    status, _, headers = login(hub, user, hub.password)
    assert status == 302, (user, status)
    cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie")]
    return {"Cookie": "; ".join(cookies)}


def test_only_members_of_the_groups_log_in(hub):
    password = hub.password = secrets.token_urlsafe(12)
    for name in (S1, LECTURER, OUTSIDER, SYSTEM):
        assert run("chpasswd", input=f"{name}:{password}\n").returncode == 0
    status, _, headers = login(hub, S1, password)
    assert status == 302 and "jupyterhub-session-id" in headers.get("Set-Cookie", "") + str(headers), status
    assert login(hub, LECTURER, password)[0] == 302
    for refused in (OUTSIDER, SYSTEM):  # right password, outside the groups / a system account in one
        status, page, _ = login(hub, refused, password)
        assert status == 200 and "Invalid username or password" in page, refused
    assert "login refused" in (hub.base / "hub.log").read_text()


def test_a_student_gets_no_admin_pages_nor_signup(hub):
    token = hub.token_for(S1)
    assert hub.api("GET", "/users", token=token)[0] == 403
    assert hub.call("GET", "/hub/admin", token=False, headers=browser_session(hub, S1))[0] == 403
    assert hub.api("POST", "/users", {"usernames": [f"{PREFIX}x"]}, token=token)[0] == 403
    assert hub.call("GET", "/hub/signup", token=False)[0] == 404


def test_the_lecturer_manages_servers_but_cannot_open_them(hub):
    token = hub.token_for(LECTURER)
    status, users = hub.api("GET", "/users", token=token)
    assert status == 200 and {S1, S2} <= {u["name"] for u in users}
    assert hub.call("GET", "/hub/admin", token=False, headers=browser_session(hub, LECTURER))[0] == 200
    # starts a student's server ...
    assert hub.api("POST", f"/users/{S2}/server", token=token)[0] in (201, 202)
    hub.wait_server(S2)
    # ... but cannot open it, nor make a token for the student, nor make anyone a full admin
    status, _, headers = hub.call("GET", f"/user/{S2}/api/contents", token=token)
    assert status == 403, status
    assert hub.api("POST", f"/users/{S2}/tokens", {"note": "x"}, token=token)[0] == 403
    assert hub.api("GET", f"/users/{S2}/tokens", token=token)[0] in (403, 404)  # 404: JupyterHub hides it
    status, answer = hub.api("PATCH", f"/users/{LECTURER}", {"admin": True}, token=token)
    assert status == 403 and "full admin" in json.dumps(answer)
    assert hub.api("PATCH", f"/users/{S2}", {"name": "root"}, token=token)[0] == 403
    assert hub.api("POST", "/users", {"usernames": [f"{PREFIX}x"], "admin": True}, token=token)[0] == 403
    status, model = hub.api("GET", f"/users/{LECTURER}")
    assert model["admin"] is False and "nnlab-lecturer" in model["roles"], model


@pytest.fixture(scope="module")
def s1_kernel(hub):
    """A kernel in the first student's server, and a client that runs code in it as the student."""
    from jupyter_client import BlockingKernelClient
    token = hub.token_for(S1)
    assert hub.api("POST", f"/users/{S1}/server", token=token)[0] in (201, 202)
    hub.wait_server(S1)
    status, kernel, _ = hub.call("POST", f"/user/{S1}/api/kernels", {"name": "nnlab"}, token=token)
    assert status == 201, kernel
    runtime = Path(pwd.getpwnam(S1).pw_dir) / ".local/share/jupyter/runtime"
    connection = next(runtime.glob(f"kernel-{kernel['id']}.json"))
    client = BlockingKernelClient()
    client.load_connection_info(json.loads(connection.read_text()))
    client.start_channels()
    deadline = time.monotonic() + 120  # the JVM starts; jupyter_client's wait_for_ready gives up too soon
    while True:
        client.kernel_info()
        with contextlib.suppress(queue.Empty):
            if client.get_shell_msg(timeout=2)["msg_type"] == "kernel_info_reply":
                break
        assert time.monotonic() < deadline, "the student's kernel did not answer in 120 s"
    yield hub, token, connection, client
    client.stop_channels()


def shell(client, command, timeout=120):
    """Runs a shell command from Java code in the student's kernel (as the student would); its output."""
    literal = json.dumps(command)  # a JSON string is a Java string literal here
    code = (f'var p = new ProcessBuilder("sh", "-c", {literal}).redirectErrorStream(true).start();\n'
            'System.out.print(new String(p.getInputStream().readAllBytes()));\n'
            'System.out.println("exit=" + p.waitFor());')
    msg_id = client.execute(code)
    out, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = client.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("ERROR " + msg["content"]["evalue"])
        elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            print(f"shell {time.monotonic() - deadline + timeout:.1f} s: {command[:60]}")
            return "".join(out)
    raise AssertionError(f"no answer from the kernel in {timeout} s to {command!r}; so far {''.join(out)!r}")


def test_another_student_is_refused_at_the_server_files_and_kernel(s1_kernel):
    hub, _, connection, client = s1_kernel
    s2_token = hub.token_for(S2)
    assert hub.call("GET", f"/user/{S1}/api/contents", token=s2_token)[0] == 403
    assert hub.call("POST", f"/user/{S1}/api/kernels", {"name": "nnlab"}, token=s2_token)[0] == 403
    home = Path(pwd.getpwnam(S1).pw_dir)
    notebook = home / "nnlab-course" / "00-welcome.ipynb"
    assert notebook.exists(), "the course was copied into the student's home"
    for command in (["ls", str(home)], ["cat", str(notebook)], ["cat", str(connection)]):
        result = run(*command, user=S2)
        assert result.returncode != 0 and "Permission denied" in result.stderr, command
    # the kernel runs as the student, with a connection file only the student reads
    info = connection.stat()
    assert info.st_uid == pwd.getpwnam(S1).pw_uid and stat.S_IMODE(info.st_mode) == 0o600
    # the kernel's ports are open to every local user, so its key is what keeps them out
    from jupyter_client import BlockingKernelClient
    wrong = BlockingKernelClient()
    wrong.load_connection_info(dict(json.loads(connection.read_text()), key=secrets.token_hex(32)))
    wrong.start_channels()
    try:
        wrong.kernel_info()
        with pytest.raises(queue.Empty):
            wrong.get_shell_msg(timeout=3)
    finally:
        wrong.stop_channels()
    client.kernel_info()  # the same request with the key is answered
    assert client.get_shell_msg(timeout=10)["msg_type"] == "kernel_info_reply"


def test_a_students_code_stays_in_its_cgroup_and_limits(s1_kernel):
    hub, _, _, client = s1_kernel
    out = shell(client, "id -un; cat /proc/self/cgroup")
    assert out.startswith(S1), out
    v2 = Path("/sys/fs/cgroup/cgroup.controllers").exists()
    folders = {"unified": Path("/sys/fs/cgroup/nnlab", S1)} if v2 else {
        c: Path("/sys/fs/cgroup", c, "nnlab", S1) for c in ("memory", "pids")}
    for line in ([f"0::/nnlab/{S1}"] if v2 else [f"memory:/nnlab/{S1}", f"pids:/nnlab/{S1}", f"cpu:/nnlab/{S1}"]):
        assert line in out, out
    pids_folder = folders["unified" if v2 else "pids"]
    memory_folder = folders["unified" if v2 else "memory"]
    assert (pids_folder / "pids.max").read_text().strip() == str(PIDS_LIMIT)
    from nnlab_limits import parse_bytes
    limit = (memory_folder / ("memory.max" if v2 else "memory.limit_in_bytes")).read_text().strip()
    assert limit == str(parse_bytes(MEM_LIMIT))
    # leaving the cgroup or raising its limits is refused
    root = Path("/sys/fs/cgroup") if v2 else Path("/sys/fs/cgroup/pids")
    out = shell(client, f"echo $$ > {root}/cgroup.procs && echo ESCAPED; "
                        f"echo 100000 > {pids_folder}/pids.max && echo RAISED; cat /proc/self/cgroup")
    assert "ESCAPED" not in out and "RAISED" not in out and "Permission denied" in out, out
    # the memory limit holds: a process that wants more than the whole limit is killed
    out = shell(client, "/usr/bin/python3 -c 'b = bytearray(1000 * 2**20); print(\"ALLOCATED\")'; echo rc=$?")
    assert "ALLOCATED" not in out and "rc=137" in out, out
    # the data is read-only, and the hub's state too
    data = hub.base / "opt" / "data"
    out = shell(client, f"echo x >> {data}/corpus.txt; touch {data}/new; ls {hub.base}/state")
    assert out.count("Permission denied") == 3, out
    # no secret on a command line (every user reads those without hidepid), none in another's environ
    server = next(p for p in processes_of(S1) if "jupyterhub-singleuser" in " ".join(p.cmdline())
                  or "singleuser" in " ".join(p.cmdline()))
    secret = server.environ()["JUPYTERHUB_API_TOKEN"]
    for p in processes_of(S1):
        assert secret not in " ".join(p.cmdline()), p.cmdline()
    result = run("cat", f"/proc/{server.pid}/environ", user=S2)
    assert result.returncode != 0 and secret not in result.stdout


def test_a_fork_bomb_stops_at_the_pids_limit(s1_kernel):
    _, _, _, client = s1_kernel
    # processes that should die with the server: one in the background, one in a session of its own
    shell(client, "nohup sleep 900 >/dev/null 2>&1 </dev/null & setsid sleep 901 >/dev/null 2>&1 </dev/null &")
    time.sleep(0.5)
    assert {"sleep 900", "sleep 901"} <= {" ".join(p.cmdline()) for p in processes_of(S1)}
    v2 = Path("/sys/fs/cgroup/cgroup.controllers").exists()
    folder = Path("/sys/fs/cgroup/nnlab", S1) if v2 else Path("/sys/fs/cgroup/pids/nnlab", S1)
    before = int((folder / "pids.current").read_text())
    assert before < PIDS_LIMIT - 50, f"{before} tasks in the cgroup already: raise PIDS_LIMIT of this test"
    # bounded: at most 400 processes even if the limit did not hold, each gone within 60 s
    out = shell(client, "i=0; while [ $i -lt 400 ]; do sleep 60 >/dev/null 2>&1 </dev/null & i=$((i+1)); done "
                        "2>&1 | sort | uniq -c | head -3; echo done", timeout=120)
    sleeping = [p for p in processes_of(S1) if p.info["username"] == S1 and "sleep 60" in " ".join(p.cmdline())]
    assert len(sleeping) <= PIDS_LIMIT - before, (len(sleeping), out)
    assert len(sleeping) < 400
    events = (folder / "pids.events").read_text()
    assert int(re.search(r"max (\d+)", events).group(1)) > 0, events  # forks were refused
    assert int((folder / "pids.current").read_text()) <= PIDS_LIMIT


def test_stopping_or_culling_a_server_leaves_no_process(s1_kernel):
    hub = s1_kernel[0]
    culler = [p for p in psutil.process_iter(["cmdline"]) if "nnlab_culler.py" in " ".join(p.info["cmdline"] or [])]
    assert culler, "the hub started no idle culler"
    assert processes_of(S1) and processes_of(S2), "both students have a server"
    env = dict(os.environ, JUPYTERHUB_API_TOKEN=hub.token)
    result = run("/usr/bin/python3", str(HUB_DIR / "nnlab_culler.py"), "--once", "--idle", "0",
                 "--url", hub.url + "/hub/api", env=env, timeout=60)
    assert result.returncode == 0 and f"stopped {S1}'s server" in result.stdout, result.stdout + result.stderr
    for name in (S1, S2):
        hub.wait_server(name, ready=False)
        deadline = time.monotonic() + 15
        while processes_of(name) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not processes_of(name), [p.cmdline() for p in processes_of(name)]
        for controller in (("",) if Path("/sys/fs/cgroup/cgroup.controllers").exists() else ("memory", "pids")):
            assert not Path("/sys/fs/cgroup", controller, "nnlab", name).exists()
    # the lecturer cannot start a server for an account outside the groups either
    status, answer = hub.api("POST", "/users", {"usernames": [OUTSIDER]})
    assert status == 201, answer
    status, _ = hub.api("POST", f"/users/{OUTSIDER}/server")
    assert status >= 400 and not processes_of(OUTSIDER), status
    assert f"no server for {OUTSIDER}" in (hub.base / "hub.log").read_text()
