"""Large imports killed at random moments are whole or absent, and notes written meanwhile by
another process all succeed and are all kept.

Each round runs a real ``python -m watchlist import`` of a file large enough to be staged
(``exchange.STAGED_IMPORT_MIN_ROWS``) and kills it with SIGKILL at a random point of its
measured run time: while parsing, while staging, while copying in, or after it finished. A
thread writes notes through the library API all along, as the window would.
``WATCHLIST_IMPORT_KILLS=N`` runs more rounds; the seed is printed, ``WATCHLIST_CRASH_SEED``
repeats a run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.reliability.harness import new_seed
from tests.reliability.writer import import_text
from watchlist.store.exchange import STAGED_IMPORT_MIN_ROWS
from watchlist.store.library import Library, NewShow

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("WATCHLIST_IMPORT_KILLS", "10"))
SHOWS, NOTES_PER_SHOW = 1_500, 12  # 1,500 * (1 + 1 season + 12 notes) = 21,000 rows: staged


def import_process(data_dir: Path, path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "watchlist", "import", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "WATCHLIST_DATA_DIR": str(data_dir), "WATCHLIST_DATABASE_URL": ""},
    )


def logged_at(data_dir: Path, text: str) -> datetime:
    """When the log last said ``text`` (the log's local time, to the millisecond)."""
    lines = (data_dir / "logs" / "watchlist.log").read_text(encoding="utf-8").splitlines()
    line = next(line for line in reversed(lines) if text in line)
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")


def imported(database: Path, marker: str) -> tuple[int, int]:
    """Shows and notes of the import ``marker`` in the library, after an integrity check."""
    connection = sqlite3.connect(database)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        shows = connection.execute(
            "SELECT count(*) FROM shows WHERE title LIKE ?", (f"{marker} show %",)
        ).fetchone()[0]
        notes = connection.execute(
            "SELECT count(*) FROM notes WHERE body LIKE ?", (f"{marker} note %",)
        ).fetchone()[0]
        return int(shows), int(notes)
    finally:
        connection.close()


def test_large_imports_killed_at_random_are_whole_or_absent_and_notes_meanwhile_never_fail(
    data_dir: Path, tmp_path: Path
) -> None:
    assert SHOWS * (2 + NOTES_PER_SHOW) >= STAGED_IMPORT_MIN_ROWS
    seed = new_seed()
    print(f"import kill seed {seed} (repeat with WATCHLIST_CRASH_SEED={seed})")
    rng = random.Random(seed)
    database = data_dir / "library.sqlite3"
    with Library.open(f"sqlite:///{database}") as library:
        show_id = library.add_show(NewShow(title="Notes written meanwhile"))
    stop = threading.Event()
    written: list[str] = []
    failures: list[BaseException] = []

    def write_notes() -> None:
        with Library.open(f"sqlite:///{database}") as library:
            while not stop.is_set():
                body = f"meanwhile {len(written)}"
                try:
                    library.add_note(show_id, body)
                except BaseException as error:  # the promise: this never happens
                    failures.append(error)
                    return
                written.append(body)
                time.sleep(0.01)

    writer = threading.Thread(target=write_notes)
    writer.start()
    outcomes = {"absent": 0, "whole": 0}
    try:
        for unkilled in ("first", "second"):  # the second's time: no daily backup to take
            path = tmp_path / f"{unkilled}.json"
            path.write_text(import_text(unkilled, shows=SHOWS, notes_per_show=NOTES_PER_SHOW))
            started, started_at = time.monotonic(), datetime.now()
            process = import_process(data_dir, path)
            _, err = process.communicate(timeout=300)
            assert process.returncode == 0, err
            typical = time.monotonic() - started
            assert imported(database, unkilled) == (SHOWS, SHOWS * NOTES_PER_SHOW)
        # Most kills land from a little before the staging starts to a little after the end.
        staging_from = (logged_at(data_dir, "Import: staging ") - started_at).total_seconds()
        earliest = max(0.05, staging_from * 0.8)
        for round_number in range(KILLS):
            marker = f"round {round_number}"
            path = tmp_path / f"{round_number}.json"
            path.write_text(import_text(marker, shows=SHOWS, notes_per_show=NOTES_PER_SHOW))
            process = import_process(data_dir, path)
            try:
                process.wait(timeout=rng.uniform(earliest, typical * 1.1))
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
            _, err = process.communicate(timeout=300)
            assert process.returncode in (0, -signal.SIGKILL), err
            shows, notes = imported(database, marker)
            assert (shows, notes) in ((0, 0), (SHOWS, SHOWS * NOTES_PER_SHOW)), marker
            assert process.returncode != 0 or shows == SHOWS, marker  # finished: all of it
            outcomes["whole" if shows else "absent"] += 1
    finally:
        stop.set()
        writer.join(timeout=120)
    log = (data_dir / "logs" / "watchlist.log").read_text(encoding="utf-8")
    inside = log.count("Import: staging ") - log.count("Import: copied ")
    print(
        f"{KILLS} rounds: {outcomes}, {inside} of them killed while staging or copying in; "
        f"{len(written)} notes written meanwhile, none failed"
    )
    assert failures == []
    with Library.open(f"sqlite:///{database}") as library:
        kept = {note.body for note in library.notes(show_id)}
    assert set(written) == kept  # every acknowledged note is there
    assert inside >= 1  # some kills really landed inside the staging or the copy-in
