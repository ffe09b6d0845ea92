"""Opening the user's library (or a throwaway demo copy) the same way for the CLI and the GUI."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from watchlist.config import Settings, sample_library_path
from watchlist.store.backup import (
    BackupKind,
    check_library_not_lost,
    daily_backup_if_due,
    take_backup,
)
from watchlist.store.database import SchemaState, parse_database_url, sqlite_path
from watchlist.store.errors import LibraryError
from watchlist.store.exchange import import_file
from watchlist.store.library import Library

log = logging.getLogger(__name__)


def open_library(settings: Settings, *, daily_backup: bool = True) -> Library:
    """Open the library the settings point at, creating or upgrading it as needed.

    Any SQLite library file is backed up before a schema upgrade (see ``backup_locations`` for
    where); the default library also, when ``daily_backup`` is set, once a day (the GUI takes
    the daily one in the background instead). A library file that is missing or empty while a
    backup of it holds shows is refused (``LibraryMissingError`` names the backup), never
    started afresh.
    """
    backups = not settings.demo and settings.uses_default_database
    file_library = not settings.demo and _is_sqlite_file(settings.database_url)

    def before_migration(_engine: Engine, state: SchemaState) -> None:
        database, folder = backup_locations(settings, action="back up")
        take_backup(
            database, folder, BackupKind.PRE_MIGRATION, label=f"{state.current}-to-{state.head}"
        )

    if file_library:
        check_library_not_lost(*backup_locations(settings, action="open"))
    library = Library.open(
        settings.database_url, before_migration=before_migration if file_library else None
    )
    if backups and daily_backup:
        take_daily_backup(settings)
    return library


def _is_sqlite_file(url: str) -> bool:
    try:
        return sqlite_path(parse_database_url(url)) is not None
    except LibraryError:  # not a URL at all: Library.open says so
        return False


def take_daily_backup(settings: Settings) -> None:
    """Today's daily backup of the default library, if it is due; never fatal."""
    if settings.demo or not settings.uses_default_database:
        return
    try:
        daily_backup_if_due(settings.database_path, settings.backups_dir)
    except Exception:  # a failed backup must not stop the user opening the library
        log.exception("The daily backup failed")


def backup_locations(settings: Settings, *, action: str) -> tuple[Path, Path]:
    """The library file and its backups folder, for ``watchlist backup`` and ``restore``.

    The default library keeps its backups in the data folder; another SQLite file in a
    ``backups`` folder beside it. A database server keeps no file Watchlist could copy: backing
    it up is the server's job, which the message says.
    """
    url = parse_database_url(settings.database_url)
    path = sqlite_path(url)
    if path is None and url.get_backend_name() != "sqlite":
        raise LibraryError(
            f"Your library is kept by a {url.get_backend_name()} database server, so there is "
            f"no library file for Watchlist to {action}: backing up a database server is the "
            "server's job (for PostgreSQL, pg_dump; see docs/postgresql.md). 'watchlist export "
            "-o FILE' writes a copy of everything Watchlist keeps."
        )
    if path is None:
        raise LibraryError(f"An in-memory library has no file to {action}.")
    if settings.uses_default_database:
        return settings.database_path, settings.backups_dir
    return path, path.parent / "backups"


def demo_settings(settings: Settings) -> Settings:
    """Settings for a throwaway library filled from the sample library.

    The demo never reads or writes the user's data folder or database URL; its folder is
    removed when the process exits.
    """
    folder = Path(tempfile.mkdtemp(prefix="watchlist-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    demo = replace(
        settings, data_dir=folder, config_dir=folder, database_url_override=None, demo=True
    )
    with open_library(demo) as library:
        import_file(library, sample_library_path())
    log.info("Demo library in %s", folder)
    return demo
