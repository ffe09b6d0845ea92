"""The installed ``watchlist`` command and ``python -m watchlist`` as real processes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from watchlist import __version__


def run(*argv: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WATCHLIST_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_python_dash_m_prints_the_version(tmp_path: Path) -> None:
    result = run(sys.executable, "-m", "watchlist", "--version", data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"watchlist {__version__}"


def test_installed_command_exists_and_lists(tmp_path: Path) -> None:
    command = shutil.which("watchlist", path=str(Path(sys.executable).parent))
    assert command is not None
    result = run(command, "list", data_dir=tmp_path)
    assert result.returncode == 0
    assert "library is empty" in result.stdout


def test_expected_failure_has_no_traceback(tmp_path: Path) -> None:
    result = run(sys.executable, "-m", "watchlist", "show", "Nothing", data_dir=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "watchlist: No show matches 'Nothing'. 'watchlist list' shows them all."
    )
