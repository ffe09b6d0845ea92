"""Opening a library: engine set-up, safety checks and automatic migrations.

A database is checked before anything writes to it: a file that is not a database, a damaged
one, or one stamped by a newer Watchlist is refused with a message and left byte-for-byte as it
was. Only then is the engine created (WAL, foreign keys, busy timeout) and the schema upgraded.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

from watchlist.store.errors import DatabaseOpenError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"
BEGIN_MODE_OPTION = "watchlist_sqlite_begin"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """Where a database stands against the migrations this version ships."""

    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        return self.current == self.head


def alembic_config() -> Config:
    """An Alembic configuration pointing at the bundled migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise DatabaseOpenError("Watchlist's database migrations are missing from this install.")
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def parse_database_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as error:
        raise DatabaseOpenError(f"Not a database URL: {url!r}.") from error


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for in-memory or non-SQLite databases."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def create_library_engine(url: str, **engine_options: Any) -> Engine:
    """An engine with Watchlist's connection settings; no checks, no migrations."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "isolation_level": None}
        try:
            engine = create_engine(parsed, connect_args=connect_args, **engine_options)
        except NoSuchModuleError as error:
            raise DatabaseOpenError(f"Unsupported database URL {url!r}: {error}") from error
        _configure_sqlite(engine)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True, **engine_options)
    except (NoSuchModuleError, ImportError) as error:
        raise DatabaseOpenError(
            f"Cannot use {parsed.get_backend_name()} databases: {error}. "
            "Install its driver (for PostgreSQL: pip install 'psycopg[binary]')."
        ) from error


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, busy timeout, and transactions Watchlist controls itself.

    pysqlite's own transaction handling is switched off (isolation_level=None) so that BEGIN is
    issued here: deferred for reads, IMMEDIATE for writes, which makes a second writer wait for
    the busy timeout instead of failing half-way through.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if engine.url.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def preflight_sqlite_file(path: Path) -> None:
    """Refuse a file that is not a healthy, known SQLite library, without writing to it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseOpenError(
            f"Cannot create the data folder {path.parent}: {error.strerror or error}. "
            "Choose a writable folder with --data-dir or WATCHLIST_DATA_DIR."
        ) from error
    if not path.exists():
        _check_folder_writable(path.parent)
        return
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a Watchlist library.")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseOpenError(f"Cannot read {path}: {error.strerror or error}.") from error
    if header and header != SQLITE_HEADER:
        raise DatabaseOpenError(
            f"{path} is not a Watchlist library (not an SQLite database). It was left as it is; "
            "move it away or choose another data folder."
        )
    if not header:
        return
    current, tables = _read_only_probe(path)
    _check_tables_are_ours(current, tables)
    check_not_newer(current)


def _check_folder_writable(folder: Path) -> None:
    probe = folder / ".watchlist-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise DatabaseOpenError(
            f"The data folder {folder} is not writable: {error.strerror or error}. "
            "Choose a writable folder with --data-dir or WATCHLIST_DATA_DIR."
        ) from error


def _read_only_probe(path: Path) -> tuple[str | None, set[str]]:
    """Read the stamped revision and table names read-only; a damaged file fails here."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise DatabaseOpenError(f"Cannot open {path}: {error}.") from error
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        current = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            current = row[0] if row else None
        return current, tables
    except sqlite3.DatabaseError as error:
        raise DatabaseOpenError(
            f"The library {path} is damaged ({error}). It was left as it is; restore a backup "
            "with 'watchlist restore FILE' or move the file away to start afresh."
        ) from error
    finally:
        connection.close()


def schema_state(engine: Engine) -> SchemaState:
    """Read the stamped revision without changing anything."""
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            tables = set(inspect(connection).get_table_names())
    except OperationalError as error:
        raise DatabaseOpenError(f"Cannot open the library: {error.orig}.") from error
    except DBAPIError as error:
        raise DatabaseOpenError(f"The library cannot be read: {error.orig}.") from error
    _check_tables_are_ours(current, tables)
    return SchemaState(current=current, head=head_revision())


def _check_tables_are_ours(current: str | None, tables: set[str]) -> None:
    if current is None and tables - {"alembic_version"}:
        raise DatabaseOpenError(
            "This database holds tables Watchlist did not create, so it was left untouched. "
            "Choose another database or data folder."
        )


def check_not_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseOpenError(
            f"This library was written by a newer version of Watchlist (schema {current}); "
            "it was left untouched. Update Watchlist to open it."
        )


def upgrade_schema(engine: Engine) -> None:
    """Run every pending migration in one transaction on the app's own engine."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_engine(
    url: str,
    *,
    before_migration: Callable[[Engine, SchemaState], None] | None = None,
) -> Engine:
    """Check, open and migrate the library at ``url``; the one way the app opens a database."""
    parsed = parse_database_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        preflight_sqlite_file(path)
    engine = create_library_engine(url)
    try:
        state = schema_state(engine)
        check_not_newer(state.current)
        if not state.is_current:
            if state.current is not None and before_migration is not None:
                before_migration(engine, state)
            log.info("Upgrading library schema from %s to %s", state.current, state.head)
            try:
                upgrade_schema(engine)
            except OperationalError as error:
                raise DatabaseOpenError(
                    f"Cannot write to the library: {error.orig}. Nothing was changed."
                ) from error
    except BaseException:
        engine.dispose()
        raise
    return engine
