"""The full-text index of notes on SQLite: FTS5, kept in step with ``notes`` by triggers.

Migration 0003 creates ``notes_fts`` (external content: the text stays in ``notes``; the index
holds words and row ids) and the triggers that keep it in step with every insert, edit and
delete of a note, including the notes a show removal takes with it. Its tokenizer (unicode61,
diacritics removed) makes a search ignore case and accents.

A search is one FTS5 phrase, the last word a prefix: "rooft" finds "rooftop", "season 2 fin"
finds "Season 2 finale". The text goes in as a string literal, so quotes, ``*``, ``-``, ``:``
and other query syntax are only ever characters. What the index cannot answer well is scanned
with LIKE: searches shorter than three characters or with no letter or digit, databases without
the index (PostgreSQL; an SQLite built without FTS5), and, when the index finds nothing, the
same text again, so that a fragment from inside a word ("oftop") or from a language written
without spaces is still found.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, column, literal_column, select, table, text
from sqlalchemy.orm import Session

from watchlist.store.models import Note

NOTE_SEARCH_TABLE = "notes_fts"
# Shorter searches match so many words by prefix that a scan is as quick and simpler.
MIN_INDEXED_LENGTH = 3

_NOTE_SEARCH = table(NOTE_SEARCH_TABLE, column("rowid"))
_IS_PRESENT = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name")


def is_note_search_table(name: str) -> bool:
    """Whether a table is the index or one of the tables FTS5 keeps for it."""
    return name == NOTE_SEARCH_TABLE or name.startswith(NOTE_SEARCH_TABLE + "_")


def fts_prefix_phrase(needle: str) -> str:
    """``needle`` as one FTS5 phrase whose last word is a prefix; a string literal, so no
    character of it is query syntax."""
    return '"' + needle.replace('"', '""') + '"*'


def has_note_search(session: Session) -> bool:
    """Whether this database has the full-text index (SQLite with FTS5, revision 0003 on)."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    return session.execute(_IS_PRESENT, {"name": NOTE_SEARCH_TABLE}).first() is not None


def note_search_condition(session: Session, needle: str) -> ColumnElement[bool] | None:
    """A condition on ``Note`` that the index answers, or None when a scan must do."""
    if (
        len(needle) < MIN_INDEXED_LENGTH
        or not any(character.isalnum() for character in needle)
        or "\x00" in needle
        or not has_note_search(session)
    ):
        return None
    matching = select(_NOTE_SEARCH.c.rowid).where(
        literal_column(NOTE_SEARCH_TABLE).op("MATCH")(fts_prefix_phrase(needle))
    )
    return Note.id.in_(matching)


def compared_with_models(name: str | None, kind: str, _parents: object) -> bool:
    """Alembic's ``include_name`` hook: leave the index out of schema comparisons.

    The models do not describe it (SQLAlchemy has no FTS5 virtual tables), and it exists on
    SQLite only.
    """
    return not (kind == "table" and name is not None and is_note_search_table(name))
