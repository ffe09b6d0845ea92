"""Writing a planned import: whole or not at all, without holding other writers off for long.

On SQLite one writer holds the library at a time, and others wait at most the busy timeout
(15 s): a single transaction writing a 140,000-show import took 20 s, so a note written
meanwhile failed. So on SQLite the rows are first staged, in chunks, in temporary tables of one
connection (SQLite keeps those in a database of that connection's own, so staging locks nothing
of the library), and then copied in by one short transaction of ``INSERT ... SELECT``: SQLite
copies rows without Python in between. The import is still whole or absent: a failure or a kill
before that transaction leaves only temporary tables, which go with the connection; the
transaction itself is all or nothing. Other writers wait only for it (see
docs/reliability.md for the figures).

PostgreSQL lets other writers go on beside a long transaction, so there the rows are written in
one transaction directly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from watchlist.store.database import BEGIN_MODE_OPTION, library_error_for
from watchlist.store.errors import LibraryError
from watchlist.store.library import Library, insert_returning_ids
from watchlist.store.models import Episode, Note, Season, Show, table_of

log = logging.getLogger(__name__)

# Rows staged per transaction: small enough to keep memory and each step short.
STAGING_CHUNK_ROWS = 20_000
NEW_SHOW = "new_show"  # a child row's show among the import's new shows (index into ``shows``)
_STAGED_KEY = "staged_key"
_STAGED_ROW = "staged_row"

Progress = Callable[[int, int], None]  # rows staged so far, rows in all


@dataclass(slots=True)
class ImportPlan:
    """The rows an import writes, worked out before anything is written.

    Each season, episode and note row has either a ``show_id`` of a show in the library or,
    for a show the import adds, ``show_id`` None and ``new_show``: its index in ``shows``.
    """

    shows: list[dict[str, Any]] = field(default_factory=list)
    seasons: list[dict[str, Any]] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)

    def children(self) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
        for model, rows in ((Season, self.seasons), (Episode, self.episodes), (Note, self.notes)):
            if rows:
                yield table_of(model), rows

    @property
    def row_count(self) -> int:
        return len(self.shows) + len(self.seasons) + len(self.episodes) + len(self.notes)


def write_in_session(session: Session, plan: ImportPlan) -> None:
    """Write ``plan`` inside the caller's transaction (PostgreSQL, or a small import)."""
    new_ids = insert_returning_ids(session, Show, plan.shows) if plan.shows else []
    for table, rows in plan.children():
        resolved = [_resolved(row, new_ids) for row in rows]
        session.execute(insert(table), resolved)


def _resolved(row: dict[str, Any], new_ids: Sequence[int]) -> dict[str, Any]:
    values = {key: value for key, value in row.items() if key != NEW_SHOW}
    if values["show_id"] is None:
        values["show_id"] = new_ids[row[NEW_SHOW]]
    return values


class StalePlanError(Exception):
    """The library changed between working out an import and copying it in: nothing was."""


def write_staged(
    library: Library,
    plan: ImportPlan,
    *,
    unchanged: Callable[[Connection], bool],
    chunk_rows: int = STAGING_CHUNK_ROWS,
    progress: Progress | None = None,
) -> None:
    """Stage ``plan`` in temporary tables in chunks, then copy it in with one transaction.

    ``unchanged`` is asked inside that transaction whether the library is still as the plan
    saw it; when not, nothing is written and ``StalePlanError`` is raised.
    """
    staging = _StagingTables(plan)
    try:
        with library.engine.connect() as connection:
            try:
                with connection.begin():
                    staging.metadata.create_all(connection)
                _stage(connection, staging, plan, chunk_rows, progress)
                writer = connection.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
                with writer.begin():
                    if not unchanged(writer):
                        raise StalePlanError
                    started = time.perf_counter()
                    _copy_in(writer, staging)
                log.info(
                    "Import: copied %d rows in from staging in %.2f s",
                    plan.row_count,
                    time.perf_counter() - started,
                )
            finally:
                _drop(connection, staging)
    except IntegrityError as error:
        raise LibraryError(
            "The library changed while the file was being imported (a show, season or episode "
            f"it holds was added or removed meanwhile: {error.orig}); nothing was imported. "
            "Import the file again."
        ) from error
    except DBAPIError as error:
        raise library_error_for(error, library.engine.url) from error


class _StagingTables:
    """Temporary tables shaped like the rows of a plan, with the types of the library's."""

    def __init__(self, plan: ImportPlan) -> None:
        self.metadata = MetaData()
        self.shows = self._table(table_of(Show), plan.shows[:1], key=_STAGED_KEY)
        self.children = [
            (target, self._table(target, rows[:1], key=_STAGED_ROW))
            for target, rows in plan.children()
        ]

    def _table(self, target: Table, sample: list[dict[str, Any]], *, key: str) -> Table:
        names = set(sample[0]) if sample else set()
        columns = [Column(c.name, c.type) for c in target.columns if c.name in names]
        if key == _STAGED_ROW:
            columns.append(Column(NEW_SHOW, Integer))
        return Table(
            f"watchlist_import_{target.name}",
            self.metadata,
            Column(key, Integer, primary_key=True),
            *columns,
            prefixes=["TEMPORARY"],
        )


def _stage(
    connection: Connection,
    staging: _StagingTables,
    plan: ImportPlan,
    chunk_rows: int,
    progress: Progress | None,
) -> None:
    """Fill the temporary tables, one short transaction per chunk; the library stays free."""
    total, done = plan.row_count, 0
    log.info("Import: staging %d rows", total)
    shows = [{**row, _STAGED_KEY: index + 1} for index, row in enumerate(plan.shows)]
    batches: list[tuple[Table, list[dict[str, Any]]]] = [(staging.shows, shows)]
    for (_target, staged), (_same_target, rows) in zip(
        staging.children, plan.children(), strict=True
    ):
        batches.append((staged, rows))
    for table, rows in batches:
        for start in range(0, len(rows), chunk_rows):
            chunk = rows[start : start + chunk_rows]
            if table is not staging.shows:
                chunk = [{NEW_SHOW: None, **row} for row in chunk]
            with connection.begin():
                connection.execute(insert(table), chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    log.info("Import: staged %d rows", done)


def _copy_in(connection: Connection, staging: _StagingTables) -> None:
    """Copy the staged rows into the library: new shows get the ids after the largest one."""
    shows = table_of(Show)
    base = connection.execute(select(func.coalesce(func.max(shows.c.id), 0))).scalar_one()
    staged = staging.shows
    show_columns = [column.name for column in staged.columns if column.name != _STAGED_KEY]
    connection.execute(
        insert(shows).from_select(
            ["id", *show_columns],
            select(literal(base) + staged.c[_STAGED_KEY], *(staged.c[n] for n in show_columns)),
        )
    )
    for target, table in staging.children:
        names = [c.name for c in table.columns if c.name not in (_STAGED_ROW, NEW_SHOW, "show_id")]
        show_id = func.coalesce(table.c.show_id, literal(base) + 1 + table.c[NEW_SHOW])
        connection.execute(
            insert(target).from_select(
                ["show_id", *names],
                select(show_id, *(table.c[n] for n in names)).order_by(table.c[_STAGED_ROW]),
            )
        )


def _drop(connection: Connection, staging: _StagingTables) -> None:
    """Drop the temporary tables: the connection goes back to the pool for other work."""
    try:
        if connection.in_transaction():
            connection.rollback()
        with connection.begin():
            staging.metadata.drop_all(connection)
    except DBAPIError:
        connection.invalidate()  # closing the connection drops them
