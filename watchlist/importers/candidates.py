"""What an export from another tracker says about a show, in Watchlist's terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import ExternalIds
from watchlist.core.status import WatchStatus
from watchlist.store.limits import MAX_DATABASE_INTEGER

_TRAILING_YEAR = re.compile(r"^(?P<title>.+?)\s*\((?P<year>(?:19|20|21)\d\d)\)$")
_IMDB_ID = re.compile(r"tt\d{1,10}")


class ImportSource(StrEnum):
    """The trackers Watchlist imports from."""

    TVTIME = "tvtime"
    TRAKT = "trakt"
    IMDB = "imdb"

    @property
    def label(self) -> str:
        return _SOURCE_LABELS[self]


_SOURCE_LABELS = {
    ImportSource.TVTIME: "TV Time",
    ImportSource.TRAKT: "Trakt",
    ImportSource.IMDB: "IMDb",
}


@dataclass(frozen=True, slots=True)
class ImportedNoteText:
    """A note or comment the user wrote in the other tracker."""

    body: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ImportCandidate:
    """One show found in an export: how to find it, and what the user did with it there."""

    title: str
    year: int | None = None
    imdb: str | None = None
    thetvdb: int | None = None
    watch_status: WatchStatus | None = None  # a hint; None leaves Watchlist's default
    watched: tuple[EpisodeReference, ...] = ()  # regular episodes, in order
    rating: int | None = None  # 1-10
    notes: tuple[ImportedNoteText, ...] = ()

    @property
    def external_ids(self) -> ExternalIds:
        return ExternalIds(imdb=self.imdb, thetvdb=self.thetvdb)

    @property
    def label(self) -> str:
        """ "Doctor Who (2005)"."""
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """A row of the export that is not a show Watchlist can follow, and why."""

    title: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedExport:
    """Everything read from one export, before matching."""

    source: ImportSource
    candidates: tuple[ImportCandidate, ...]
    skipped: tuple[SkippedEntry, ...] = ()


def split_title_year(text: str) -> tuple[str, int | None]:
    """ "Doctor Who (2005)" -> ("Doctor Who", 2005); a title without a year is kept whole."""
    title = " ".join(text.split())
    match = _TRAILING_YEAR.match(title)
    if match:
        return match["title"], int(match["year"])
    return title, None


def clean_imdb_id(text: str | None) -> str | None:
    """ "tt0903747" from an IMDb id or URL; None when there is none."""
    if not text:
        return None
    match = _IMDB_ID.search(text.strip())
    return match[0] if match else None


def positive_int(text: str | int | None) -> int | None:
    """A positive whole number from a cell ("123", 123, "123.0"); None otherwise."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return _stored(text)
    value = text.strip()
    if value.endswith(".0"):
        value = value[:-2]
    if not value.isdigit() or len(value) > 12:
        return None
    return _stored(int(value))


def _stored(number: int) -> int | None:
    """A positive number every database can store as an id; None otherwise."""
    return number if 0 < number <= MAX_DATABASE_INTEGER else None


@dataclass(slots=True)
class CandidateBuilder:
    """Collects what several files of one export say about the same show."""

    title: str
    year: int | None = None
    imdb: str | None = None
    thetvdb: int | None = None
    statuses: set[WatchStatus] = field(default_factory=set)
    watched: set[EpisodeReference] = field(default_factory=set)
    rating: int | None = None
    notes: list[ImportedNoteText] = field(default_factory=list)

    def build(self) -> ImportCandidate:
        return ImportCandidate(
            title=self.title,
            year=self.year,
            imdb=self.imdb,
            thetvdb=self.thetvdb,
            watch_status=_strongest(self.statuses, has_watched=bool(self.watched)),
            watched=tuple(sorted(self.watched)),
            rating=self.rating,
            notes=tuple(self.notes),
        )


# When files disagree, a stated end (dropped, completed) wins over watching, and anything the
# user watched wins over "plan to watch".
_STATUS_STRENGTH = (
    WatchStatus.DROPPED,
    WatchStatus.COMPLETED,
    WatchStatus.ON_HOLD,
    WatchStatus.WATCHING,
    WatchStatus.PLAN_TO_WATCH,
)


def _strongest(statuses: set[WatchStatus], *, has_watched: bool) -> WatchStatus | None:
    if has_watched:
        statuses = (statuses - {WatchStatus.PLAN_TO_WATCH}) | {WatchStatus.WATCHING}
    for status in _STATUS_STRENGTH:
        if status in statuses:
            return status
    return None


class CandidateIndex:
    """Builders keyed by the show's ids (or, failing those, its title and year)."""

    def __init__(self) -> None:
        self._by_key: dict[str, CandidateBuilder] = {}
        self._order: list[CandidateBuilder] = []

    def get(
        self,
        title: str,
        *,
        year: int | None = None,
        imdb: str | None = None,
        thetvdb: int | None = None,
    ) -> CandidateBuilder:
        """The builder for this show, created on first sight; ids learnt later are kept."""
        keys = [
            f"imdb:{imdb}" if imdb else "",
            f"tvdb:{thetvdb}" if thetvdb else "",
            f"title:{title.casefold()}:{year or ''}",
        ]
        builder = next((self._by_key[key] for key in keys if key in self._by_key), None)
        if builder is None:
            builder = CandidateBuilder(title=title, year=year)
            self._order.append(builder)
        builder.year = builder.year or year
        builder.imdb = builder.imdb or imdb
        builder.thetvdb = builder.thetvdb or thetvdb
        for key in keys:
            if key:
                self._by_key.setdefault(key, builder)
        return builder

    def build(self) -> tuple[ImportCandidate, ...]:
        return tuple(builder.build() for builder in self._order)
