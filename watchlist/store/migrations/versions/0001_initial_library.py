"""Initial library: shows, seasons, episodes and notes.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 23:25:29.639045
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "shows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("tvmaze_id", sa.Integer(), nullable=True),
        sa.Column("imdb_id", sa.String(length=20), nullable=True),
        sa.Column("thetvdb_id", sa.Integer(), nullable=True),
        sa.Column("network", sa.String(length=120), nullable=True),
        sa.Column(
            "network_kind",
            sa.Enum(
                "streaming", "cable", "broadcast", name="networkkind", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.Column("country", sa.String(length=80), nullable=True),
        sa.Column("language", sa.String(length=80), nullable=True),
        sa.Column("genres", sa.JSON(), nullable=False),
        sa.Column("synopsis", sa.Text(), nullable=False),
        sa.Column("synopsis_html", sa.Text(), nullable=False),
        sa.Column(
            "provider_status",
            sa.Enum(
                "running",
                "ended",
                "to_be_determined",
                "in_development",
                "unknown",
                name="showstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "renewal_status",
            sa.Enum(
                "renewed",
                "airing",
                "awaiting",
                "cancelled",
                "ended",
                "in_development",
                "unknown",
                name="renewalstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("renewal_announced_on", sa.Date(), nullable=True),
        sa.Column("next_season_expected", sa.String(length=100), nullable=True),
        sa.Column("premiered", sa.Date(), nullable=True),
        sa.Column("ended", sa.Date(), nullable=True),
        sa.Column("poster_url", sa.String(length=2000), nullable=True),
        sa.Column("poster_file", sa.String(length=255), nullable=True),
        sa.Column(
            "watch_status",
            sa.Enum(
                "watching",
                "plan_to_watch",
                "completed",
                "on_hold",
                "dropped",
                name="watchstatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("provider_updated", sa.Integer(), nullable=True),
        sa.Column("user_edited", sa.JSON(), nullable=False),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_shows_title_not_empty")),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 10)", name=op.f("ck_shows_rating_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shows")),
        sa.UniqueConstraint("imdb_id", name=op.f("uq_shows_imdb_id")),
        sa.UniqueConstraint("thetvdb_id", name=op.f("uq_shows_thetvdb_id")),
        sa.UniqueConstraint("tvmaze_id", name=op.f("uq_shows_tvmaze_id")),
    )
    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shows_title"), ["title"], unique=False)

    op.create_table(
        "episodes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("season_number", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("airdate", sa.Date(), nullable=True),
        sa.Column("watched", sa.Boolean(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_episodes_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episodes")),
        sa.UniqueConstraint(
            "show_id", "season_number", "number", name="uq_episodes_show_season_number"
        ),
    )
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.create_index("ix_episodes_show_airdate", ["show_id", "airdate"], unique=False)

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.CheckConstraint("length(body) > 0", name=op.f("ck_notes_body_not_empty")),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_notes_show_id_shows"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index("ix_notes_created", ["created_at"], unique=False)
        batch_op.create_index("ix_notes_show_created", ["show_id", "created_at"], unique=False)

    op.create_table(
        "seasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("show_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("premiere_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("episode_count", sa.Integer(), nullable=True),
        sa.Column("provider_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "episode_count IS NULL OR episode_count >= 0",
            name=op.f("ck_seasons_episode_count_not_negative"),
        ),
        sa.CheckConstraint("number >= 0", name=op.f("ck_seasons_number_not_negative")),
        sa.ForeignKeyConstraint(
            ["show_id"], ["shows.id"], name=op.f("fk_seasons_show_id_shows"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seasons")),
        sa.UniqueConstraint("show_id", "number", name="uq_seasons_show_number"),
    )
    with op.batch_alter_table("seasons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seasons_show_id"), ["show_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("seasons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seasons_show_id"))

    op.drop_table("seasons")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index("ix_notes_show_created")
        batch_op.drop_index("ix_notes_created")

    op.drop_table("notes")
    with op.batch_alter_table("episodes", schema=None) as batch_op:
        batch_op.drop_index("ix_episodes_show_airdate")

    op.drop_table("episodes")
    with op.batch_alter_table("shows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shows_title"))

    op.drop_table("shows")
