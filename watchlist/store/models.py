"""SQLAlchemy 2 typed models: Show, Season, Episode, Note, ChangeLogEntry, SyncState.

Only the library API (``watchlist.store.library``) and the migrations use these; the UI and the
command line see the frozen views in ``watchlist.store.views``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from watchlist.core.changes import ChangeKind
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus
from watchlist.store.limits import MAX_NETWORK_LENGTH, MAX_TITLE_LENGTH
from watchlist.store.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum_column(
    enum_type: type[ShowStatus | RenewalStatus | WatchStatus | NetworkKind | ChangeKind],
) -> Enum:
    """Store a StrEnum by its value, as a plain string column."""
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        validate_strings=True,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


def table_of(model: type[Base]) -> Table:
    """A mapped class's table, typed for Core statements (bulk inserts skip the ORM's batching)."""
    return cast(Table, model.__table__)


class Show(Base):
    __tablename__ = "shows"
    __table_args__ = (
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 10)", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH), index=True)
    tvmaze_id: Mapped[int | None] = mapped_column(unique=True)
    imdb_id: Mapped[str | None] = mapped_column(String(20), unique=True)
    thetvdb_id: Mapped[int | None] = mapped_column(unique=True)
    network: Mapped[str | None] = mapped_column(String(MAX_NETWORK_LENGTH))
    network_kind: Mapped[NetworkKind | None] = mapped_column(_enum_column(NetworkKind))
    country: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str | None] = mapped_column(String(80))
    genres: Mapped[list[str]] = mapped_column(JSON, default=list)
    synopsis: Mapped[str] = mapped_column(Text, default="")
    synopsis_html: Mapped[str] = mapped_column(Text, default="")
    provider_status: Mapped[ShowStatus] = mapped_column(
        _enum_column(ShowStatus), default=ShowStatus.UNKNOWN
    )
    renewal_status: Mapped[RenewalStatus] = mapped_column(
        _enum_column(RenewalStatus), default=RenewalStatus.UNKNOWN
    )
    renewal_announced_on: Mapped[date | None]
    next_season_expected: Mapped[str | None] = mapped_column(String(100))
    premiered: Mapped[date | None]
    ended: Mapped[date | None]
    poster_url: Mapped[str | None] = mapped_column(String(2000))
    poster_file: Mapped[str | None] = mapped_column(String(255))
    watch_status: Mapped[WatchStatus] = mapped_column(
        _enum_column(WatchStatus), default=WatchStatus.PLAN_TO_WATCH
    )
    rating: Mapped[int | None]
    added_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    last_synced_at: Mapped[datetime | None]
    provider_updated: Mapped[int | None]
    provider_gone_at: Mapped[datetime | None]
    user_edited: Mapped[list[str]] = mapped_column(JSON, default=list)

    seasons: Mapped[list[Season]] = relationship(
        back_populates="show",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Season.number",
    )
    episodes: Mapped[list[Episode]] = relationship(
        back_populates="show",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="[Episode.season_number, Episode.number]",
    )
    # Notes are never cascaded: the database refuses to delete a show that still has notes, so
    # only the explicit, confirmed removal in the library API can delete them.
    notes: Mapped[list[Note]] = relationship(
        back_populates="show", passive_deletes="all", order_by="Note.created_at"
    )


class Season(Base):
    __tablename__ = "seasons"
    __table_args__ = (
        UniqueConstraint("show_id", "number", name="uq_seasons_show_number"),
        CheckConstraint("number >= 0", name="number_not_negative"),
        CheckConstraint(
            "episode_count IS NULL OR episode_count >= 0", name="episode_count_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH), default="")
    premiere_date: Mapped[date | None]
    end_date: Mapped[date | None]
    episode_count: Mapped[int | None]
    provider_id: Mapped[int | None]

    show: Mapped[Show] = relationship(back_populates="seasons")


class Episode(Base):
    __tablename__ = "episodes"
    __table_args__ = (
        UniqueConstraint(
            "show_id", "season_number", "number", name="uq_episodes_show_season_number"
        ),
        Index("ix_episodes_show_airdate", "show_id", "airdate"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"))
    season_number: Mapped[int]
    number: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(MAX_TITLE_LENGTH), default="")
    airdate: Mapped[date | None]
    watched: Mapped[bool] = mapped_column(default=False)
    provider_id: Mapped[int | None]
    airstamp: Mapped[datetime | None]  # the exact air time, when the provider gives one
    runtime: Mapped[int | None]  # minutes

    show: Mapped[Show] = relationship(back_populates="episodes")


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        Index("ix_notes_show_created", "show_id", "created_at"),
        Index("ix_notes_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
    body: Mapped[str] = mapped_column(Text)
    # What the note is about: a season (episode_number None) or an episode; both None: the show.
    season_number: Mapped[int | None]
    episode_number: Mapped[int | None]
    pinned: Mapped[bool] = mapped_column(default=False, server_default=false())

    show: Mapped[Show] = relationship(back_populates="notes")


class ChangeLogEntry(Base):
    """One piece of news a sync found (renewed, ended, a season announced or dated, gone)."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_happened_at", "happened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    show_id: Mapped[int] = mapped_column(ForeignKey("shows.id", ondelete="CASCADE"), index=True)
    happened_at: Mapped[datetime]
    kind: Mapped[ChangeKind] = mapped_column(_enum_column(ChangeKind))
    season_number: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text)


class SyncState(Base):
    """Small facts about syncing kept between runs, by key (e.g. when the last sync finished)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
