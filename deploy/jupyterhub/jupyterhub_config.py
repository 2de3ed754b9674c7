# JupyterHub for an nnlab course on one server: Debian's jupyterhub 3.0 with node-configurable-http-proxy,
# local users (PAM: students log in with their Unix account), one local process per user.
#
# Start:   jupyterhub -f /etc/nnlab/jupyterhub_config.py     (as root; deploy/install.sh --hub puts it there)
# Settings come from environment variables, so the same file serves the class and the tests:
#   NNLAB_HUB_URL          where the hub listens (default http://127.0.0.1:8000 behind a TLS front,
#                          see NNLAB_HUB_TLS_FRONT, else http://:8000 with a warning; see README)
#   NNLAB_HUB_TLS_FRONT    1: a TLS proxy (nginx, Caddy) on this machine serves the students; listen on loopback
#   NNLAB_HUB_MEM_LIMIT    memory per student, server + kernels (default 2G)
#   NNLAB_HUB_CPU_LIMIT    cores per student (default 1)
#   NNLAB_HUB_PIDS_LIMIT   processes and threads per student (default 512; 0: no limit)
#   NNLAB_HUB_CULL_IDLE    stop a server idle for this many seconds (default 3600; 0: never)
#   NNLAB_HUB_KERNEL_STANDBY  1: keep one kernel started ahead per student server (warm restarts, ~160-190 MB
#                          each; default 0)
#   NNLAB_HUB_STUDENTS_GROUP, NNLAB_HUB_LECTURERS_GROUP   who may log in (default nnlab-students,
#                          nnlab-lecturers); members of the second get the lecturer role
#   NNLAB_HUB_MIN_UID      accounts below this uid never log in nor get a server (default 1000)
#   NNLAB_HUB_ADMINS       more lecturers, comma-separated (they must be in one of the two groups)
#   NNLAB_HUB_FULL_ADMINS  users with JupyterHub's full admin role: they can open any student's server
#                          and run code as that student. Empty unless the install asks (README: the risk)
#   NNLAB_HUB_STATE        folder for the hub's database and cookie secret (default /var/lib/nnlab-hub)
#   NNLAB_HOME             where the course and data were installed (default /opt/nnlab)
#   NNLAB_FAST, JUPYTER_PATH   passed on to the users' kernels when set
import ipaddress
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 (JupyterHub defines it)

home = os.environ.get("NNLAB_HOME", "/opt/nnlab")
state = os.environ.get("NNLAB_HUB_STATE", "/var/lib/nnlab-hub")
import grp  # noqa: E402

from nnlab_auth import LECTURER_SCOPES, group_members, guard_admin_changes, why_refused  # noqa: E402
from nnlab_limits import DEFAULT_PIDS_LIMIT, parse_pids  # noqa: E402


def names(variable):
    return [n.strip() for n in os.environ.get(variable, "").split(",") if n.strip()]


def say(message):
    print(f"nnlab hub: {message}", file=sys.stderr, flush=True)


# The state folder holds the user list, admin flags, server records and the cookie secret: root only,
# also where an older install or a hand-made folder left it readable (systemd's StateDirectory= makes
# it 0755 unless told; nnlab-hub.service tells it 0700 and UMask=0077).
os.makedirs(state, mode=0o700, exist_ok=True)
os.chmod(state, 0o700)
for entry in os.scandir(state):
    if entry.is_file(follow_symlinks=False):
        os.chmod(entry.path, entry.stat().st_mode & 0o700)

# Where the hub listens. Behind a TLS front on this machine only loopback is needed; without one every
# login password crosses the network in clear text, which the log says loudly.
tls_front = os.environ.get("NNLAB_HUB_TLS_FRONT", "").lower() in ("1", "yes", "true")
bind_url = os.environ.get("NNLAB_HUB_URL") or ("http://127.0.0.1:8000" if tls_front else "http://:8000")
c.JupyterHub.bind_url = bind_url
host = urllib.parse.urlsplit(bind_url).hostname or ""
try:
    loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
except ValueError:
    loopback = False
if not loopback and not bind_url.startswith("https:"):
    say("WARNING " + "!" * 60)
    say(f"WARNING: the hub listens on {bind_url} in plain HTTP: passwords and notebooks cross the network "
        "unencrypted. Put a TLS proxy in front (README, JupyterHub: deploy/jupyterhub/nginx-nnlab.conf) and "
        "set NNLAB_HUB_TLS_FRONT=1 in /etc/nnlab/hub.env, which makes the hub listen on 127.0.0.1 only.")
    say("WARNING " + "!" * 60)
c.JupyterHub.hub_ip = "127.0.0.1"  # the hub's API: only the proxy and the users' servers talk to it
c.JupyterHub.db_url = f"sqlite:///{state}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = f"{state}/jupyterhub_cookie_secret"
c.JupyterHub.pid_file = f"{state}/jupyterhub.pid"
c.ConfigurableHTTPProxy.pid_file = f"{state}/jupyterhub-proxy.pid"
c.ConfigurableHTTPProxy.command = ["configurable-http-proxy"]  # Debian's node-configurable-http-proxy
# Debian's proxy keeps its modules in /usr/share/nodejs; a Node.js from elsewhere (NodeSource, nvm) in
# front of Debian's on the PATH does not look there unless told
if os.path.isdir("/usr/share/nodejs"):
    os.environ["NODE_PATH"] = os.pathsep.join(p for p in (os.environ.get("NODE_PATH"), "/usr/share/nodejs") if p)

