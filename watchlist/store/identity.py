"""What makes a database a Watchlist library, judged before anything is written to it.

From revision 0005 on, a library on SQLite carries Watchlist's ``application_id`` in its header
(migration 0005 writes it, in the same transaction as every other upgrade step). Libraries
written before carry none, and an Alembic revision such as "0004" says nothing on its own:
another program may stamp the same ids. Those are recognised by their schema instead: the
tables and columns Watchlist had at the stamped revision, exactly. A database that is neither is
refused before a byte of it changes. PostgreSQL has no application id, so the schema decides
there too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# "WTLS" in ASCII. Written by migration 0005, which keeps its own copy of the number.
APPLICATION_ID = 0x5754_4C53


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SHOWS_0001 = _names(
    "id title tvmaze_id imdb_id thetvdb_id network network_kind country language genres synopsis "
    "synopsis_html provider_status renewal_status renewal_announced_on next_season_expected "
    "premiered ended poster_url poster_file watch_status rating added_at updated_at "
    "last_synced_at provider_updated user_edited"
)
_SEASONS = _names("id show_id number name premiere_date end_date episode_count provider_id")
_EPISODES_0001 = _names("id show_id season_number number title airdate watched provider_id")
_NOTES_0001 = _names("id show_id created_at updated_at body")
_VERSION = frozenset({"version_num"})
_SCHEMA_0001 = {
    "alembic_version": _VERSION,
    "shows": _SHOWS_0001,
    "seasons": _SEASONS,
    "episodes": _EPISODES_0001,
    "notes": _NOTES_0001,
}
_SCHEMA_0002 = {
    **_SCHEMA_0001,
    "shows": _SHOWS_0001 | {"provider_gone_at"},
    "change_log": _names("id show_id happened_at kind season_number summary"),
    "sync_state": frozenset({"key", "value"}),
}
_SCHEMA_0004 = {
    **_SCHEMA_0002,
    "episodes": _EPISODES_0001 | {"airstamp", "runtime"},
    "notes": _NOTES_0001 | {"season_number", "episode_number", "pinned"},
}
# Tables and columns of every revision written before the application id, by revision; 0003
# added only the full-text index of notes, which is not compared (an SQLite without FTS5 has
# none). Frozen: these libraries exist on users' disks as they are.
UNMARKED_SCHEMAS: dict[str, dict[str, frozenset[str]]] = {
    "0001": _SCHEMA_0001,
    "0002": _SCHEMA_0002,
    "0003": _SCHEMA_0002,
    "0004": _SCHEMA_0004,
}
_LAST_UNMARKED = _SCHEMA_0004


def is_compared_table(name: str) -> bool:
    """Whether a table belongs to the schema compared: not SQLite's own, not the note index."""
    return not name.startswith(("sqlite_", "notes_fts"))


@dataclass(frozen=True, slots=True)
class DatabaseSchema:
    """What a database says about itself, read without writing anything."""

    application_id: int | None  # None where the database has none (PostgreSQL)
    revision: str | None
    columns: Mapping[str, frozenset[str]]  # compared tables (``is_compared_table``) only

    @property
    def tables(self) -> set[str]:
        return set(self.columns) - {"alembic_version"}


def foreign_reason(schema: DatabaseSchema) -> str | None:
    """Why a database is not a Watchlist library, or None when it is one (or is empty).

    A revision Watchlist does not know, on a database with Watchlist's tables, is a library
    from a newer Watchlist: that is ``database.check_not_newer``'s to say.
    """
    if schema.application_id not in (None, 0, APPLICATION_ID):
        return f"it belongs to another program (application id {schema.application_id:#010x})"
    if schema.application_id == APPLICATION_ID:
        return None
    if not schema.tables:
        if schema.revision is None:
            return None  # empty: a new library
        return f"it is stamped with schema revision {schema.revision!r} but holds no tables"
    if schema.revision is None:
        return "it holds tables Watchlist did not create"
    expected = UNMARKED_SCHEMAS.get(schema.revision)
    if expected is not None:
        found = dict(schema.columns)
        if schema.application_id is None:  # a server's database may hold others' tables too
            found = {table: columns for table, columns in found.items() if table in expected}
        if found == expected:
            return None
        return (
            f"it is stamped with schema revision {schema.revision!r}, but its tables are not "
            "the ones Watchlist had at that revision"
        )
    if all(
        columns <= schema.columns.get(table, frozenset())
        for table, columns in _LAST_UNMARKED.items()
    ):
        return None  # a later or newer revision of Watchlist's own tables
    return (
        f"it is stamped with schema revision {schema.revision!r}, but does not hold "
        "Watchlist's tables"
    )
