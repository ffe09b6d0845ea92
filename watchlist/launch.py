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
from watchlist.store.backup import BackupKind, daily_backup_if_due, take_backup
from watchlist.store.database import SchemaState
from watchlist.store.exchange import import_file
from watchlist.store.library import Library

log = logging.getLogger(__name__)


def open_library(settings: Settings, *, daily_backup: bool = True) -> Library:
    """Open the library the settings point at, creating or upgrading it as needed.

    A SQLite library is backed up before any schema upgrade and, when ``daily_backup`` is set,
    once a day (the GUI takes the daily one in the background instead).
    """
    backups = not settings.demo and settings.uses_default_database

    def before_migration(_engine: Engine, state: SchemaState) -> None:
        take_backup(
            settings.database_path,
            settings.backups_dir,
            BackupKind.PRE_MIGRATION,
            label=f"{state.current}-to-{state.head}",
        )

    library = Library.open(
        settings.database_url, before_migration=before_migration if backups else None
    )
    if backups and daily_backup:
        take_daily_backup(settings)
    return library


def take_daily_backup(settings: Settings) -> None:
    """Today's daily backup of the default library, if it is due; never fatal."""
    if settings.demo or not settings.uses_default_database:
        return
    try:
        daily_backup_if_due(settings.database_path, settings.backups_dir)
    except Exception:  # a failed backup must not stop the user opening the library
        log.exception("The daily backup failed")


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
