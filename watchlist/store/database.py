"""Opening a library: engine set-up, safety checks and automatic migrations.

A database is checked before anything writes to it: a file that is not a database, another
program's database (``identity``: Watchlist's application id, or the exact schema of a library
written before it had one), a damaged one (``PRAGMA quick_check`` on files of ordinary size),
one stamped by a newer Watchlist, or one in a folder Watchlist cannot write to is refused with a
message and left byte-for-byte as it was, with no side file beside it. Only then is the engine
created (WAL, foreign keys, busy timeout) and the schema upgraded. Database errors met later
(a full disk, damage found while reading) become the same kind of message through
``library_error_for``.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from watchlist.store.errors import (
    DatabaseDamagedError,
    DatabaseOpenError,
    ForeignDatabaseError,
    LibraryError,
    LibraryFullError,
    NotALibraryError,
)
from watchlist.store.identity import DatabaseSchema, foreign_reason, is_compared_table

if TYPE_CHECKING:  # Alembic loads only when a schema must change (or for tools and tests)
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
SQLITE_HEADER = b"SQLite format 3\x00"
BEGIN_MODE_OPTION = "watchlist_sqlite_begin"
# A full structural check reads every page: about a millisecond per megabyte. Libraries of
# ordinary size (a few megabytes) are checked on every open; a larger file is checked by the
# damage being caught when it is met (``library_error_for``).
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024
RESTORE_HINT = (
    "Restore a backup with 'watchlist restore FILE' (or File > Restore from backup in the "
    "window), or move the file away to start afresh."
)


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
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return revision_graph()[0]


def known_revisions() -> set[str]:
    return set(revision_graph()[1])


_REVISION_LINE = re.compile(r"^revision(?:: str)? = [\"'](?P<id>[^\"']+)[\"']$", re.MULTILINE)
_DOWN_REVISION_LINE = re.compile(
    r"^down_revision(?:: [\w |]+)? = (?:[\"'](?P<id>[^\"']+)[\"']|None)$", re.MULTILINE
)


@functools.cache
def revision_graph() -> tuple[str, frozenset[str]]:
    """The head revision and every revision of the bundled migrations.

    Read from the ``revision`` and ``down_revision`` lines of the migration files: importing
    Alembic (with Mako and Pygments) and loading every script for this took a tenth of a
    second at each start, and opening a library that is already current needs nothing else
    from Alembic. A history that is not one straight line, or a file not in the usual form,
    is left to Alembic itself.
    """
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION_LINE.search(text), _DOWN_REVISION_LINE.search(text)
        if revision is None or down is None:
            return _revision_graph_from_alembic()
        parents[revision["id"]] = down["id"]
    heads = set(parents) - set(parents.values())
    roots = [revision for revision, parent in parents.items() if parent is None]
    linked = all(parent is None or parent in parents for parent in parents.values())
    if len(heads) != 1 or len(roots) != 1 or not linked:
        return _revision_graph_from_alembic()
    return heads.pop(), frozenset(parents)


def _revision_graph_from_alembic() -> tuple[str, frozenset[str]]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if head is None:  # pragma: no cover - the package always ships migrations
        raise DatabaseOpenError("Watchlist's database migrations are missing from this install.")
    return head, frozenset(revision.revision for revision in script.walk_revisions())


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
                _switch_to_wal(cursor)
                cursor.execute("PRAGMA synchronous = FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _switch_to_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode, waiting out other processes as a write would.

    Switching needs an exclusive lock, and SQLite reports "database is locked" at once instead
    of calling the busy handler when another process holds the file (two processes opening a
    new library together), so this waits the busy timeout itself.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    pause = 0.002
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def preflight_sqlite_file(path: Path, *, for_writing: bool = True, static: bool = False) -> None:
    """Refuse a file that is not a healthy Watchlist library this version knows, unwritten.

    ``for_writing`` also demands that the file and its folder can be written (SQLite keeps its
    write-ahead log beside the library); a backup being checked for a restore need not be, and
    is ``static``: a file nobody writes to, which may sit in a read-only folder. A refused file
    is left as it was, with no write-ahead log or shared-memory file beside it that was not
    there before.
    """
    if for_writing:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseOpenError(
                f"Cannot create the data folder {path.parent}: {error.strerror or error}. "
                "Choose a writable folder with --data-dir or WATCHLIST_DATA_DIR."
            ) from error
    if not path.exists():
        if for_writing:
            _check_folder_writable(path.parent)
        return
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a Watchlist library.")
    # The file is only ever opened through SQLite here, never with open(): closing any other
    # descriptor of a database file drops every POSIX lock this process holds on it, which
    # would let another process delete the write-ahead log under a connection still open (a
    # second Library on the same file in this process, as the tests and the window may have).
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DatabaseOpenError(f"Cannot read {path}: {error.strerror or error}.") from error
    if for_writing:
        _check_folder_writable(path.parent)
        _check_file_writable(path)
    if size == 0:
        return
    side_files = _side_files(path)
    had_side_files = any(side.exists() for side in side_files)
    try:
        schema = _read_only_probe(path, static=static)
        check_is_watchlist_library(schema, str(path))
        check_not_newer(schema.revision)
    except DatabaseOpenError:
        if not had_side_files and any(side.exists() for side in side_files):
            _remove_side_files_through_sqlite(path)
        raise


def _side_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def _remove_side_files_through_sqlite(path: Path) -> None:
    """Let SQLite remove the write-ahead log and shared memory a read-only probe left.

    A read-only connection to a database in WAL mode creates both files and, being read-only,
    cannot remove them. The last read-write connection to close does, after checkpointing an
    empty log (no byte of the database is written); SQLite removes them only when no other
    connection has the file open, which deleting them by hand could not make sure of.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
    except sqlite3.Error:
        return
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        pass
    finally:
        connection.close()
    if any(side.exists() for side in _side_files(path)):
        log.info("SQLite kept the side files of %s (another connection has it open)", path)


