"""Mark the library as Watchlist's: SQLite's ``application_id`` header field.

Libraries from before this revision are recognised by their exact schema
(``watchlist.store.identity``); from here on, the mark says it, so another program's database
stamped with the same Alembic revision ids is never taken for a library. PostgreSQL has no such
field: nothing to do there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# "WTLS" in ASCII; the same number as watchlist.store.identity.APPLICATION_ID, copied so this
# migration keeps writing what it wrote whatever later code does.
WATCHLIST_APPLICATION_ID = 0x5754_4C53


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {WATCHLIST_APPLICATION_ID}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
