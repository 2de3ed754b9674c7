"""The ./nnlab launcher: help, and clear messages that name the fix when a prerequisite is missing."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nnlab(*args, env=None):
    return subprocess.run([str(ROOT / "nnlab"), *args], capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))


def test_help_lists_the_commands():
    result = nnlab("help")
    assert result.returncode == 0
    for command in ("notebook", "test", "setup", "handouts", "bench", "uninstall"):
        assert command in result.stdout


def test_unknown_command_fails_with_usage():
    result = nnlab("frobnicate")
    assert result.returncode != 0 and "unknown command: frobnicate" in result.stderr


def test_missing_java_names_the_fix(tmp_path):
    bin_dir = tmp_path / "bin"  # a PATH with the basic tools but no java
    bin_dir.mkdir()
    for tool in ("bash", "awk", "id", "dirname", "dpkg-query", "grep", "cat", "env"):
        for d in ("/usr/bin", "/bin"):
            if os.path.exists(f"{d}/{tool}"):
                (bin_dir / tool).symlink_to(f"{d}/{tool}")
                break
    result = nnlab("setup", env={"PATH": str(bin_dir), "JAVA_HOME": str(tmp_path / "no-jdk"), "NNLAB_NO_APT": "1"})
    assert result.returncode != 0
    assert "JDK 17" in result.stderr and "JAVA_HOME" in result.stderr
