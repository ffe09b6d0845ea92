"""Rotation never deletes the last backup that holds the user's data.

A library that was emptied (or lost and started afresh) went on being backed up daily; after a
week the seven daily backups were all empty and the one with the user's shows was gone.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.store.test_backup import Clock
from watchlist.store.backup import (
    KEEP,
    BackupKind,
    daily_backup_if_due,
    library_counts,
    list_backups,
    newest_backup_with_data,
    take_backup,
)
from watchlist.store.library import Library, NewShow


def test_a_week_of_backups_of_an_emptied_library_keeps_the_last_one_holding_shows(
    tmp_path: Path,
) -> None:
    database, folder, clock = tmp_path / "library.sqlite3", tmp_path / "backups", Clock()
    with Library.open(f"sqlite:///{database}") as library:
        show_id = library.add_show(NewShow(title="Dark"))
        library.add_note(show_id, "Years of notes")
        holding = daily_backup_if_due(database, folder, now=clock)
        assert holding is not None
        library.remove_show(show_id)  # the library is emptied
    for _ in range(10):
        clock.now += timedelta(days=1)
        daily_backup_if_due(database, folder, now=clock)

    daily = [backup for backup in list_backups(folder) if backup.kind is BackupKind.DAILY]
    assert len(daily) == KEEP[BackupKind.DAILY] + 1  # the seven newest, and the one with data
    assert daily[-1].path == holding.path
    assert library_counts(holding.path) == (1, 1)
    assert newest_backup_with_data(folder) == daily[-1]
    assert all(library_counts(backup.path) == (0, 0) for backup in daily[:-1])


def test_once_a_newer_backup_holds_data_the_older_one_rotates_away(tmp_path: Path) -> None:
    database, folder, clock = tmp_path / "library.sqlite3", tmp_path / "backups", Clock()
    with Library.open(f"sqlite:///{database}") as library:
        library.add_show(NewShow(title="Dark"))
    for _ in range(KEEP[BackupKind.MANUAL] + 3):
        take_backup(database, folder, BackupKind.MANUAL, now=clock)
        clock.now += timedelta(minutes=1)
    assert len(list_backups(folder)) == KEEP[BackupKind.MANUAL]
