"""Note search: a full-text (FTS5) index of notes on SQLite, kept in step by triggers.

The index has external content: the text stays in ``notes`` only, the index holds words and
row ids; its tokenizer ignores case and accents (``watchlist.store.note_search`` queries it).
Triggers update it on every insert, edit and delete of a note (a show removal deletes its notes
row by row, so they leave the index too), and the upgrade indexes the notes a library already
has. A later migration that rebuilds the ``notes`` table (batch mode copying it) must
recreate these triggers.

Other databases (PostgreSQL) keep searching with ILIKE: nothing is created there. Neither is
anything on an SQLite built without FTS5: the search then scans, as before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 12:00:00.000000
"""

import logging
from collections.abc import Sequence

from alembic import op
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

CREATE_INDEX = (
    "CREATE VIRTUAL TABLE notes_fts USING fts5("
    "body, content='notes', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
)
TRIGGERS = (
    "CREATE TRIGGER notes_fts_after_insert AFTER INSERT ON notes BEGIN"
    " INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER notes_fts_after_delete AFTER DELETE ON notes BEGIN"
    " INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER notes_fts_after_update AFTER UPDATE OF body ON notes BEGIN"
    " INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', old.id, old.body);"
    " INSERT INTO notes_fts (rowid, body) VALUES (new.id, new.body); END",
)


def _fts5_available(bind: Connection) -> bool:
    """Whether this SQLite has FTS5, tried on a throwaway table."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(x)")
            bind.exec_driver_sql("DROP TABLE temp.fts5_probe")
    except OperationalError:
        return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if not _fts5_available(bind):
        log.warning("This SQLite has no FTS5; notes are searched by scanning them")
        return
    op.execute(CREATE_INDEX)
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO notes_fts (notes_fts) VALUES ('rebuild')")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for name in ("notes_fts_after_update", "notes_fts_after_delete", "notes_fts_after_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS notes_fts")
