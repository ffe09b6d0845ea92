"""Two at once: command lines and the window's library API writing one library concurrently.

WAL lets readers go on while one process writes; every write transaction takes the write lock
first (BEGIN IMMEDIATE) and a second writer waits for it (busy timeout 15 s) instead of failing.
So no note is lost and no process fails with "database is locked".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.writer import import_text
from watchlist.store.library import Library, NewShow

pytestmark = pytest.mark.slow
NOTES_PER_COMMAND_LINE = 6


def start_watchlist(data_dir: Path, *argv: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "watchlist", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "WATCHLIST_DATA_DIR": str(data_dir)},
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "locked" not in err
    return out


def note_bodies(data_dir: Path) -> list[str]:
    connection = sqlite3.connect(data_dir / "library.sqlite3")
    try:
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.Error as error:
            files = sorted(path.name for path in data_dir.iterdir())
            raise AssertionError(f"{error.sqlite_errorname}; data folder holds {files}") from error
        return [row[0] for row in connection.execute("SELECT body FROM notes ORDER BY id")]
    finally:
        connection.close()


@pytest.fixture
def show_id(data_dir: Path) -> Iterator[int]:
    with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as library:
        yield library.add_show(NewShow(title="Dark"))


def add_notes_one_process_each(data_dir: Path, show: int, prefix: str, count: int) -> None:
    for number in range(count):
        out = finish(start_watchlist(data_dir, "note", str(show), f"{prefix} {number}"))
        assert out.startswith("Added note ")


def test_two_command_lines_adding_notes_at_once_lose_none(data_dir: Path, show_id: int) -> None:
    threads = [
        threading.Thread(
            target=add_notes_one_process_each,
            args=(data_dir, show_id, prefix, NOTES_PER_COMMAND_LINE),
        )
        for prefix in ("first", "second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = {f"{prefix} {n}" for prefix in ("first", "second") for n in range(6)}
    assert sorted(note_bodies(data_dir)) == sorted(expected)


def test_the_library_api_and_command_lines_writing_at_once_lose_nothing(
    data_dir: Path, show_id: int, tmp_path: Path
) -> None:
    big_import = tmp_path / "import.json"
    big_import.write_text(import_text("imported", shows=40, notes_per_show=25))
    stop = threading.Event()
    written: list[str] = []
    errors: list[BaseException] = []

    def the_window_writing() -> None:  # as the window's writer thread does, through the API
        try:
            with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as library:
                number = 0
                while not stop.is_set() or number < 50:
                    body = f"from the window {number}"
                    library.add_note(show_id, body)
                    written.append(body)
                    number += 1
        except BaseException as error:
            errors.append(error)

    window = threading.Thread(target=the_window_writing)
    window.start()
    try:
        importing = start_watchlist(data_dir, "import", str(big_import))
        add_notes_one_process_each(data_dir, show_id, "from the command line", 4)
        assert "Imported 40 new show(s)" in finish(importing)
    finally:
        stop.set()
        window.join(timeout=120)
    assert errors == []
    bodies = note_bodies(data_dir)
    assert set(written) <= set(bodies)
    assert {f"from the command line {n}" for n in range(4)} <= set(bodies)
    assert sum(1 for body in bodies if body.startswith("imported note ")) == 40 * 25


def test_the_same_file_imported_twice_at_once_is_added_once(
    data_dir: Path, sample_library_file: Path
) -> None:
    processes = [start_watchlist(data_dir, "import", str(sample_library_file)) for _ in range(2)]
    outputs = [finish(process) for process in processes]
    assert sum("Imported 12 new show(s)" in out for out in outputs) == 1
    assert sum("Imported 0 new show(s); 12 already" in out for out in outputs) == 1
    with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as library:
        assert library.count_shows() == 12


def test_processes_creating_a_new_library_at_once_all_succeed(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"
    processes = [start_watchlist(data_dir, "add", "--title", f"Show {n}") for n in range(3)]
    for process in processes:
        finish(process)
    with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as library:
        assert sorted(show.title for show in library.list_shows()) == [
            "Show 0",
            "Show 1",
            "Show 2",
        ]


def test_a_writer_waits_for_a_long_write_instead_of_failing(data_dir: Path, show_id: int) -> None:
    holder = sqlite3.connect(data_dir / "library.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    try:
        process = start_watchlist(data_dir, "note", str(show_id), "written after the wait")
        wait_until_it_has_the_library_open(process.pid, data_dir)
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.5)  # give it time to reach the lock; it must not fail
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert finish(process).startswith("Added note ")
    assert note_bodies(data_dir) == ["written after the wait"]


def wait_until_it_has_the_library_open(pid: int, data_dir: Path) -> None:
    """Poll /proc until the process has the library's write-ahead log open (Linux)."""
    fds = Path(f"/proc/{pid}/fd")
    wal = str(data_dir / "library.sqlite3-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if any(str(fd.readlink()) == wal for fd in fds.iterdir()):
                return
        except OSError:  # the process is starting, or a descriptor closed meanwhile
            pass
        time.sleep(0.01)
    raise AssertionError("the command never opened the library")
