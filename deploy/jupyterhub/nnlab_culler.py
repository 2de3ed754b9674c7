#!/usr/bin/env python3
"""Stops students' servers that have been idle too long: a small service of the hub (Debian 12 does not
package jupyterhub-idle-culler). The hub starts it (jupyterhub_config.py, NNLAB_HUB_CULL_IDLE) with a
token that may only list users and stop servers; stopping a server kills every process in the student's
cgroup (nnlab_spawner.py), so a culled student holds no memory.

    nnlab_culler.py --idle 3600 --every 300       (as the hub runs it: JUPYTERHUB_API_URL, _TOKEN set)
    nnlab_culler.py --idle 0 --once               (stop every running server now; the security test)

"Idle" is JupyterHub's last_activity of the server: the browser's traffic through the proxy and the
kernels' activity reported by the server, so a notebook left running a long training cell keeps its
server. A server still starting or stopping is left alone.
"""
import argparse
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request


def idle_servers(users, now, idle_seconds):
    """(user, server name, idle seconds) for each ready server idle for more than idle_seconds."""
    found = []
    for user in users:
        for name, server in (user.get("servers") or {}).items():
            if not server.get("ready") or server.get("pending"):
                continue
            last = server.get("last_activity") or server.get("started")
            if not last:
                continue
            seen = datetime.datetime.fromisoformat(last.replace("Z", "+00:00"))
            idle = (now - seen).total_seconds()
            if idle > idle_seconds:
                found.append((user["name"], name, idle))
    return found


class Hub:
    def __init__(self, url, token):
        self.url, self.token = url.rstrip("/"), token

    def call(self, method, path):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body else None


def cull_once(hub, idle_seconds, log=print):
    """Stops every server idle for longer than idle_seconds; returns the users whose server it stopped."""
    users = hub.call("GET", "/users?state=ready")
    now = datetime.datetime.now(datetime.timezone.utc)
    stopped = []
    for user, server, idle in idle_servers(users, now, idle_seconds):
        path = f"/users/{user}/server" if not server else f"/users/{user}/servers/{server}"
        try:
            hub.call("DELETE", path)
        except urllib.error.HTTPError as e:
            log(f"nnlab-culler: could not stop {user}'s server: HTTP {e.code}")
            continue
        log(f"nnlab-culler: stopped {user}'s server, idle {idle / 60:.0f} min")
        stopped.append(user)
    return stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--idle", type=float, default=3600, help="stop servers idle for this many seconds")
    parser.add_argument("--every", type=float, default=300, help="look this often (seconds)")
    parser.add_argument("--once", action="store_true", help="look once and exit")
    parser.add_argument("--url", default=os.environ.get("JUPYTERHUB_API_URL", "http://127.0.0.1:8081/hub/api"))
    args = parser.parse_args()
    token = os.environ.get("JUPYTERHUB_API_TOKEN")
    if not token:
        sys.exit("nnlab-culler: JUPYTERHUB_API_TOKEN is not set (the hub sets it for its services)")
    hub = Hub(args.url, token)
    while True:
        try:
            cull_once(hub, args.idle, lambda m: print(m, flush=True))
        except (OSError, ValueError) as e:  # the hub restarting: try again next round
            print(f"nnlab-culler: cannot reach the hub at {args.url}: {e}", flush=True)
            if args.once:
                sys.exit(1)
        if args.once:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        pass
