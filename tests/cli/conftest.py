"""Command-line fixtures: on the PostgreSQL backend, commands reach it through the environment."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def cli_database(backend: str, database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point ``watchlist`` at the test's database, as a user of a database server would."""
    if backend == "postgresql":
        monkeypatch.setenv("WATCHLIST_DATABASE_URL", database_url)
    return database_url