def _check_folder_writable(folder: Path) -> None:
    try:
        handle, probe = tempfile.mkstemp(prefix=".watchlist-write-test-", dir=folder)
        os.close(handle)
        Path(probe).unlink()
    except OSError as error:
        raise DatabaseOpenError(
            f"The data folder {folder} is not writable ({error.strerror or error}), so Watchlist "
            "cannot keep its library there; nothing was changed. Make the folder writable, or "
            "choose another one with --data-dir or WATCHLIST_DATA_DIR."
        ) from error


def _check_file_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseOpenError(
            f"The library {path} is read-only; nothing was changed. Make the file writable, or "
            "choose another data folder."
        )


def _read_only_probe(path: Path, *, static: bool = False) -> DatabaseSchema:
    """Read what the database says about itself, read-only; a damaged file fails here.

    ``static`` is for a file nobody writes to (a backup), see ``read_only_uri``.
    """
    try:
        connection = sqlite3.connect(read_only_uri(path, static=static), uri=True)
    except sqlite3.Error as error:
        raise DatabaseOpenError(f"Cannot open {path}: {error}.") from error
    try:
        schema = _sqlite_schema(connection)
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
            if problems != ["ok"]:
                raise DatabaseDamagedError(
                    f"The library {path} is damaged ({'; '.join(problems)[:300]}). It was left "
                    f"as it is. {RESTORE_HINT}"
                )
        return schema
    except sqlite3.DatabaseError as error:
        raise _sqlite_open_error(path, error) from error
    finally:
        connection.close()


def _sqlite_schema(connection: sqlite3.Connection) -> DatabaseSchema:
    """The application id, stamped revision, tables and columns of an SQLite database."""
    application_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
    tables = [
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if is_compared_table(str(row[0]))
    ]
    columns = {
        table: frozenset(
            str(row[0])
            for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
        )
        for table in tables
    }
    revision = None
    if "alembic_version" in columns:
        stamped = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
        if len(stamped) > 1:
            raise _ambiguous_revision()
        revision = str(stamped[0]) if stamped else None
    return DatabaseSchema(application_id, revision, columns)


def read_only_uri(path: Path, *, static: bool = False) -> str:
    """A URI opening ``path`` read-only.

    A ``static`` file (a backup nobody writes to) is opened immutable, so it can be read in a
    read-only folder, where SQLite could not create the shared-memory file a WAL reader needs;
    unless a write-ahead log lies beside it, which holds part of its content.
    """
    wal = path.with_name(path.name + "-wal")
    options = "mode=ro&immutable=1" if static and not wal.exists() else "mode=ro"
    return f"{path.resolve().as_uri()}?{options}"


