#!/usr/bin/env python3
"""A student's working copy of the course, as `./nnlab notebook` opens it.

    python3 tools/course.py --to ~/nnlab-course     # student versions (no solutions, no hidden tests)

Makes the student versions of notebooks/ (tools/exercises.py) and copies them into the folder, file by
file, skipping every file that is there already, as the hub does for each student
(deploy/jupyterhub/nnlab_course.py): the student's edits are never overwritten, a deleted notebook comes
back fresh, a notebook added to the course later arrives. Notebooks without exercises and the other files
of notebooks/ (its README) are copied as they are. Prints the folder, then one line per file copied.
"""
import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
sys.path.insert(0, str(ROOT / "tools"))
from nnlab_course import copy_course  # noqa: E402  (the hub's own course copy, not a copy of it)
import exercises  # noqa: E402

SOURCE = ROOT / "notebooks"


def student_course(staging):
    """Writes the student version of every notebook, and the other files of notebooks/, into staging."""
    versions = staging / "versions"
    with contextlib.redirect_stdout(io.StringIO()):  # its per-notebook summary is for instructors
        status = exercises.main([str(SOURCE), "--out", str(versions)])
    if status != 0:
        raise SystemExit("course.py: the student versions could not be made (the error is above)")
    course = staging / "course"
    course.mkdir()
    for source in sorted(SOURCE.iterdir()):
        if source.name.startswith(".") or not source.is_file():
            continue
        student = versions / "student" / source.name
        shutil.copyfile(student if student.exists() else source, course / source.name)
    return course


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--to", required=True, help="the student's folder (created if missing)")
    args = parser.parse_args(argv)
    target = Path(args.to).expanduser().resolve()
    with tempfile.TemporaryDirectory() as tmp:
        course = student_course(Path(tmp))
        copied = copy_course(course, target.parent, folder=target.name)
    print(target)
    for name in copied:
        print(f"  new: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
