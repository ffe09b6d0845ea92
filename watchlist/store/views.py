"""Frozen, session-free views of library data: what the UI and the command line work with.

They carry ids, never ORM objects, so they can cross threads and outlive any session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from watchlist.core.changes import ChangeKind
from watchlist.core.episodes import EpisodeReference, reference_or_none
from watchlist.core.records import ExternalIds
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus


class EditableField(StrEnum):
    """Fields a user may override; once edited, sync never changes them."""

    TITLE = "title"
    NETWORK = "network"
    COUNTRY = "country"
    LANGUAGE = "language"
    GENRES = "genres"
    SYNOPSIS = "synopsis"
    PREMIERED = "premiered"
    RENEWAL = "renewal"
    NEXT_SEASON_EXPECTED = "next_season_expected"
    WATCH_STATUS = "watch_status"
    RATING = "rating"


def season_edit_key(number: int) -> str:
    """The ``user_edited`` entry recording that the user set season ``number`` by hand."""
    return f"season:{number}"


@dataclass(frozen=True, slots=True)
class SeasonView:
    number: int
    name: str
    premiere_date: date | None
    end_date: date | None
    episode_count: int | None

    @property
    def is_announced(self) -> bool:
        """A season with no premiere date yet."""
        return self.premiere_date is None


@dataclass(frozen=True, slots=True)
class EpisodeView:
    id: int
    season_number: int
    number: int | None
    title: str
    airdate: date | None
    watched: bool


@dataclass(frozen=True, slots=True)
class NoteView:
    id: int
    show_id: int
    show_title: str
    created_at: datetime
    updated_at: datetime | None
    body: str
    season_number: int | None = None  # what the note is about: a season, or with
    episode_number: int | None = None  # episode_number an episode; None: the whole show
    pinned: bool = False

    @property
    def reference(self) -> EpisodeReference | None:
        """The season or episode the note is about, if any."""
        return reference_or_none(self.season_number, self.episode_number)

    @property
    def reference_label(self) -> str:
        """ "S1E3", "S2" or ""."""
        reference = self.reference
        return reference.label if reference else ""


@dataclass(frozen=True, slots=True)
class ShowSummary:
    """One row of the show list."""

    id: int
    title: str
    network: str | None
    network_kind: NetworkKind | None
    genres: tuple[str, ...]
    provider_status: ShowStatus
    renewal_status: RenewalStatus
    renewal_announced_on: date | None
    watch_status: WatchStatus
    rating: int | None
    premiered: date | None
    next_season_expected: str | None
    season_premieres: tuple[date | None, ...]  # seasons 1, 2, ...; None when announced
    note_count: int
    # The first aired episode not yet watched. ``list_shows`` leaves it None; the list's loader
    # fills it from ``store.progress.next_to_watch`` (one query for every show).
    next_to_watch: EpisodeReference | None = None


@dataclass(frozen=True, slots=True)
class ShowDetail:
    """Everything the detail pane and ``watchlist show`` need about one show."""

    id: int
    title: str
    external_ids: ExternalIds
    network: str | None
    network_kind: NetworkKind | None
    country: str | None
    language: str | None
    genres: tuple[str, ...]
    synopsis: str
    synopsis_html: str
    provider_status: ShowStatus
    renewal_status: RenewalStatus
    renewal_announced_on: date | None
    next_season_expected: str | None
    premiered: date | None
    ended: date | None
    poster_url: str | None
    poster_file: str | None
    watch_status: WatchStatus
    rating: int | None
    added_at: datetime
    updated_at: datetime
    last_synced_at: datetime | None
    user_edited: frozenset[str]
    seasons: tuple[SeasonView, ...] = ()
    note_count: int = 0
    provider_gone_at: datetime | None = None  # when TVmaze stopped knowing the show, if it did

    @property
    def aired_seasons(self) -> tuple[SeasonView, ...]:
        return tuple(season for season in self.seasons if season.premiere_date is not None)

    def is_user_edited(self, name: str) -> bool:
        return name in self.user_edited


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One entry of the change log: news a sync found about a show."""

    id: int
    show_id: int
    show_title: str
    happened_at: datetime
    kind: ChangeKind
    season_number: int | None
    summary: str


@dataclass(frozen=True, slots=True)
class RemovedShow:
    """What a removal took with it, for the confirmation and the report."""

    id: int
    title: str
    note_count: int


@dataclass(frozen=True, slots=True)
class ShowQuery:
    """Filters for listing shows; empty means everything."""

    text: str = ""
    watch_statuses: frozenset[WatchStatus] = field(default_factory=frozenset)
    renewal_statuses: frozenset[RenewalStatus] = field(default_factory=frozenset)
