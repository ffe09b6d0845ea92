"""Backups of a SQLite library with SQLite's online backup API, rotated, and restore.

Backups are consistent snapshots even while the app or the CLI is writing: the online backup
API copies pages under SQLite's own locking. Kinds: ``daily`` (once a day when a library is
opened, the last 7 kept), ``pre-migration`` (before every schema upgrade, the last 3 kept) and
``manual`` (``watchlist backup``, the last 20 kept), plus ``pre-restore`` (the library as it was
before a restore, the last 3 kept).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from watchlist.store.database import (
    SQLITE_HEADER,
    check_not_newer,
    preflight_sqlite_file,
)
from watchlist.store.errors import DatabaseOpenError, LibraryError

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".sqlite3"
_NAME = re.compile(r"^library-(?P<kind>[a-z-]+?)-(?P<stamp>\d{8}T\d{6}Z)(?:-.*)?\.sqlite3$")


class BackupKind(StrEnum):
    DAILY = "daily"
    PRE_MIGRATION = "pre-migration"
    MANUAL = "manual"
    PRE_RESTORE = "pre-restore"


KEEP = {
    BackupKind.DAILY: 7,
    BackupKind.PRE_MIGRATION: 3,
    BackupKind.MANUAL: 20,
    BackupKind.PRE_RESTORE: 3,
}


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A backup on disk."""

    path: Path
    kind: BackupKind
    taken_at: datetime
    size: int


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def list_backups(folder: Path) -> list[BackupFile]:
    """Backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            kind = BackupKind(match["kind"])
        except ValueError:
            continue
        taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        found.append(BackupFile(path, kind, taken, path.stat().st_size))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def _copy_database(source: Path, target: Path) -> None:
    """Copy one SQLite database into another through the online backup API."""
    source_connection = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target_connection = sqlite3.connect(target)
        try:
            source_connection.backup(target_connection)
        finally:
            target_connection.close()
    finally:
        source_connection.close()


def take_backup(
    database: Path,
    folder: Path,
    kind: BackupKind,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    label: str = "",
) -> BackupFile:
    """Snapshot ``database`` into ``folder`` and rotate that kind of backup."""
    if not database.is_file():
        raise LibraryError(f"There is no library at {database} to back up.")
    moment = now()
    suffix = f"-{label}" if label else ""
    target = folder / f"library-{kind.value}-{_stamp(moment)}{suffix}{BACKUP_SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _copy_database(database, partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        raise LibraryError(f"The backup could not be written to {folder}: {error}.") from error
    rotate(folder, kind)
    log.info("Backed up %s to %s", database, target)
    return BackupFile(target, kind, moment, target.stat().st_size)


def rotate(folder: Path, kind: BackupKind) -> list[Path]:
    """Delete the oldest backups of ``kind`` beyond how many are kept; returns what went."""
    same_kind = [backup for backup in list_backups(folder) if backup.kind is kind]
    removed = []
    for backup in same_kind[KEEP[kind] :]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def has_backup_on(folder: Path, kind: BackupKind, day: date) -> bool:
    return any(
        backup.kind is kind and backup.taken_at.date() == day for backup in list_backups(folder)
    )


def daily_backup_if_due(
    database: Path, folder: Path, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> BackupFile | None:
    """Take today's daily backup unless there is one already (or no library yet)."""
    if not database.is_file() or has_backup_on(folder, BackupKind.DAILY, now().date()):
        return None
    return take_backup(database, folder, BackupKind.DAILY, now=now)


def check_restorable(candidate: Path) -> None:
    """Refuse a file that is not a Watchlist library this version can open."""
    try:
        with candidate.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(f"Cannot read {candidate}: {error.strerror or error}.") from error
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(f"{candidate} is not a Watchlist backup (not an SQLite database).")
    preflight_sqlite_file(candidate)
    connection = sqlite3.connect(f"{candidate.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            version = row[0] if row else None
    except sqlite3.DatabaseError as error:
        raise DatabaseOpenError(f"{candidate} is damaged ({error}).") from error
    finally:
        connection.close()
    if integrity != "ok":
        raise DatabaseOpenError(f"{candidate} is damaged ({integrity}).")
    if "shows" not in tables or version is None:
        raise DatabaseOpenError(f"{candidate} is not a Watchlist library.")
    check_not_newer(version)


def restore_backup(
    candidate: Path,
    database: Path,
    folder: Path,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BackupFile | None:
    """Replace the library with ``candidate``, keeping the current one as a pre-restore backup.

    The copy goes through SQLite's backup API into the live file, so other connections see
    either the old library or the restored one, never a mixture.
    """
    check_restorable(candidate)
    kept = (
        take_backup(database, folder, BackupKind.PRE_RESTORE, now=now)
        if database.is_file()
        else None
    )
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy_database(candidate, database)
    except sqlite3.Error as error:
        raise LibraryError(
            f"The restore failed ({error}); the library was not changed"
            + (f" and its previous state is in {kept.path}." if kept else ".")
        ) from error
    log.info("Restored %s from %s", database, candidate)
    return kept
