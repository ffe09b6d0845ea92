"""Everything a library holds, table by table, to prove a failed write changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from watchlist.store.library import Library
from watchlist.store.models import Base

Snapshot = dict[str, list[tuple[Any, ...]]]


def snapshot(library: Library) -> Snapshot:
    """Every row of every table of the models, in primary-key order."""
    tables: Snapshot = {}
    with library.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            statement = select(table).order_by(*table.primary_key.columns)
            tables[table.name] = [tuple(row) for row in connection.execute(statement)]
    return tables
