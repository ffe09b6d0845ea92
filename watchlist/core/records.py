"""Provider-neutral records: what a provider (or an import file) says about a show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from watchlist.core.status import NetworkKind, ShowStatus


@dataclass(frozen=True, slots=True)
class ExternalIds:
    """Identifiers of a show in other catalogues."""

    tvmaze: int | None = None
    imdb: str | None = None
    thetvdb: int | None = None

    def as_dict(self) -> dict[str, int | str]:
        """The ids that are known, keyed by catalogue name."""
        pairs = {"tvmaze": self.tvmaze, "imdb": self.imdb, "thetvdb": self.thetvdb}
        return {key: value for key, value in pairs.items() if value is not None}


@dataclass(frozen=True, slots=True)
class SeasonRecord:
    """A season; one with no premiere date is an announced season."""

    number: int
    name: str = ""
    premiere_date: date | None = None
    end_date: date | None = None
    episode_count: int | None = None
    provider_id: int | None = None


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """An episode; ``number`` is None for specials."""

    season_number: int
    number: int | None
    title: str = ""
    airdate: date | None = None
    provider_id: int | None = None
    airstamp: datetime | None = None  # the exact air time, timezone-aware
    runtime: int | None = None  # minutes


@dataclass(frozen=True, slots=True)
class ShowRecord:
    """Everything a provider knows about a show, before it meets the user's library."""

    title: str
    external_ids: ExternalIds = field(default_factory=ExternalIds)
    network: str | None = None
    network_kind: NetworkKind | None = None
    country: str | None = None
    language: str | None = None
    genres: tuple[str, ...] = ()
    synopsis: str = ""
    synopsis_html: str = ""
    status: ShowStatus = ShowStatus.UNKNOWN
    premiered: date | None = None
    ended: date | None = None
    image_url: str | None = None
    provider_updated: int | None = None
    seasons: tuple[SeasonRecord, ...] = ()
    episodes: tuple[EpisodeRecord, ...] = ()
    next_episode: EpisodeRecord | None = None
