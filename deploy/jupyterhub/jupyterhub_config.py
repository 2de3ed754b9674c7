# JupyterHub for an nnlab course on one server: Debian's jupyterhub 3.0 with node-configurable-http-proxy,
# local users (PAM: students log in with their Unix account), one local process per user.
#
# Start:   jupyterhub -f /etc/nnlab/jupyterhub_config.py     (as root; deploy/install.sh --hub puts it there)
# Settings come from environment variables, so the same file serves the class and the load test:
#   NNLAB_HUB_URL          where students connect (default http://:8000; put TLS in front, see README)
#   NNLAB_HUB_MEM_LIMIT    memory per student, server + kernels (default 2G)
#   NNLAB_HUB_CPU_LIMIT    cores per student (default 1)
#   NNLAB_HUB_ADMINS       comma-separated admin users (lecturers)
#   NNLAB_HUB_STATE        folder for the hub's database and cookie secret (default /var/lib/nnlab-hub)
#   NNLAB_HOME             where the course and data were installed (default /opt/nnlab)
#   NNLAB_FAST, JUPYTER_PATH   passed on to the users' kernels when set
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 (JupyterHub defines it)

home = os.environ.get("NNLAB_HOME", "/opt/nnlab")
state = os.environ.get("NNLAB_HUB_STATE", "/var/lib/nnlab-hub")
os.makedirs(state, mode=0o700, exist_ok=True)

c.JupyterHub.bind_url = os.environ.get("NNLAB_HUB_URL", "http://:8000")
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

# Local Unix users. An admin can add students in the admin page; the hub then creates the Unix account.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.LocalAuthenticator.create_system_users = True
c.Authenticator.admin_users = {u for u in os.environ.get("NNLAB_HUB_ADMINS", "").split(",") if u}

# One process per user: the classic notebook server, opened on the course folder.
c.JupyterHub.spawner_class = "nnlab_spawner.NnlabSpawner"
c.NnlabSpawner.course_dir = f"{home}/course"
c.NnlabSpawner.data_dir = f"{home}/data"
c.Spawner.default_url = "/tree/nnlab-course"
c.Spawner.mem_limit = os.environ.get("NNLAB_HUB_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("NNLAB_HUB_CPU_LIMIT", "1"))
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

# Servers idle for long hold memory: the lecturer can stop them from the admin page; a later version of
# this file may add jupyterhub-idle-culler (not packaged in Debian 12).

# The load test (deploy/jupyterhub/loadtest.py) adds a service with an admin token; nothing else does.
token = os.environ.get("NNLAB_HUB_LOADTEST_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "nnlab-loadtest", "api_token": token}]
    c.JupyterHub.load_roles = [{"name": "nnlab-loadtest", "services": ["nnlab-loadtest"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "access:servers",
                                           "read:users"]}]