def _sqlite_open_error(path: Path, error: sqlite3.Error) -> DatabaseOpenError:
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_NOTADB"):
        return NotALibraryError(
            f"{path} is not a Watchlist library (not an SQLite database, or its first page is "
            "damaged). It was left as it is; move it away or choose another data folder (or, if "
            "it is your library, restore a backup with 'watchlist restore FILE')."
        )
    if name.startswith("SQLITE_CORRUPT"):
        return DatabaseDamagedError(
            f"The library {path} is damaged ({error}). It was left as it is. {RESTORE_HINT}"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return DatabaseOpenError(
            f"The library {path} is busy: another program holds it locked ({error}). "
            "Close it and try again; nothing was changed."
        )
    return DatabaseOpenError(f"Cannot open the library {path} ({error}); nothing was changed.")


def library_error_for(error: DBAPIError, url: URL | str | None = None) -> LibraryError:
    """A message for the user about a database error met while reading or writing.

    Damage, a full disk and a read-only file get a message saying what happened and what to do;
    anything else a general one. The transaction it happened in was rolled back whole.
    """
    original = error.orig
    name = getattr(original, "sqlite_errorname", "") or ""
    where = ""
    if url is not None:
        path = sqlite_path(make_url(url) if isinstance(url, str) else url)
        where = f" {path}" if path is not None else ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return DatabaseDamagedError(
            f"The library{where} is damaged ({original}); what was being saved was not. "
            f"{RESTORE_HINT}"
        )
    if name.startswith("SQLITE_FULL") or _is_disk_full(original):
        return LibraryFullError(
            f"The disk holding the library{where} is full, so nothing was saved: the change was "
            "undone whole. Free some disk space and try again."
        )
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return DatabaseOpenError(
            f"The library{where} cannot be written ({original}): the file or its folder is "
            "read-only. Nothing was saved; make them writable and try again."
        )
    if name.startswith("SQLITE_IOERR"):
        return LibraryError(
            f"The library{where} could not be written to disk ({original}); nothing was saved. "
            "Check that the disk is present and has free space, then try again."
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LibraryError(
            f"The library{where} stayed busy for {SQLITE_BUSY_TIMEOUT_MS // 1000} seconds "
            "(another program is writing to it); nothing was saved. Try again."
        )
    return LibraryError(f"The library could not be used: {original}. Nothing was saved.")


def _is_disk_full(original: BaseException | None) -> bool:
    """PostgreSQL's "could not extend file ... No space left on device" (SQLSTATE 53100)."""
    return getattr(original, "sqlstate", None) == "53100"


def schema_state(engine: Engine) -> SchemaState:
    """Read the stamped revision without changing anything; refuse another program's database."""
    try:
        with engine.connect() as connection:
            schema = read_schema(connection)
    except DBAPIError as error:
        if parse_database_url(str(engine.url)).get_backend_name() == "sqlite":
            raise library_error_for(error, engine.url) from error
        raise DatabaseOpenError(f"Cannot open the library: {error.orig}.") from error
    check_is_watchlist_library(schema, "This database")
    return SchemaState(current=schema.revision, head=head_revision())


def read_schema(connection: Connection) -> DatabaseSchema:
    """What a database says about itself (``identity.DatabaseSchema``), on any backend."""
    inspector = inspect(connection)
    tables = [name for name in inspector.get_table_names() if is_compared_table(name)]
    columns = {
        table: frozenset(str(column["name"]) for column in inspector.get_columns(table))
        for table in tables
    }
    application_id = None
    if connection.dialect.name == "sqlite":
        application_id = int(connection.exec_driver_sql("PRAGMA application_id").scalar_one())
    revision = _stamped_revision(connection, set(tables))
    return DatabaseSchema(application_id, revision, columns)


def _stamped_revision(connection: Connection, tables: set[str]) -> str | None:
    """The revision Alembic stamped in ``alembic_version`` (None for an empty database)."""
    if "alembic_version" not in tables:
        return None
    stamped = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(stamped) > 1:
        raise _ambiguous_revision()
    return str(stamped[0]) if stamped else None


def _ambiguous_revision() -> DatabaseOpenError:
    return DatabaseOpenError(
        "This library's schema version is ambiguous (several revisions stamped); it was left "
        "untouched."
    )


def check_is_watchlist_library(schema: DatabaseSchema, where: str) -> None:
    """Refuse a database that is not a Watchlist library (``identity.foreign_reason``)."""
    reason = foreign_reason(schema)
    if reason is not None:
        raise ForeignDatabaseError(
            f"{where} is not a Watchlist library: {reason}. It was left untouched. Choose "
            "another database or data folder."
        )


def check_not_newer(current: str | None) -> None:
    if current is not None and current not in known_revisions():
        raise DatabaseOpenError(
            f"This library was written by a newer version of Watchlist (schema {current}); "
            "it was left untouched. Update Watchlist to open it."
        )


def upgrade_schema(engine: Engine) -> None:
    """Run every pending migration in one transaction on the app's own engine.

    On SQLite the transaction takes the write lock first (BEGIN IMMEDIATE): a second process
    opening a new library at the same moment waits, then finds the schema current.
    """
    from alembic import command

    config = alembic_config()
    writer = engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
    with writer.begin() as connection:
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
            except DBAPIError as error:
                failure = library_error_for(error, engine.url)
                raise DatabaseOpenError(
                    f"The library's schema could not be upgraded, so nothing was changed: {failure}"
                ) from error
    except BaseException:
        engine.dispose()
        raise
    return engine