# Local Unix users of two groups (nnlab_auth.py): students and lecturers; root and system accounts never.
# A lecturer adds students in the admin page; the hub creates their Unix accounts in the students' group.
students_group = os.environ.get("NNLAB_HUB_STUDENTS_GROUP", "nnlab-students")
lecturers_group = os.environ.get("NNLAB_HUB_LECTURERS_GROUP", "nnlab-lecturers")
c.JupyterHub.authenticator_class = "nnlab_auth.NnlabAuthenticator"
c.NnlabAuthenticator.students_group = students_group
c.NnlabAuthenticator.lecturers_group = lecturers_group
min_uid = int(os.environ.get("NNLAB_HUB_MIN_UID", "1000"))
c.NnlabAuthenticator.min_uid = min_uid
c.LocalAuthenticator.create_system_users = True
for group in (students_group, lecturers_group):
    try:
        grp.getgrnam(group)
    except KeyError:
        say(f"WARNING: the Unix group {group} does not exist, so nobody can log in through it: "
            f"groupadd {group} (deploy/install.sh --hub makes it)")

# Lecturers (the lecturers' group, and NNLAB_HUB_ADMINS) get the nnlab-lecturer role: users and servers,
# not the students' servers nor tokens. Full admins only when asked for by name. Both lists are exact:
# the hub takes the role from whoever left them (restart the hub after changing the group).
def may_log_in(users, what):
    """The users that pass the login rules; a role for anyone else would stop the hub at its start."""
    kept = []
    for user in users:
        why = why_refused(user, (students_group, lecturers_group), min_uid)
        if why:
            say(f"WARNING: {user} gets no {what} role: {why} (adduser {user} {lecturers_group})")
        else:
            kept.append(user)
    return kept


lecturers = may_log_in(sorted(group_members(lecturers_group) | set(names("NNLAB_HUB_ADMINS"))), "lecturer")
full_admins = may_log_in(names("NNLAB_HUB_FULL_ADMINS"), "admin")
c.JupyterHub.load_roles = [
    {"name": "nnlab-lecturer", "description": "manage students and their servers; not open them",
     "scopes": LECTURER_SCOPES, "users": lecturers},
    {"name": "admin", "users": full_admins},
]
guard_admin_changes()  # a lecturer cannot make anyone a full admin (JupyterHub 3.0 would let them)

# One process per user: the classic notebook server, opened on the course folder.
c.JupyterHub.spawner_class = "nnlab_spawner.NnlabSpawner"
c.NnlabSpawner.course_dir = f"{home}/course"
c.NnlabSpawner.data_dir = f"{home}/data"
c.Spawner.default_url = "/tree/nnlab-course"
c.Spawner.mem_limit = os.environ.get("NNLAB_HUB_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("NNLAB_HUB_CPU_LIMIT", "1"))
c.NnlabSpawner.pids_limit = parse_pids(os.environ.get("NNLAB_HUB_PIDS_LIMIT", DEFAULT_PIDS_LIMIT))
# a standby kernel per student server (warm restarts, about 160-190 MB each): off unless NNLAB_HUB_KERNEL_STANDBY=1
c.NnlabSpawner.kernel_standby = os.environ.get("NNLAB_HUB_KERNEL_STANDBY", "0") == "1"
c.Spawner.environment = {"JUPYTERHUB_SINGLEUSER_APP": "notebook.notebookapp.NotebookApp"}
# passed on to the users' servers and kernels when the hub has them: fast mode (the load test), and
# where Jupyter finds the nnlab kernel if it was not installed into a standard place
for name in ("NNLAB_FAST", "JUPYTER_PATH"):
    if os.environ.get(name):
        c.Spawner.environment[name] = os.environ[name]
c.Spawner.start_timeout = 120  # a cohort logging in at once on a busy machine
c.Spawner.http_timeout = 120

# A class of 200 logging in at 9:00: do not refuse, queue.
c.JupyterHub.concurrent_spawn_limit = 0
c.JupyterHub.active_server_limit = 0

# Servers idle for long hold memory: our culler (nnlab_culler.py; Debian 12 does not package
# jupyterhub-idle-culler) stops them, which kills every process of the student's server.
c.JupyterHub.services = []
cull_idle = float(os.environ.get("NNLAB_HUB_CULL_IDLE", "3600"))
if cull_idle > 0:
    every = max(10.0, min(300.0, cull_idle / 4))
    c.JupyterHub.services.append({
        "name": "nnlab-culler",
        "command": [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "nnlab_culler.py"),
                    f"--idle={cull_idle:g}", f"--every={every:g}"]})
    c.JupyterHub.load_roles.append({"name": "nnlab-culler", "services": ["nnlab-culler"],
                                    "scopes": ["list:users", "read:users:activity", "read:servers",
                                               "delete:servers"]})

# The load test and the security test (tests/test_hub_security.py) add a service with an admin token;
# nothing else does.
token = os.environ.get("NNLAB_HUB_LOADTEST_TOKEN")
if token:
    c.JupyterHub.services.append({"name": "nnlab-loadtest", "api_token": token})
    c.JupyterHub.load_roles.append({"name": "nnlab-loadtest", "services": ["nnlab-loadtest"],
                                    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers",
                                               "read:users"]})
