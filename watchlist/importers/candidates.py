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
_IMDB_ID = re.compile(r"tt\d{1,10}(?!\d)")  # longer runs of digits are no IMDb id
_SURROGATES = re.compile("[\ud800-\udfff]")


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
    """One show found in an export: how to find it, and what the user did with it there.

    ``title`` is empty when the export names the show only by its id (older TV Time exports):
    TVmaze gives the name, and ``label`` says which id it is meanwhile.
    """

    title: str
    year: int | None = None
    imdb: str | None = None
    thetvdb: int | None = None
    watch_status: WatchStatus | None = None  # a hint; None leaves Watchlist's default
    watched: tuple[EpisodeReference, ...] = ()  # regular episodes, in order
    rating: int | None = None  # 1-10
    notes: tuple[ImportedNoteText, ...] = ()
    # Plays the export counts without naming the episodes (Trakt's "noseasons" watched shows,
    # TV Time rows giving only an episode id): the show was watched, which episodes is unknown.
    unnamed_plays: int = 0
    lookup_title: str | None = None  # the title to search TVmaze for (IMDb's Original Title)

    @property
    def external_ids(self) -> ExternalIds:
        return ExternalIds(imdb=self.imdb, thetvdb=self.thetvdb)

    @property
    def has_name(self) -> bool:
        return bool(self.title)

    @property
    def label(self) -> str:
        """ "Doctor Who (2005)"; "TheTVDB show 362299" for a show the export does not name."""
        if not self.title:
            return f"TheTVDB show {self.thetvdb}" if self.thetvdb else "A show with no name"
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def episodes_unknown(self) -> bool:
        """The export says the show was watched but not which episodes."""
        return self.unnamed_plays > 0 and not self.watched


class SkipKind(StrEnum):
    """Why an entry of an export is not imported: movies are counted, the rest listed."""

    MOVIE = "movie"
    EPISODE = "episode"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """A row of the export that is not a show Watchlist can follow, and why."""

    title: str
    reason: str
    kind: SkipKind = SkipKind.OTHER


@dataclass(frozen=True, slots=True)
class ParsedExport:
    """Everything read from one export, before matching.

    ``notes`` are what the user should know about the reading itself, one sentence each: a
    file read as Windows-1252, rows that could not be read, shows named only by an id.
    """

    source: ImportSource
    candidates: tuple[ImportCandidate, ...]
    skipped: tuple[SkippedEntry, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def movies(self) -> int:
        """How many movies the export lists (Watchlist follows series only)."""
        return sum(1 for entry in self.skipped if entry.kind is SkipKind.MOVIE)

    @property
    def listed_skips(self) -> tuple[SkippedEntry, ...]:
        """The skipped entries worth naming one by one (not the movies)."""
        return tuple(entry for entry in self.skipped if entry.kind is not SkipKind.MOVIE)


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (from JSON's "\\ud800") replaced by U+FFFD, so it can be
    stored, printed and logged."""
    return _SURROGATES.sub("\ufffd", text)


def has_surrogates(text: str) -> bool:
    return _SURROGATES.search(text) is not None


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


def positive_int(text: object) -> int | None:
    """A positive whole number from a cell ("123", 123, "123.0"); None otherwise."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return _stored(text)
    if not isinstance(text, str):
        return None
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
    unnamed_plays: int = 0
    aired_episodes: int | None = None  # the export's count of the show's aired episodes
    lookup_title: str | None = None

    def build(self) -> ImportCandidate:
        statuses = set(self.statuses)
        if self.unnamed_plays and not self.watched:
            # Watched, but which episodes is unknown: all of them only if the plays cover
            # every aired episode (rewatches count as plays, so this can flatter; it never
            # says "plan to watch" of a show the user watched).
            aired = self.aired_episodes
            done = aired is not None and aired > 0 and self.unnamed_plays >= aired
            statuses.add(WatchStatus.COMPLETED if done else WatchStatus.WATCHING)
        return ImportCandidate(
            title=self.title,
            year=self.year,
            imdb=self.imdb,
            thetvdb=self.thetvdb,
            watch_status=strongest_status(statuses, has_watched=bool(self.watched)),
            watched=tuple(sorted(self.watched)),
            rating=self.rating,
            notes=tuple(self.notes),
            unnamed_plays=self.unnamed_plays,
            lookup_title=self.lookup_title if self.lookup_title != self.title else None,
        )

    def conflicts(self, *, imdb: str | None, thetvdb: int | None) -> bool:
        """True when an id says this is another show than the one built so far."""
        return bool(
            (imdb and self.imdb and imdb != self.imdb)
            or (thetvdb and self.thetvdb and thetvdb != self.thetvdb)
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


def strongest_status(statuses: set[WatchStatus], *, has_watched: bool) -> WatchStatus | None:
    """The status several statements about a show add up to (see ``_STATUS_STRENGTH``)."""
    if has_watched:
        statuses = (statuses - {WatchStatus.PLAN_TO_WATCH}) | {WatchStatus.WATCHING}
    for status in _STATUS_STRENGTH:
        if status in statuses:
            return status
    return None


class CandidateIndex:
    """Builders keyed by the show's ids, or failing those by its title and year.

    Two rows with the same title but different ids are two shows (TV Time's "Prison Break"
    under two TheTVDB ids); a row without ids joins the first show of that title.
    """

    def __init__(self) -> None:
        self._by_id: dict[str, CandidateBuilder] = {}
        self._by_title: dict[str, list[CandidateBuilder]] = {}
        self._order: list[CandidateBuilder] = []

    def get(
        self,
        title: str,
        *,
        year: int | None = None,
        imdb: str | None = None,
        thetvdb: int | None = None,
    ) -> CandidateBuilder:
        """The builder for this show, created on first sight; ids and names learnt later are
        kept. ``title`` may be empty when the row names the show only by its id."""
        id_keys = [key for key in (f"imdb:{imdb}" if imdb else "",
                                   f"tvdb:{thetvdb}" if thetvdb else "") if key]  # fmt: skip
        title_key = f"{title.casefold()}:{year or ''}" if title else ""
        builder = next((self._by_id[key] for key in id_keys if key in self._by_id), None)
        if builder is None and title_key:
            builder = next(
                (
                    known
                    for known in self._by_title.get(title_key, ())
                    if not known.conflicts(imdb=imdb, thetvdb=thetvdb)
                ),
                None,
            )
        if builder is None:
            builder = CandidateBuilder(title=title, year=year)
            self._order.append(builder)
        if title and not builder.title:  # a name for a show first seen by its id only
            builder.title = title
        builder.year = builder.year or year
        builder.imdb = builder.imdb or imdb
        builder.thetvdb = builder.thetvdb or thetvdb
        for key in id_keys:
            self._by_id.setdefault(key, builder)
        if title_key and builder not in self._by_title.get(title_key, ()):
            self._by_title.setdefault(title_key, []).append(builder)
        return builder

    def build(self) -> tuple[ImportCandidate, ...]:
        return tuple(builder.build() for builder in self._order)
