"""The real `deploy/install.sh --hub` (issue 21): what the install promises for the hub's security.

Three runs of the script into temporary folders, as a sysadmin would run it over a term, all from a
careless root shell (umask 000):
  1. a first install, no options: the plain-HTTP warning;
  2. the hub again (--hub-only) with --tls-front --full-admin ADMIN: the hub on 127.0.0.1, ADMIN the
     only full admin;
  3. the hub again without --full-admin: nobody is full admin any more, the TLS front is kept.
After each run the installed jupyterhub_config.py is loaded with the installed hub.env, as the systemd
unit would start it, and what it configures is kept for the tests below. Nothing is written to the real
/etc (--etc, --systemd-dir); the groups nnlab-students and nnlab-lecturers are made by the install if
missing, and then removed at the end; two test accounts in nnlab-lecturers are removed too.
Root only (groups, accounts, chown); CI runs as root. The kernel is installed without its start-up
archive (--no-cds), which tests/test_deploy.py covers, and only once (runs 2 and 3 are --hub-only,
which runs the same step 6): about 20 s, 40 s on a busy machine.

    /usr/bin/python3 -m pytest tests/test_install_hub.py
"""
import grp
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = os.environ.get("NNLAB_DATA") or str(ROOT.parent / "shared" / "data")
GROUPS = ("nnlab-students", "nnlab-lecturers")
ADMIN, LECTURER = "nnlab-inst-adm", "nnlab-inst-lec"  # test accounts, both in nnlab-lecturers
REAL_PLACES = (Path("/etc/nnlab"), Path("/etc/systemd/system/nnlab-hub.service"))

# Runs the installed config as JupyterHub does, with the variables of the installed hub.env (as systemd's
# EnvironmentFile= reads them), and prints what it configured.
LOAD_CONFIG = r"""
import json, os, sys
from traitlets.config import Config
etc, state = sys.argv[1], sys.argv[2]
for line in open(os.path.join(etc, "hub.env")):
    line = line.strip()
    if line and not line.startswith("#"):
        name, _, value = line.partition("=")
        os.environ[name] = value
os.environ["NNLAB_HUB_STATE"] = state
c = Config()
path = os.path.join(etc, "jupyterhub_config.py")
exec(compile(open(path).read(), path, "exec"), {"get_config": lambda: c, "__file__": path})
print(json.dumps({"bind_url": c.JupyterHub.bind_url, "course_dir": c.NnlabSpawner.course_dir,
                  "roles": {r["name"]: {"users": r.get("users", []), "scopes": r.get("scopes", [])}
                            for r in c.JupyterHub.load_roles}}))
"""


def run(*command, **kw):
    return subprocess.run(command, capture_output=True, text=True, **kw)


def fingerprint(path):
    """What a real system place looks like now (to show the test did not change it)."""
    if not path.exists():
        return None
    return sorted((str(p), p.stat().st_mtime_ns) for p in [path, *(path.rglob("*") if path.is_dir() else [])])


