"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from watchlist.store.database import alembic_config, create_library_engine, head_revision
from watchlist.store.library import Library
from watchlist.store.models import Base
from watchlist.store.note_search import compared_with_models


@pytest.fixture
def empty_database_url(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A database with no schema at all, so every migration runs."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.sqlite3'}"
        return
    with request.getfixturevalue("postgres_cluster").empty_database() as url:
        yield url


def test_migrated_schema_matches_the_models(empty_database_url: str) -> None:
    with Library.open(empty_database_url) as library, library.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": compared_with_models}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_from_the_first_revision_keeps_notes(empty_database_url: str) -> None:
    engine = create_library_engine(empty_database_url)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO shows (id, title, genres, synopsis, synopsis_html, provider_status,"
                " renewal_status, watch_status, added_at, updated_at, user_edited) VALUES"
                " (1, 'Dark', '[]', '', '', 'ended', 'ended', 'completed',"
                " '2023-01-02 10:00:00', '2023-01-02 10:00:00', '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO notes (show_id, created_at, body) VALUES"
                " (1, '2023-01-03 10:00:00', 'Kept through every migration')"
            )
        )
    engine.dispose()
    with Library.open(empty_database_url) as library:
        assert [note.body for note in library.notes()] == ["Kept through every migration"]
        with library.engine.connect() as connection:
            stamped = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert stamped.scalar() == head_revision()
