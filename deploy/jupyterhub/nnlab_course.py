"""The student's own copy of the course: used by the hub's spawner and by `./nnlab notebook`.

The course (student versions of the notebooks, read-only) is copied into the student's folder file by
file, skipping every file that exists already: a student's edits are never overwritten, a notebook the
student deleted comes back fresh, and a notebook added to the course later still arrives. Plain Python,
no JupyterHub, so a laptop can use it too.
"""
import os
import shutil
from pathlib import Path


def copy_course(course, home, uid=None, gid=None, folder="nnlab-course"):
    """Copies the course into home/folder, file by file, skipping every file that exists already.

    Returns the files copied (relative paths). Ownership goes to uid/gid when given (the hub runs as root).
    """
    course, target = Path(course), Path(home) / folder
    copied = []
    if not course.is_dir():
        return copied
    for source in sorted(course.rglob("*")):
        relative = source.relative_to(course)
        if any(part.startswith(".") for part in relative.parts):
            continue  # no checkpoints or hidden files
        destination = target / relative
        _make_folder(destination if source.is_dir() else destination.parent, uid, gid)
        if source.is_dir():
            continue
        if destination.exists() or destination.is_symlink():
            continue  # the student's copy wins, edited or not
        shutil.copyfile(source, destination)
        os.chmod(destination, 0o644)
        if uid is not None:
            os.chown(destination, uid, gid)
        copied.append(str(relative))
    return copied


def _make_folder(folder, uid, gid):
    """mkdir -p, giving every folder it creates to the user."""
    if folder.exists():
        return
    _make_folder(folder.parent, uid, gid)
    folder.mkdir()
    if uid is not None:
        os.chown(folder, uid, gid)
