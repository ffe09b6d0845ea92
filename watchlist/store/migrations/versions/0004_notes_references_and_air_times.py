"""Notes tied to a season or episode, pinned notes; episodes' exact air time and runtime.

Every new column is nullable or has a server default, so on SQLite each is a plain ALTER TABLE
ADD COLUMN: ``recreate="never"`` makes sure batch mode never copies ``notes`` (whose full-text
triggers from 0003 would be lost with a copy) or ``episodes``. PostgreSQL runs the same ALTERs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("notes", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("season_number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("episode_number", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("episodes", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("airstamp", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("runtime", sa.Integer(), nullable=True))


def downgrade() -> None:
    # Dropping a column needs SQLite 3.35 or later; batch mode would otherwise copy the table.
    with op.batch_alter_table("episodes", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("runtime")
        batch_op.drop_column("airstamp")
    with op.batch_alter_table("notes", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("pinned")
        batch_op.drop_column("episode_number")
        batch_op.drop_column("season_number")
