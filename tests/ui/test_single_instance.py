"""A second start on the same library hands over to the running window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.processes import watchlist_command
from watchlist.ui.single_instance import SingleInstance, server_name


def test_second_start_asks_the_first_to_come_forward(qtbot: QtBot, tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/library.sqlite3"
    first = SingleInstance(url)
    assert not first.ask_running_instance()
    assert first.claim()
    try:
        second = SingleInstance(url)
        with qtbot.waitSignal(first.activationRequested, timeout=3000):
            assert second.ask_running_instance()
    finally:
        first.release()


def test_other_libraries_are_independent(tmp_path: object) -> None:
    first = SingleInstance(f"sqlite:///{tmp_path}/a.sqlite3")
    assert first.claim()
    try:
        assert not SingleInstance(f"sqlite:///{tmp_path}/b.sqlite3").ask_running_instance()
    finally:
        first.release()


def test_a_stale_socket_from_a_crash_is_reclaimed(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/library.sqlite3"
    crashed = SingleInstance(url)
    assert crashed.claim()
    crashed._server = None  # the process died without closing its server
    again = SingleInstance(url)
    assert again.claim()
    again.release()


def test_names_differ_per_library() -> None:
    assert server_name("sqlite:///a") != server_name("sqlite:///b")


def wait_for_line(log: Path, text: str, process: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and text in log.read_text(encoding="utf-8"):
            return
        if process.poll() is not None:
            _, err = process.communicate()
            raise AssertionError(f"the first window exited ({process.returncode}): {err}")
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not logged within {timeout} s")


@pytest.mark.slow
def test_a_second_real_start_raises_the_first_window_and_exits(data_dir: Path) -> None:
    log = data_dir / "logs" / "watchlist.log"
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        watchlist_command("gui"),
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_line(log, "This window answers later starts", first, timeout=60)
        second = subprocess.run(
            watchlist_command("gui"),
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 0, second.stderr
        assert "Watchlist is already open; showing its window." in second.stderr
        wait_for_line(log, "Raised the window for another start of Watchlist", first, 30)
        assert first.poll() is None  # the first window is still open
    finally:
        first.terminate()
        first.communicate(timeout=30)


# Waits at a barrier (a file appearing) after the slow imports, so every start runs the
# single-instance check at the same instant.
AT_THE_BARRIER = """
import os, sys, time
from pathlib import Path
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
import watchlist.ui.app, watchlist.ui.main_window
from watchlist.cli import main
Path(sys.argv[2]).touch()
go = Path(sys.argv[1])
while not go.exists():
    time.sleep(0.0005)
sys.exit(main(["gui"]))
"""
STARTS = 4
TRIALS = 4


def _one_trial(folder: Path) -> None:
    data_dir = folder / "data"
    go = folder / "go"
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WATCHLIST_DATA_DIR": str(data_dir),
    }
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", AT_THE_BARRIER, str(go), str(folder / f"ready-{number}")],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(STARTS)
    ]
    try:
        deadline = time.monotonic() + 120
        while not all((folder / f"ready-{n}").exists() for n in range(STARTS)):
            assert time.monotonic() < deadline, "the starts never reached the barrier"
            assert all(start.poll() is None for start in starts)
            time.sleep(0.02)
        go.touch()
        while sum(start.poll() is not None for start in starts) < STARTS - 1:
            assert time.monotonic() < deadline, "the later starts did not hand over and exit"
            time.sleep(0.05)
        log = data_dir / "logs" / "watchlist.log"
        window = next(start for start in starts if start.poll() is None)
        wait_for_line(log, "The window is open", window, timeout=60)
        handed_over = [start for start in starts if start is not window]
        for start in handed_over:
            _, err = start.communicate(timeout=30)
            assert start.returncode == 0, err
            assert "Watchlist is already open; showing its window." in err
        assert window.poll() is None  # exactly one window, still open
        assert log.read_text(encoding="utf-8").count("The window is open") == 1
    finally:
        for start in starts:
            if start.poll() is None:
                start.terminate()
            start.communicate(timeout=30)


@pytest.mark.slow
def test_starts_at_the_same_instant_open_exactly_one_window(tmp_path: Path) -> None:
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        _one_trial(folder)
