"""A Watchlist library is recognised by its mark or its exact schema; nothing else is touched.

Another program's Alembic database stamped "0001".."0004" (Watchlist's own revision ids) used to
be taken for a library: switched to WAL, backed up, and at "0004" crashed every command.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from tests.store.damage import damage_a_notes_page, digest, library_with_notes
from watchlist.config import settings_from_environment
from watchlist.launch import open_library
from watchlist.store.backup import check_restorable, list_backups, restore_backup
from watchlist.store.database import (
    alembic_config,
    create_library_engine,
    head_revision,
    read_schema,
)
from watchlist.store.errors import DatabaseOpenError, ForeignDatabaseError
from watchlist.store.identity import (
    APPLICATION_ID,
    UNMARKED_SCHEMAS,
    DatabaseSchema,
    foreign_reason,
)
from watchlist.store.library import Library, NewShow

DATABASES = Path(__file__).parent.parent / "fixtures" / "databases"
REVISIONS = sorted(UNMARKED_SCHEMAS)


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def foreign_alembic_database(path: Path, revision: str, *, wal: bool = False) -> None:
    """A concert-booking app's database, managed by Alembic and stamped ``revision``.

    It even has a ``shows`` table (of concerts), with columns of its own.
    """
    connection = sqlite3.connect(path)
    try:
        if wal:
            connection.execute("PRAGMA journal_mode = WAL")
        connection.executescript(
            """
            CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);
            CREATE TABLE shows (id INTEGER PRIMARY KEY, name TEXT, venue TEXT, starts_at TEXT);
            CREATE TABLE tickets (id INTEGER PRIMARY KEY, show_id INTEGER, seat TEXT);
            INSERT INTO shows VALUES (1, 'Nils Frahm', 'Barbican', '2026-03-01 20:00');
            INSERT INTO tickets VALUES (1, 1, 'B12');
            """
        )
        connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        connection.commit()
    finally:
        connection.close()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def application_id(path: Path) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute("PRAGMA application_id").fetchone()[0])
    finally:
        connection.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback journal", "WAL"])
@pytest.mark.parametrize("revision", REVISIONS)
def test_another_programs_alembic_database_with_our_revision_ids_is_refused_untouched(
    data_dir: Path, revision: str, wal: bool
) -> None:
    path = data_dir / "library.sqlite3"
    data_dir.mkdir(parents=True)
    foreign_alembic_database(path, revision, wal=wal)
    before = digest(path)
    with pytest.raises(ForeignDatabaseError) as refused:
        open_library(settings_from_environment())
    message = str(refused.value)
    assert f"{path} is not a Watchlist library" in message
    assert "left untouched" in message and "\n" not in message
    assert digest(path) == before
    assert side_files(path) == []  # no write-ahead log or shared memory left beside it
    assert not (data_dir / "backups").exists()  # nothing was backed up either


@pytest.mark.parametrize("revision", REVISIONS)
def test_a_library_from_before_the_mark_is_recognised_by_its_schema_and_marked_on_upgrade(
    tmp_path: Path, revision: str
) -> None:
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATABASES / f"library-{revision}.sqlite3", path)
    assert application_id(path) == 0
    with Library.open(url(path)) as library:
        assert library.find_show("All of Us Are Dead").title == "All of Us Are Dead"
    assert application_id(path) == APPLICATION_ID


def test_a_new_library_carries_watchlists_application_id(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Library.open(url(path)).close()
    assert application_id(path) == APPLICATION_ID


def test_a_database_marked_by_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Library.open(url(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 1196444237")  # GeoPackage's "GPKG"
    before = digest(path)
    with pytest.raises(ForeignDatabaseError, match="another program"):
        Library.open(url(path))
    assert digest(path) == before


def test_a_current_library_that_lost_its_mark_still_opens(tmp_path: Path) -> None:
    """A library copied with ``.dump``/``.recover`` loses its header; its tables still say it."""
    path = tmp_path / "library.sqlite3"
    with Library.open(url(path)) as library:
        library.add_show(NewShow(title="Dark"))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 0")
    with Library.open(url(path)) as library:
        assert library.find_show("Dark").title == "Dark"


def test_an_old_library_with_a_table_of_someone_elses_is_not_taken_for_one(
    tmp_path: Path,
) -> None:
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATABASES / "library-0002.sqlite3", path)
    with sqlite3.connect(path) as connection:
        connection.execute("ALTER TABLE shows ADD COLUMN venue TEXT")
    before = digest(path)
    with pytest.raises(ForeignDatabaseError, match="not the ones Watchlist had"):
        Library.open(url(path))
    assert digest(path) == before


def test_an_unknown_revision_without_our_tables_is_foreign_not_newer(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    foreign_alembic_database(path, "ae1027a6acf")
    with pytest.raises(ForeignDatabaseError, match="does not hold Watchlist's tables"):
        Library.open(url(path))


def test_an_unknown_revision_with_our_tables_is_a_newer_watchlist(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Library.open(url(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    with pytest.raises(DatabaseOpenError, match="newer version of Watchlist"):
        Library.open(url(path))


def test_restore_refuses_another_programs_database_before_replacing_anything(
    data_dir: Path,
) -> None:
    library_path = data_dir / "library.sqlite3"
    with Library.open(url(library_path)) as library:
        library.add_show(NewShow(title="Dark"))
    candidate = data_dir / "backups" / "library-manual-20260101T000000Z.sqlite3"
    candidate.parent.mkdir()
    foreign_alembic_database(candidate, "0004")
    before, candidate_before = digest(library_path), digest(candidate)
    with pytest.raises(ForeignDatabaseError, match="not a Watchlist library"):
        check_restorable(candidate, library_path)
    with pytest.raises(ForeignDatabaseError):
        restore_backup(candidate, library_path, data_dir / "backups")
    assert digest(library_path) == before and digest(candidate) == candidate_before
    assert [backup.path for backup in list_backups(data_dir / "backups")] == [candidate]
    assert side_files(candidate) == []


@pytest.fixture
def empty_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    if backend == "sqlite":
        yield url(tmp_path / "library.sqlite3")
        return
    with request.getfixturevalue("postgres_cluster").empty_database() as database_url:
        yield database_url


def test_each_unmarked_schema_is_what_the_migrations_built(empty_database_url: str) -> None:
    """The frozen table of old schemas matches the migrations, on SQLite and PostgreSQL."""
    engine = create_library_engine(empty_database_url)
    try:
        for revision in REVISIONS:
            config = alembic_config()
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            with engine.connect() as connection:
                schema = read_schema(connection)
            assert schema.revision == revision
            assert dict(schema.columns) == UNMARKED_SCHEMAS[revision]
            assert schema.application_id in (0, None)  # no mark before 0005
    finally:
        engine.dispose()


def test_the_migrations_stamp_head_and_mark_the_library(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    with Library.open(url(path)) as library, library.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
    assert application_id(path) == APPLICATION_ID


def newer(path: Path) -> None:
    Library.open(url(path)).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()


def damaged(path: Path) -> None:
    library_with_notes(path)
    damage_a_notes_page(path)


@pytest.mark.parametrize("make", [newer, damaged])
def test_a_refused_library_in_wal_mode_is_left_without_side_files(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "library.sqlite3"
    make(path)
    assert side_files(path) == []
    before = digest(path)
    with pytest.raises(DatabaseOpenError):
        Library.open(url(path))
    assert side_files(path) == [] and digest(path) == before


def test_side_files_another_program_keeps_open_are_left_to_it(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    foreign_alembic_database(path, "0004", wal=True)
    holder = sqlite3.connect(path)  # the other program, still using its database
    try:
        holder.execute("INSERT INTO tickets VALUES (2, 1, 'B13')")
        holder.commit()
        assert side_files(path) == ["library.sqlite3-shm", "library.sqlite3-wal"]
        with pytest.raises(ForeignDatabaseError):
            Library.open(url(path))
        assert side_files(path) == ["library.sqlite3-shm", "library.sqlite3-wal"]
        assert holder.execute("SELECT count(*) FROM tickets").fetchone()[0] == 2
    finally:
        holder.close()


def test_on_a_database_server_other_tables_beside_an_old_library_are_allowed() -> None:
    """A PostgreSQL database (no application id) may hold other programs' tables as well."""
    columns = {**UNMARKED_SCHEMAS["0002"], "invoices": frozenset({"id", "total"})}
    assert foreign_reason(DatabaseSchema(None, "0002", columns)) is None
    assert foreign_reason(DatabaseSchema(0, "0002", columns)) is not None  # not in a file
    changed = {**columns, "shows": UNMARKED_SCHEMAS["0002"]["shows"] | {"venue"}}
    assert foreign_reason(DatabaseSchema(None, "0002", changed)) is not None
