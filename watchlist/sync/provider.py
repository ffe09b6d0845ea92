"""What Watchlist needs from a show catalogue, as a Protocol, and the small results it returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from watchlist.core.records import ShowRecord
from watchlist.core.status import ShowStatus


class UpdatePeriod(StrEnum):
    """How far back a "which shows changed" question reaches (TVmaze's ``since``)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def length(self) -> timedelta:
        return _PERIOD_LENGTHS[self]

    @classmethod
    def covering(cls, elapsed: timedelta) -> UpdatePeriod | None:
        """The shortest period that reaches back ``elapsed``; None when only the full map does."""
        for period in (cls.DAY, cls.WEEK, cls.MONTH):
            if elapsed <= period.length:
                return period
        return None


# "month" is taken as four weeks, so a sync 29-31 days later asks for the full map rather
# than risk missing a change.
_PERIOD_LENGTHS = {
    UpdatePeriod.DAY: timedelta(days=1),
    UpdatePeriod.WEEK: timedelta(days=7),
    UpdatePeriod.MONTH: timedelta(days=28),
}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One show found by a search, enough to choose it from a list."""

    provider_id: int
    title: str
    year: int | None
    network: str | None
    status: ShowStatus
    poster_url: str | None  # a small (medium) image
    summary: str  # plain text
    premiered: date | None = None
    language: str | None = None
    genres: tuple[str, ...] = ()
    score: float | None = None

    @property
    def status_label(self) -> str:
        return self.status.label


class Provider(Protocol):
    """A show catalogue: search, one show in full, and which shows changed lately."""

    name: str

    @property
    def requests_made(self) -> int:
        """HTTP requests made so far (for reports and benchmarks)."""
        ...

    def search(self, query: str) -> list[SearchResult]:
        """Shows whose title matches ``query``, best match first."""
        ...

    def fetch_show(self, provider_id: int) -> ShowRecord:
        """A show with its seasons, episodes and next episode; ShowGoneError if it is gone."""
        ...

    def changed_since(self, period: UpdatePeriod | None) -> dict[int, int]:
        """Provider id -> unix time of its last change, for shows changed within ``period``.

        ``None`` asks for every show the provider has.
        """
        ...

    def lookup(self, *, imdb: str | None = None, thetvdb: int | None = None) -> ShowRecord | None:
        """The show with that IMDb or TheTVDB id (without seasons), or None if unknown."""
        ...

    def close(self) -> None: ...
