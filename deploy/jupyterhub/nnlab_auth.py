"""Who may use the nnlab hub, and what a lecturer may do there.

1. Login: PAM (the Unix password), but only for members of the students' or the lecturers' Unix group
   (default nnlab-students and nnlab-lecturers, made by deploy/install.sh --hub), and never for root or
   a system account (uid below min_uid, 1000 as on Debian), even one that is in a group.
2. The admin page's "Add users": a new name becomes a Unix account in the students' group; a system
   account (root, www-data, ...) cannot be added at all, so no server ever runs as one.
3. The lecturer role: manage users and their servers (add, stop, start, delete) in the admin page, but
   not open a student's server nor make a token for a student (no access:servers, no tokens): the
   student's code and files stay the student's. JupyterHub 3.0 lets anyone with admin:users set the
   admin flag or rename a user through the REST API; guard_admin_changes() keeps both to full admins.
"""
import grp
import os
import pwd
import subprocess

from jupyterhub.auth import PAMAuthenticator
from traitlets import Integer, Unicode, default

# What a lecturer may do (JupyterHub 3.0 scopes). Not here: access:servers (open a student's server,
# run code as the student), tokens (act as the student), admin:server_state, groups, proxy, shutdown.
LECTURER_SCOPES = ["admin-ui", "admin:users", "list:users", "read:users", "users:activity", "servers",
                   "read:roles:users", "read:hub"]


def group_members(name):
    """The names in a Unix group: its listed members and the accounts whose primary group it is."""
    try:
        group = grp.getgrnam(name)
    except KeyError:
        return set()
    return set(group.gr_mem) | {u.pw_name for u in pwd.getpwall() if u.pw_gid == group.gr_gid}


def is_member(username, group_name):
    """True if the Unix account username is in the group (as a listed member or by its primary group)."""
    try:
        user, group = pwd.getpwnam(username), grp.getgrnam(group_name)
    except KeyError:
        return False
    return group.gr_gid in os.getgrouplist(username, user.pw_gid)


def why_refused(username, groups, min_uid):
    """Why username may not use the hub (no account, a system account, in none of groups), or None."""
    try:
        uid = pwd.getpwnam(username).pw_uid
    except KeyError:
        return f"{username} has no Unix account"
    if uid < min_uid:
        return f"{username} is a system account (uid {uid} < {min_uid})"
    if not any(is_member(username, g) for g in groups if g):
        return f"{username} is not in the Unix group {' or '.join(g for g in groups if g)}"
    return None


class NnlabAuthenticator(PAMAuthenticator):
    students_group = Unicode("nnlab-students", config=True,
                             help="Unix group whose members may log in as students; new accounts go here.")
    lecturers_group = Unicode("nnlab-lecturers", config=True,
                              help="Unix group whose members may log in and get the lecturer role.")
    min_uid = Integer(1000, config=True,
                      help="Accounts with a smaller uid (root, system accounts) never log in nor get a server.")

    @default("add_user_cmd")
    def _add_user_cmd(self):
        # Debian's adduser: a home of mode 0700 (DIR_MODE in /etc/adduser.conf), no password (PAM login
        # needs one set by the lecturer or the user), and the students' group as an extra group
        return ["adduser", "-q", "--gecos", "", "--disabled-password"]

    def refusal(self, username):
        """Why username may not use the hub, or None if it may."""
        return why_refused(username, (self.students_group, self.lecturers_group), self.min_uid)

    def check_allowed(self, username, authentication=None):
        why = self.refusal(username)
        if why:
            self.log.warning("nnlab: login refused: %s", why)
        return why is None

    async def add_user(self, user):
        """A user added to the hub (admin page, REST API, first login, every hub start)."""
        try:
            uid = pwd.getpwnam(user.name).pw_uid
        except KeyError:
            uid = None
        if uid is not None and uid < self.min_uid:
            raise ValueError(f"{user.name} is a system account (uid {uid}); the hub never runs a server as "
                             f"one. Students need accounts of their own (uid >= {self.min_uid}).")
        await super().add_user(user)  # creates the Unix account if it is new (add_system_user)

    def add_system_user(self, user):
        super().add_system_user(user)
        # a new account is a student: put it in the students' group, or it could not log in
        subprocess.run(["usermod", "-a", "-G", self.students_group, user.name], check=True,
                       capture_output=True)
        self.log.info("nnlab: created Unix account %s in group %s", user.name, self.students_group)


def guard_admin_changes():
    """Only a full admin may make someone an admin or rename a user (which changes the Unix account a
    server runs as). JupyterHub 3.0 allows both to anyone with admin:users, that is to a lecturer."""
    from jupyterhub.apihandlers import users
    from tornado import web

    def guarded(method, changes):
        async def wrapper(self, *args):
            current = self.current_user
            if current is not None and not getattr(current, "admin", False):
                data = self.get_json_body() or {}
                why = changes(self, data, *args)
                if why:
                    raise web.HTTPError(403, f"only a full admin may {why} (nnlab lecturer role)")
            return await method(self, *args)

        wrapper.nnlab_guarded = True
        return wrapper

    def on_patch(handler, data, name):
        user = handler.find_user(name)
        if "admin" in data and user is not None and bool(data["admin"]) != bool(user.admin):
            return "change the admin flag"
        if "name" in data and data["name"] != name:
            return "rename a user"
        return None

    def on_create(handler, data, *args):
        return "create an admin" if data.get("admin") else None

    if not getattr(users.UserAPIHandler.patch, "nnlab_guarded", False):
        users.UserAPIHandler.patch = guarded(users.UserAPIHandler.patch, on_patch)
        users.UserAPIHandler.post = guarded(users.UserAPIHandler.post, on_create)
        users.UserListAPIHandler.post = guarded(users.UserListAPIHandler.post, on_create)
