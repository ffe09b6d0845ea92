"""Opening libraries: new, older, newer, foreign, damaged and unwritable databases."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from watchlist.store.database import head_revision
from watchlist.store.errors import DatabaseOpenError
from watchlist.store.library import Library

DATABASES = Path(__file__).parent.parent / "fixtures" / "databases"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_new_library_is_created_at_head_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "library.sqlite3"
    with Library.open(url(path)) as library, library.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == head_revision()


@pytest.mark.parametrize("fixture", sorted(p.name for p in DATABASES.glob("library-*.sqlite3")))
def test_database_from_an_older_revision_upgrades_in_place_keeping_notes(
    tmp_path: Path, fixture: str
) -> None:
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATABASES / fixture, path)
    with Library.open(url(path)) as library:
        show = library.find_show("All of Us Are Dead")
        assert [note.body for note in library.notes(show.id)] == [
            "Binged all 12 episodes in three nights.",
            "Season 2 confirmed!",
        ]
        assert show.seasons[0].episode_count == 12
        with library.engine.connect() as connection:
            stamped = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert stamped.scalar() == head_revision()


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Library.open(url(path)).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="newer version of Watchlist"):
        Library.open(url(path))
    assert digest(path) == before


def test_file_that_is_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_text("shopping list: milk, eggs\n" * 100)
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="not an SQLite database"):
        Library.open(url(path))
    assert digest(path) == before


def test_damaged_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    Library.open(url(path)).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page after the header
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="damaged"):
        Library.open(url(path))
    assert digest(path) == before


def test_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = digest(path)
    with pytest.raises(DatabaseOpenError, match="did not create"):
        Library.open(url(path))
    assert digest(path) == before


def test_unwritable_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DatabaseOpenError, match="Cannot create the data folder"):
        Library.open(url(blocker / "library.sqlite3"))


def test_unknown_database_url_is_a_clear_error() -> None:
    with pytest.raises(DatabaseOpenError, match="Not a database URL"):
        Library.open("this is not a url")
