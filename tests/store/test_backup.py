"""Backups with SQLite's online backup API: taken, rotated, restored, refused when foreign."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from watchlist.config import Settings
from watchlist.launch import open_library
from watchlist.store.backup import (
    KEEP,
    BackupKind,
    daily_backup_if_due,
    list_backups,
    restore_backup,
    take_backup,
)
from watchlist.store.errors import DatabaseOpenError
from watchlist.store.library import Library, NewShow

DATABASES = Path(__file__).parent.parent / "fixtures" / "databases"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def make_library(path: Path, titles: list[str]) -> None:
    with Library.open(f"sqlite:///{path}") as library:
        for title in titles:
            library.add_show(NewShow(title=title))


def titles_in(path: Path) -> list[str]:
    with Library.open(f"sqlite:///{path}") as library:
        return [show.title for show in library.list_shows()]


def test_backup_is_a_consistent_copy_while_the_library_is_open(tmp_path: Path) -> None:
    database = tmp_path / "library.sqlite3"
    with Library.open(f"sqlite:///{database}") as library:
        library.add_note(library.add_show(NewShow(title="Dark")), "kept in the backup")
        backup = take_backup(database, tmp_path / "backups", BackupKind.MANUAL)
    with sqlite3.connect(backup.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT body FROM notes").fetchall() == [("kept in the backup",)]


def test_daily_backup_is_taken_once_a_day_and_rotated_to_seven(tmp_path: Path) -> None:
    database, folder, clock = tmp_path / "library.sqlite3", tmp_path / "backups", Clock()
    make_library(database, ["Dark"])
    assert daily_backup_if_due(database, folder, now=clock) is not None
    assert daily_backup_if_due(database, folder, now=clock) is None
    for _ in range(10):
        clock.now += timedelta(days=1)
        daily_backup_if_due(database, folder, now=clock)
    daily = [b for b in list_backups(folder) if b.kind is BackupKind.DAILY]
    assert len(daily) == KEEP[BackupKind.DAILY] == 7
    assert daily[0].taken_at == clock.now


def test_rotation_of_one_kind_keeps_the_others(tmp_path: Path) -> None:
    database, folder, clock = tmp_path / "library.sqlite3", tmp_path / "backups", Clock()
    make_library(database, ["Dark"])
    take_backup(database, folder, BackupKind.MANUAL, now=clock)
    for _ in range(5):
        clock.now += timedelta(minutes=1)
        take_backup(database, folder, BackupKind.PRE_MIGRATION, now=clock)
    kinds = [b.kind for b in list_backups(folder)]
    assert kinds.count(BackupKind.PRE_MIGRATION) == 3
    assert kinds.count(BackupKind.MANUAL) == 1


def test_opening_an_older_library_backs_it_up_before_migrating(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(DATABASES / "library-0001.sqlite3", data_dir / "library.sqlite3")
    with open_library(Settings(data_dir=data_dir)):
        pass
    pre = [b for b in list_backups(data_dir / "backups") if b.kind is BackupKind.PRE_MIGRATION]
    assert len(pre) == 1
    with sqlite3.connect(pre[0].path) as connection:
        stamped = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert stamped == ("0001",)
        assert connection.execute("SELECT count(*) FROM notes").fetchone() == (2,)


def test_a_library_file_given_by_url_is_backed_up_beside_it_before_migrating(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = elsewhere / "shared.sqlite3"
    shutil.copy(DATABASES / "library-0001.sqlite3", path)
    settings = Settings(data_dir=tmp_path / "data", database_url_override=f"sqlite:///{path}")
    with open_library(settings):
        pass
    backups = list_backups(elsewhere / "backups")
    assert [backup.kind for backup in backups] == [BackupKind.PRE_MIGRATION]
    with sqlite3.connect(backups[0].path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    connection.close()
    assert not settings.backups_dir.exists()  # not in the data folder of the default library


def test_opening_takes_the_daily_backup(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    with open_library(settings):
        pass
    with open_library(settings):
        pass
    assert [b.kind for b in list_backups(settings.backups_dir)] == [BackupKind.DAILY]


def test_restore_replaces_the_library_and_keeps_the_previous_one(tmp_path: Path) -> None:
    database, folder = tmp_path / "library.sqlite3", tmp_path / "backups"
    make_library(database, ["Dark"])
    saved = take_backup(database, folder, BackupKind.MANUAL)
    make_library(database, ["Lost"])
    assert titles_in(database) == ["Dark", "Lost"]
    kept = restore_backup(saved.path, database, folder)
    assert titles_in(database) == ["Dark"]
    assert kept is not None and titles_in(kept.path) == ["Dark", "Lost"]


def test_restore_refuses_a_file_that_is_not_a_library(tmp_path: Path) -> None:
    database, folder = tmp_path / "library.sqlite3", tmp_path / "backups"
    make_library(database, ["Dark"])
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(DatabaseOpenError, match="not a Watchlist backup"):
        restore_backup(bogus, database, folder)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseOpenError):
        restore_backup(other, database, folder)
    assert titles_in(database) == ["Dark"]
    assert list_backups(folder) == []


def test_restore_refuses_a_backup_from_a_newer_version(tmp_path: Path) -> None:
    database, folder = tmp_path / "library.sqlite3", tmp_path / "backups"
    make_library(database, ["Dark"])
    newer = take_backup(database, folder, BackupKind.MANUAL)
    with sqlite3.connect(newer.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseOpenError, match="newer version"):
        restore_backup(newer.path, database, folder)
    assert titles_in(database) == ["Dark"]
