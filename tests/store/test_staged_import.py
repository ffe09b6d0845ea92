"""Large imports on SQLite: staged in chunks, copied in by one transaction, whole or absent.

A single transaction of a 140,000-show import held the library for 20 s and made a note written
meanwhile fail after the 15 s busy timeout. Here the chunk size and the staging threshold are
lowered, so a small import goes the same way a large one does.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

from tests.store.snapshot import snapshot
from watchlist.store import exchange, import_writing
from watchlist.store.errors import LibraryError
from watchlist.store.exchange import export_document, import_document
from watchlist.store.library import Library, NewShow

pytestmark = pytest.mark.sqlite_only
CHUNK = 40


def export_text(shows: int, *, first: int = 0) -> str:
    """An export of ``shows`` shows with ids, seasons, episodes and notes (about 9 rows each)."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    document: dict[str, Any] = {
        "format": "watchlist-export",
        "version": 1,
        "shows": [
            {
                "title": f"Show {number}",
                "external_ids": {"tvmaze": 10_000 + number},
                "premiered": f"2020-01-0{1 + number % 9}",
                "genres": ["Drama"],
                "renewal": {"status": "renewed", "announced_on": "2024-02-01"},
                "seasons": [{"number": season, "episode_count": 8} for season in (1, 2)],
                "episodes": [
                    {"season": 1, "number": episode, "airdate": "2020-01-10", "watched": True}
                    for episode in (1, 2, 3)
                ],
                "notes": [
                    {
                        "created_at": (start + timedelta(minutes=index)).isoformat(),
                        "body": f"Note {index} on show {number}",
                        "season": 1,
                        "pinned": index == 0,
                    }
                    for index in range(2)
                ],
            }
            for number in range(first, first + shows)
        ],
    }
    return json.dumps(document)


@pytest.fixture
def staged(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stage every import of more than a handful of rows."""
    monkeypatch.setattr(exchange, "STAGED_IMPORT_MIN_ROWS", 10)


@pytest.fixture
def library(data_dir: Path) -> Iterator[Library]:
    with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as opened:
        yield opened


def notes_of(library: Library) -> list[str]:
    return sorted(note.body for note in library.notes())


def without_times(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in show.items() if k not in ("added_at", "updated_at")}
        for show in document["shows"]
    ]


def test_a_note_is_written_at_once_while_a_large_import_is_staged(
    staged: None, library: Library, data_dir: Path
) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    staged_chunks: list[int] = []

    def meanwhile(done: int, _total: int) -> None:
        staged_chunks.append(done)
        # No waiting at all: a busy timeout of 0 fails at once if anyone holds the library.
        connection = sqlite3.connect(data_dir / "library.sqlite3", timeout=0)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.rollback()
        finally:
            connection.close()
        library.add_note(show_id, f"Written while {done} rows were staged")

    report = import_document(library, export_text(60), chunk_rows=CHUNK, progress=meanwhile)
    assert report.shows_added == 60
    assert len(staged_chunks) > 5  # staged in many chunks, a note written after each
    assert len([n for n in notes_of(library) if n.startswith("Written while")]) == len(
        staged_chunks
    )
    assert len(library.list_shows()) == 61


def test_a_staged_import_writes_exactly_what_one_transaction_writes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Into a library that already holds some of the shows (and one of their notes)."""
    results = []
    for threshold in (10, 10**9):  # staged, then written directly
        monkeypatch.setattr(exchange, "STAGED_IMPORT_MIN_ROWS", threshold)
        path = tmp_path / f"library-{threshold}.sqlite3"
        with Library.open(f"sqlite:///{path}") as library:
            import_document(library, export_text(15))
            import_document(library, export_text(40, first=5), chunk_rows=CHUNK)
            results.append(without_times(export_document(library)))
    assert results[0] == results[1]
    titles = [show["title"] for show in results[0]]
    assert len(titles) == 45 and len(set(titles)) == 45  # matched shows were not added twice


def test_an_import_that_fails_while_copying_in_leaves_nothing_behind(
    staged: None, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.add_note(library.add_show(NewShow(title="Dark")), "Mine")
    before = snapshot(library)
    copy_in = import_writing._copy_in

    def copy_then_fail(*args: Any) -> None:
        copy_in(*args)  # every row is in, uncommitted
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(import_writing, "_copy_in", copy_then_fail)
    with pytest.raises(LibraryError, match="disk I/O error"):
        import_document(library, export_text(30), chunk_rows=CHUNK)
    assert snapshot(library) == before
    with library.engine.connect() as connection:  # the staging tables went too
        temporary = connection.exec_driver_sql("SELECT name FROM sqlite_temp_master").all()
    assert temporary == []
    monkeypatch.setattr(import_writing, "_copy_in", copy_in)
    assert import_document(library, export_text(30), chunk_rows=CHUNK).shows_added == 30


def test_shows_added_while_an_import_is_staged_are_matched_not_duplicated(
    staged: None, library: Library, data_dir: Path
) -> None:
    added_meanwhile = False

    def meanwhile(_done: int, _total: int) -> None:
        nonlocal added_meanwhile
        if not added_meanwhile:  # another process imports part of the same file meanwhile
            with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}") as other:
                import_document(other, export_text(5))
            added_meanwhile = True

    report = import_document(library, export_text(30), chunk_rows=CHUNK, progress=meanwhile)
    assert added_meanwhile
    assert (report.shows_added, report.shows_matched) == (25, 5)
    assert len(library.list_shows()) == 30


KILLER = """
import os, signal, sys
from pathlib import Path
from watchlist.store import exchange, import_writing
from watchlist.store.library import Library

exchange.STAGED_IMPORT_MIN_ROWS = 10
where = sys.argv[2]
copy_in = import_writing._copy_in

def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)

def copy_then_die(*args):
    copy_in(*args)  # every row is in, not yet committed
    die()

def staged(done, total):
    if where == "staging" and done > total // 2:
        die()

if where == "copying":
    import_writing._copy_in = copy_then_die
with Library.open(sys.argv[1]) as library:
    exchange.import_document(
        library, Path(sys.argv[3]).read_text(), chunk_rows=40, progress=staged
    )
"""


@pytest.mark.parametrize("where", ["staging", "copying"])
def test_an_import_killed_while_staging_or_copying_in_leaves_nothing_behind(
    library: Library, data_dir: Path, tmp_path: Path, where: str
) -> None:
    library.add_note(library.add_show(NewShow(title="Dark")), "Mine")
    before = snapshot(library)
    export = tmp_path / "export.json"
    export.write_text(export_text(30))
    path = data_dir / "library.sqlite3"
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, f"sqlite:///{path}", where, str(export)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ},
    )
    assert killed.returncode == -9, killed.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert snapshot(library) == before  # absent: no show, season or note of it
    assert import_document(library, export.read_text()).shows_added == 30  # and it can be redone
