"""Running ``watchlist`` as a real process, with the limits a user's machine may impose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Applied in a tiny Python process that then replaces itself with the real command, so the test
# process (which has threads) never needs a preexec_fn.
_LIMIT_FILE_SIZE = (
    "import os, resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def watchlist_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "watchlist", *args]


def with_file_size_limit(argv: list[str], limit_bytes: int) -> list[str]:
    """``argv`` run with RLIMIT_FSIZE: no file may grow past ``limit_bytes`` (writes fail)."""
    return [sys.executable, "-c", _LIMIT_FILE_SIZE, str(limit_bytes), *argv]


def as_unprivileged(argv: list[str]) -> list[str]:
    """``argv`` run without the power to ignore file permissions.

    As an ordinary user the command runs as it is. As root (CI), a read-only folder would not
    stop anything, and the interpreter may live where other users cannot reach (a pyenv under
    /root), so instead of switching user the command runs as root *without* the capabilities that
    override permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER): the kernel then
    applies the file modes to it like to any owner. ``setpriv`` comes with util-linux.
    """
    if os.geteuid() != 0:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise RuntimeError(
            "setpriv (Debian package util-linux) is needed to run a command as root without "
            "the capabilities that override file permissions."
        )
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *argv]


def run_watchlist(
    argv: list[str], *, data_dir: Path, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run a command line (from ``watchlist_command`` and the wrappers above) to completion."""
    environment = {**os.environ, "WATCHLIST_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        argv, capture_output=True, text=True, env=environment, timeout=timeout, check=False
    )
