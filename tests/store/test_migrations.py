"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from watchlist.store.library import Library
from watchlist.store.models import Base


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    with (
        Library.open(f"sqlite:///{tmp_path / 'library.sqlite3'}") as library,
        library.engine.connect() as connection,
    ):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
