"""Sync: the change log, the sync state table and shows gone from the provider.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "renewed",
                "ended",
                "season_announced",
                "season_dated",
                "gone",
                name="changekind",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("season_number", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_change_log_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_happened_at", ["happened_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_change_log_show_id"), ["show_id"], unique=False)

    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_state")),
    )

    # Adding a nullable column is a plain ALTER TABLE on SQLite; recreate="never" makes sure
    # batch mode never copies the shows table, whose notes must not be touched.
    with op.batch_alter_table("shows", schema=None, recreate="never") as batch_op:
        batch_op.add_column(
            sa.Column("provider_gone_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:

    with op.batch_alter_table("shows", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("provider_gone_at")

    op.drop_table("sync_state")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_change_log_show_id"))
        batch_op.drop_index("ix_change_log_happened_at")

    op.drop_table("change_log")