@pytest.fixture(scope="module")
def installs(tmp_path_factory):
    if os.geteuid() != 0:
        # as tests/test_hub_security.py: said as a skip on a developer's non-root run, never in CI (root)
        pytest.skip("the hub install makes Unix groups and accounts and sets owners: root only (CI runs as "
                    "root), e.g. sudo /usr/bin/python3 -m pytest tests/test_install_hub.py")
    for tool in ("groupadd", "groupdel", "useradd", "userdel"):
        assert shutil.which(tool), f"{tool} is missing (Debian's passwd package)"
    assert run(sys.executable, "-c", "import jupyterhub, traitlets").returncode == 0, \
        "JupyterHub is missing for the test's Python: apt-get install jupyterhub"
    for name in (ADMIN, LECTURER):  # leftovers of an interrupted run
        run("userdel", name)
    made_groups = [g for g in GROUPS if run("getent", "group", g).returncode != 0]
    before = {p: fingerprint(p) for p in REAL_PLACES}
    base = tmp_path_factory.mktemp("install-hub")
    places = {"prefix": base / "opt", "kernel": base / "kernel", "etc": base / "etc", "systemd": base / "systemd"}
    command = [str(ROOT / "deploy" / "install.sh"), "--hub", "--no-apt", "--no-cds",
               "--prefix", str(places["prefix"]), "--kernel-prefix", str(places["kernel"]),
               "--etc", str(places["etc"]), "--systemd-dir", str(places["systemd"]), "--data-from", DATA]

    def install(*options):
        # umask 000: nothing may come out writable by others all the same
        result = subprocess.run(command + list(options), capture_output=True, text=True, timeout=600, umask=0)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def configured():
        result = run(sys.executable, "-c", LOAD_CONFIG, str(places["etc"]), str(base / "state"), cwd=base,
                     env={k: v for k, v in os.environ.items() if not k.startswith("NNLAB_HUB_")}, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        return dict(json.loads(result.stdout), said=result.stderr)

    runs = {}
    try:
        first = install()
        for name in (ADMIN, LECTURER):
            assert run("useradd", "-M", "-N", "-G", "nnlab-lecturers", "-s", "/usr/sbin/nologin",
                       name).returncode == 0
        runs["plain"] = dict(configured(), out=first)
        out = install("--hub-only", "--tls-front", "--full-admin", ADMIN)
        runs["tls+admin"] = dict(configured(), out=out)
        out = install("--hub-only")
        runs["again"] = dict(configured(), out=out)
        yield places, runs
    finally:
        for name in (ADMIN, LECTURER):
            run("userdel", name)
        for group in made_groups:  # only the groups this test's installs made
            run("groupdel", group)
        assert {p: fingerprint(p) for p in REAL_PLACES} == before, "the test changed the real /etc"


def test_the_install_makes_the_login_groups(installs):
    for group in GROUPS:
        assert run("getent", "group", group).returncode == 0, f"install.sh --hub did not make {group}"


def test_the_grades_folder_is_for_lecturers_only(installs):
    places, _ = installs
    grades = (places["prefix"] / "grades").stat()
    assert stat.S_IMODE(grades.st_mode) == 0o2770, oct(grades.st_mode)  # setgid: new files stay the lecturers'
    assert grades.st_uid == 0 and grades.st_gid == grp.getgrnam("nnlab-lecturers").gr_gid


def test_the_settings_are_root_only_and_nothing_is_writable_by_others(installs):
    places, _ = installs
    env = (places["etc"] / "hub.env").stat()
    assert stat.S_IMODE(env.st_mode) == 0o600 and env.st_uid == 0, oct(env.st_mode)
    assert not places["etc"].stat().st_mode & 0o022, "the hub's config folder is writable by others"
    # every run had umask 000; root's code (the config) and every student's (the kernel) come from here
    writable = [str(p) for place in places.values() for p in [place, *place.rglob("*")]
                if not p.is_symlink() and p.stat().st_mode & stat.S_IWOTH]
    assert not writable, f"world-writable after the install: {writable[:10]}"
    owned = [str(p) for p in places["etc"].rglob("*") if p.stat().st_uid != 0]
    assert not owned, f"not root's: {owned}"


def test_without_tls_front_the_install_warns_and_the_hub_listens_everywhere(installs):
    plain = installs[1]["plain"]
    assert plain["bind_url"] == "http://:8000"
    assert re.search(r"WARNING: without --tls-front .* plain HTTP", plain["out"]), plain["out"]
    assert "plain HTTP" in plain["said"]  # and again in the hub's log at every start


def test_tls_front_makes_the_installed_hub_listen_on_loopback_only(installs):
    runs = installs[1]
    for name in ("tls+admin", "again"):  # a later run without the option keeps it
        assert runs[name]["bind_url"] == "http://127.0.0.1:8000", (name, runs[name]["bind_url"])
        assert "plain HTTP" not in runs[name]["out"] + runs[name]["said"], name
    assert "kept from an earlier install" in runs["again"]["out"]


def test_full_admin_only_for_the_name_given_and_only_while_given(installs):
    places, runs = installs
    for name in ("plain", "tls+admin", "again"):
        lecturer = runs[name]["roles"]["nnlab-lecturer"]
        assert {ADMIN, LECTURER} <= set(lecturer["users"]), (name, lecturer["users"])
        assert not {"access:servers", "tokens"} & set(lecturer["scopes"]), lecturer["scopes"]
    assert runs["plain"]["roles"]["admin"]["users"] == []
    assert runs["tls+admin"]["roles"]["admin"]["users"] == [ADMIN]
    assert re.search(rf"WARNING: {ADMIN} get\(s\) full admin rights", runs["tls+admin"]["out"])
    # the next run without --full-admin takes the rights back, and says so
    assert runs["again"]["roles"]["admin"]["users"] == []
    assert f"full admin rights taken from {ADMIN}" in runs["again"]["out"]
    assert "NNLAB_HUB_FULL_ADMINS" not in (places["etc"] / "hub.env").read_text()


def test_the_installed_unit_keeps_the_state_folder_root_only(installs):
    places, _ = installs
    etc = places["etc"]
    unit_path = places["systemd"] / "nnlab-hub.service"
    unit = unit_path.read_text()
    assert re.search(r"^StateDirectoryMode=0700$", unit, re.M), unit
    assert re.search(r"^UMask=0077$", unit, re.M), unit
    # it starts this install's configuration, with this install's settings
    assert re.search(rf"^EnvironmentFile=-{re.escape(str(etc))}/hub.env$", unit, re.M), unit
    assert f"-f {etc}/jupyterhub_config.py" in unit and "/etc/nnlab" not in unit, unit
    assert stat.S_IMODE(unit_path.stat().st_mode) == 0o644


def test_the_installed_hub_uses_the_installed_course(installs):
    places, runs = installs
    assert runs["plain"]["course_dir"] == f"{places['prefix']}/course"
    assert (places["prefix"] / "course" / "00-welcome.ipynb").is_file()


def test_full_admin_takes_only_a_user_name():
    result = run(str(ROOT / "deploy" / "install.sh"), "--full-admin", "ada,root", "--no-apt")
    assert result.returncode != 0 and "takes a Unix user name" in result.stderr, result.stderr


def test_hub_only_needs_an_install_first(tmp_path):
    if os.geteuid() != 0:
        pytest.fail("run as root (CI does)", pytrace=False)
    result = run(str(ROOT / "deploy" / "install.sh"), "--hub-only", "--no-apt", "--prefix", str(tmp_path / "opt"),
                 "--etc", str(tmp_path / "etc"), "--systemd-dir", str(tmp_path / "systemd"))
    assert result.returncode != 0 and "install first" in result.stderr, result.stdout + result.stderr
    assert not (tmp_path / "etc").exists()
