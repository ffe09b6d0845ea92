"""Damaged and full libraries: a clear message that says what to do, and nothing half-written.

SQLite only: these are about the library file. A full disk is simulated with SQLite's
``max_page_count``, which makes SQLite report SQLITE_FULL exactly as a full disk does.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from tests.store.damage import damage_a_notes_page, digest, disk_full_after, library_with_notes
from watchlist.store import database
from watchlist.store.backup import BackupKind, list_backups, restore_backup, take_backup
from watchlist.store.errors import DatabaseDamagedError, LibraryFullError
from watchlist.store.exchange import export_document, import_document
from watchlist.store.library import Library, NewShow


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def test_damaged_data_page_is_found_on_open_and_the_file_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    library_with_notes(path)
    damage_a_notes_page(path)
    before = digest(path)
    with pytest.raises(DatabaseDamagedError, match="damaged") as failure:
        Library.open(f"sqlite:///{path}")
    assert "watchlist restore" in str(failure.value)
    assert digest(path) == before


def test_damage_met_in_a_library_too_large_to_check_on_open_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.sqlite3"
    library_with_notes(path)
    damage_a_notes_page(path)
    monkeypatch.setattr(database, "QUICK_CHECK_MAX_BYTES", 0)
    with Library.open(f"sqlite:///{path}") as library:
        with pytest.raises(DatabaseDamagedError, match="watchlist restore"):
            library.notes()
        with pytest.raises(DatabaseDamagedError):
            export_document(library)


def test_a_full_disk_saves_nothing_of_a_note_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(f"sqlite:///{path}") as library:
        show_id = library.add_show(NewShow(title="Dark"))
        library.add_note(show_id, "saved before the disk filled up")
    with disk_full_after(2), Library.open(f"sqlite:///{path}") as library:
        with pytest.raises(LibraryFullError, match="full, so nothing was saved"):
            library.add_note(show_id, "lost to a full disk " * 4000)
        assert [note.body for note in library.notes()] == ["saved before the disk filled up"]
    assert integrity(path) == "ok"


def test_a_full_disk_during_an_import_leaves_the_library_as_it_was(
    tmp_path: Path, sample_library_file: Path
) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(f"sqlite:///{path}") as library:
        library.add_note(library.add_show(NewShow(title="Kept")), "mine")
        before = export_document(library)["shows"]
    with disk_full_after(1), Library.open(f"sqlite:///{path}") as library:
        with pytest.raises(LibraryFullError):
            import_document(library, sample_library_file.read_text(encoding="utf-8"))
        assert export_document(library)["shows"] == before
    assert integrity(path) == "ok"


def test_a_full_disk_while_creating_a_library_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with disk_full_after(1), pytest.raises(database.DatabaseOpenError, match=r"disk .* is full"):
        Library.open(f"sqlite:///{path}")


def test_restore_over_a_damaged_library_keeps_a_copy_as_found(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    backups = tmp_path / "backups"
    with Library.open(f"sqlite:///{path}") as library:
        library.add_note(library.add_show(NewShow(title="Dark")), "in the backup")
    backup = take_backup(path, backups, BackupKind.MANUAL)
    library_with_notes(path)
    damage_a_notes_page(path)
    damaged = path.read_bytes()

    kept = restore_backup(backup.path, path, backups)

    assert kept is not None and kept.kind is BackupKind.PRE_RESTORE
    assert kept.path.read_bytes()[100:] == damaged[100:]  # the same pages; only the header moved
    with Library.open(f"sqlite:///{path}") as library:
        assert [note.body for note in library.notes()] == ["in the backup"]
    assert integrity(path) == "ok"


def test_restore_over_a_file_sqlite_cannot_open_replaces_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    backups = tmp_path / "backups"
    with Library.open(f"sqlite:///{path}") as library:
        library.add_show(NewShow(title="Dark"))
    backup = take_backup(path, backups, BackupKind.MANUAL)
    path.write_bytes(b"SQLite format 3\x00" + b"\xa5" * 8000)  # header intact, rest garbage
    kept = restore_backup(backup.path, path, backups)
    assert kept is not None and kept.path.name.endswith("-as-found.sqlite3")
    assert kept.path.read_bytes().endswith(b"\xa5" * 100)
    with Library.open(f"sqlite:///{path}") as library:
        assert [show.title for show in library.list_shows()] == ["Dark"]
    kinds = [item.kind for item in list_backups(backups)]
    assert sorted(kinds) == [BackupKind.MANUAL, BackupKind.PRE_RESTORE]


@pytest.mark.sqlite_only
def test_opening_waits_while_another_process_holds_a_new_library(tmp_path: Path) -> None:
    """Switching to WAL fails at once, without the busy handler, while a writer holds the file."""
    path = tmp_path / "library.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        with Library.open(f"sqlite:///{path}") as library:
            assert library.count_shows() == 0
    finally:
        release.join()
        holder.close()
    with closing(sqlite3.connect(path)) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
