"""Backups of a SQLite library with SQLite's online backup API, rotated, and restore.

Backups are consistent snapshots even while the app or the CLI is writing: the online backup
API copies pages under SQLite's own locking. Kinds: ``daily`` (once a day when a library is
opened, the last 7 kept), ``pre-migration`` (before every schema upgrade, the last 3 kept) and
``manual`` (``watchlist backup``, the last 20 kept), plus ``pre-restore`` (the library as it was
before a restore, the last 3 kept). The newest backup holding any show or note is kept whatever
its age, and a library file found missing or empty while such a backup exists is not replaced by
a new, empty library: the user is told and offered that backup.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shlex
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path

from watchlist.store.database import (
    SQLITE_HEADER,
    check_not_newer,
    preflight_sqlite_file,
    read_only_uri,
)
from watchlist.store.errors import DatabaseOpenError, LibraryError, LibraryMissingError

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".sqlite3"
STALE_PARTIAL_SECONDS = 24 * 3600
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
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # rotated away by another process meanwhile
            continue
        found.append(BackupFile(path, kind, taken, size))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def _copy_database(source: Path, target: Path, *, static_source: bool = False) -> None:
    """Copy one SQLite database into another through the online backup API.

    A ``static_source`` (a backup file) may sit in a read-only folder (``read_only_uri``).
    """
    source_connection = sqlite3.connect(read_only_uri(source, static=static_source), uri=True)
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
    """Snapshot ``database`` into ``folder`` and rotate that kind of backup.

    The copy is written under a temporary name of its own and then given its final name, which
    is never one another backup already has: the window and the command line may back up the
    same library in the same second, and neither may spoil or replace the other's file.
    """
    if not database.is_file():
        raise LibraryError(f"There is no library at {database} to back up.")
    moment = now()
    stem = f"library-{kind.value}-{_stamp(moment)}" + (f"-{label}" if label else "")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _remove_stale_partials(folder)
        handle, partial_name = tempfile.mkstemp(prefix=f".{stem}.", suffix=".partial", dir=folder)
        os.close(handle)
        partial = Path(partial_name)
        try:
            _copy_database(database, partial)
            size = partial.stat().st_size
            target = _give_final_name(partial, folder, stem)
        finally:
            partial.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(f"The backup could not be written to {folder}: {error}.") from error
    rotate(folder, kind)
    log.info("Backed up %s to %s", database, target)
    return BackupFile(target, kind, moment, size)


def _give_final_name(partial: Path, folder: Path, stem: str) -> Path:
    """Link the finished copy under the first free name ``stem``, ``stem-2``, ...

    A hard link fails when the name exists, so two processes can never take the same name.
    """
    for number in range(1, 1000):
        target = folder / f"{stem}{'' if number == 1 else f'-{number}'}{BACKUP_SUFFIX}"
        try:
            os.link(partial, target)
        except FileExistsError:
            continue
        except OSError as error:  # a file system without hard links
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if target.exists():
                continue
            partial.replace(target)
        return target
    raise LibraryError(f"Too many backups named {stem} in {folder}.")


def _remove_stale_partials(folder: Path) -> None:
    """Drop copies left unfinished by a backup that was interrupted long ago."""
    cutoff = time.time() - STALE_PARTIAL_SECONDS
    for path in folder.glob(".library-*.partial*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def rotate(folder: Path, kind: BackupKind) -> list[Path]:
    """Delete the oldest backups of ``kind`` beyond how many are kept; returns what went.

    The newest backup that holds any show or note is never deleted, whatever its kind and age:
    after a week of daily backups of a library that was emptied (or lost), it is the one that
    still holds the user's data.
    """
    same_kind = [backup for backup in list_backups(folder) if backup.kind is kind]
    beyond = same_kind[KEEP[kind] :]
    if not beyond:
        return []
    keeper = newest_backup_with_data(folder)
    removed = []
    for backup in beyond:
        if keeper is not None and backup.path == keeper.path:
            log.info("Kept %s beyond rotation: the newest backup holding shows", backup.path)
            continue
        backup.path.unlink(missing_ok=True)
        backup.path.with_name(backup.path.name + "-wal").unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def newest_backup_with_data(folder: Path) -> BackupFile | None:
    """The newest backup holding at least one show or note (None when none does)."""
    for backup in list_backups(folder):
        counts = library_counts(backup.path, static=True)
        if counts is not None and any(counts):
            return backup
    return None


def check_library_not_lost(database: Path, folder: Path) -> None:
    """Refuse to start an empty library where one was lost while a backup still holds it.

    A library file that is missing or empty (zero bytes) would otherwise become a new, empty
    library, and a week of daily backups of it would rotate the user's data away.
    """
    try:
        size: int | None = database.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError:
        return  # unreadable: preflight_sqlite_file says so
    if size:
        return
    backup = newest_backup_with_data(folder)
    if backup is None:
        return
    shows, notes = library_counts(backup.path, static=True) or (0, 0)
    state = "is missing" if size is None else "is empty (0 bytes)"
    raise LibraryMissingError(
        f"The library {database} {state}, but the backup {backup.path} from "
        f"{backup.taken_at:%Y-%m-%d %H:%M} UTC holds {shows} show{'s' if shows != 1 else ''} "
        f"and {notes} note{'s' if notes != 1 else ''}. Restore it with 'watchlist restore "
        f"{shlex.quote(str(backup.path))}' (in the window: Restore from backup); to start a "
        f"new, empty library instead, move the folder {folder} away.",
        backup.path,
    )


def _keep_files_as_found(database: Path, folder: Path, moment: datetime) -> BackupFile:
    """A plain copy of a library SQLite cannot read (damaged), with its write-ahead log.

    Kept as the pre-restore backup, so a restore never destroys what was there.
    """
    target = folder / f"library-{BackupKind.PRE_RESTORE.value}-{_stamp(moment)}-as-found.sqlite3"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:  # through SQLite while it can still read the pages (see preflight_sqlite_file)
            connection = sqlite3.connect(read_only_uri(database), uri=True)
            try:
                target.write_bytes(connection.serialize())
            finally:
                connection.close()
        except sqlite3.Error:
            shutil.copyfile(database, target)
            wal = database.with_name(database.name + "-wal")
            if wal.is_file():
                shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    except OSError as error:
        target.unlink(missing_ok=True)
        raise LibraryError(
            f"The library was not restored: a copy of it as it is could not be kept in {folder} "
            f"({error.strerror or error})."
        ) from error
    rotate(folder, BackupKind.PRE_RESTORE)
    log.info("Kept a plain copy of the unreadable library %s as %s", database, target)
    return BackupFile(target, BackupKind.PRE_RESTORE, moment, target.stat().st_size)


def _replace_file(candidate: Path, database: Path) -> None:
    """Put a copy of ``candidate`` in place of a library file SQLite can no longer write into.

    The copy is made beside the library and renamed over it, so the library is either the old
    file or the whole restored one. The old write-ahead log must go with the old file.
    """
    temporary = database.with_name(database.name + ".restoring")
    temporary.unlink(missing_ok=True)
    try:
        _copy_database(candidate, temporary, static_source=True)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        temporary.replace(database)
    finally:
        temporary.unlink(missing_ok=True)


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


def check_restorable(candidate: Path, database: Path | None = None) -> None:
    """Refuse a file that is not a Watchlist library this version can open (or the library)."""
    if database is not None and _same_file(candidate, database):
        raise DatabaseOpenError(f"{candidate} is the library itself, not a backup of it.")
    try:
        with candidate.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(f"Cannot read {candidate}: {error.strerror or error}.") from error
    if header != SQLITE_HEADER:
        raise DatabaseOpenError(f"{candidate} is not a Watchlist backup (not an SQLite database).")
    preflight_sqlite_file(candidate, for_writing=False, static=True)
    connection = sqlite3.connect(read_only_uri(candidate, static=True), uri=True)
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


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.samefile(second)
    except OSError:
        return False


def library_counts(path: Path, *, static: bool = False) -> tuple[int, int] | None:
    """How many shows and notes a library file holds; None when it cannot be read.

    ``static`` for a backup, which nobody writes to (``read_only_uri``).
    """
    try:
        connection = sqlite3.connect(read_only_uri(path, static=static), uri=True)
    except sqlite3.Error:
        return None
    try:
        shows = connection.execute("SELECT count(*) FROM shows").fetchone()[0]
        notes = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return int(shows), int(notes)


def restore_backup(
    candidate: Path,
    database: Path,
    folder: Path,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BackupFile | None:
    """Replace the library with ``candidate``, keeping the current one as a pre-restore backup.

    The copy goes through SQLite's backup API into the live file, so other connections see
    either the old library or the restored one, never a mixture. A library too damaged for
    that is kept as a plain copy and replaced by renaming a restored file over it.
    """
    check_restorable(candidate, database)
    kept: BackupFile | None = None
    if database.is_file():
        try:
            kept = take_backup(database, folder, BackupKind.PRE_RESTORE, now=now)
        except LibraryError:
            kept = _keep_files_as_found(database, folder, now())
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        try:
            _copy_database(candidate, database, static_source=True)
        except sqlite3.DatabaseError as error:
            name = getattr(error, "sqlite_errorname", "")
            if not name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
                raise
            log.warning("The library %s is damaged (%s); replacing the file whole", database, error)
            _replace_file(candidate, database)
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(
            f"The restore failed ({error}); the library was not changed"
            + (f" and its previous state is in {kept.path}." if kept else ".")
        ) from error
    log.info("Restored %s from %s", database, candidate)
    return kept
