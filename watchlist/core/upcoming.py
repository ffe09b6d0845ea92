"""What is coming up for the shows a user follows: next episodes and next seasons, by date.

Pure functions over plain data: the store gathers each show's next episode and its next-season
estimate, ``upcoming_for_show`` turns them into items, ``sort_upcoming`` orders them by likely
date (confirmed before estimated on the same day), ``group_by_month`` makes the view's sections
and ``countdown`` says "in 12 days".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from watchlist.core.dates import MONTH_NAMES, format_window
from watchlist.core.estimate import Estimate, EstimateKind

DAYS_PER_MONTH = 30.44
DAYS_PER_YEAR = 365.25


class UpcomingKind(StrEnum):
    """An episode of a season under way, or the premiere of a season."""

    EPISODE = "episode"
    PREMIERE = "premiere"


class Certainty(StrEnum):
    """How sure a date is, surest first."""

    CONFIRMED = "confirmed"
    ANNOUNCED = "announced"
    ESTIMATED = "estimated"

    @property
    def rank(self) -> int:
        return _CERTAINTY_ORDER.index(self)


_CERTAINTY_ORDER = (Certainty.CONFIRMED, Certainty.ANNOUNCED, Certainty.ESTIMATED)
_CERTAINTY_OF_ESTIMATE = {
    EstimateKind.CONFIRMED: Certainty.CONFIRMED,
    EstimateKind.ANNOUNCED: Certainty.ANNOUNCED,
    EstimateKind.ESTIMATED: Certainty.ESTIMATED,
}


@dataclass(frozen=True, slots=True)
class FollowedShow:
    """The little about a show an upcoming item names."""

    id: int
    title: str
    network: str | None = None


@dataclass(frozen=True, slots=True)
class NextAiring:
    """A dated episode still to come (from the provider's or the user's episode list)."""

    season: int
    number: int
    title: str
    airdate: date


@dataclass(frozen=True, slots=True)
class UpcomingItem:
    """One thing to look forward to: a dated episode, or a season premiere sure or estimated."""

    show_id: int
    show_title: str
    network: str | None
    kind: UpcomingKind
    certainty: Certainty
    likely: date
    earliest: date
    latest: date
    season_number: int
    episode_number: int | None = None
    episode_title: str = ""
    reason: str = ""
    confidence: float = 1.0
    # The premiere assumes a renewal not yet announced; the chance of one, where known.
    conditional: bool = False
    renewal_chance: float | None = None

    @property
    def is_estimate(self) -> bool:
        """True unless the date is confirmed."""
        return self.certainty is not Certainty.CONFIRMED

    @property
    def window_label(self) -> str:
        """ "14 March 2026", or an estimate's window: "late 2026 or early 2027"."""
        return format_window(self.earliest, self.latest)

    @property
    def what(self) -> str:
        """ "Season 2 premiere", "S2E1 · Title" or "S1E3 · Title"."""
        if self.kind is UpcomingKind.PREMIERE and self.episode_number is None:
            return f"Season {self.season_number} premiere"
        episode = f"S{self.season_number}E{self.episode_number}"
        if self.kind is UpcomingKind.PREMIERE:
            episode = f"Season {self.season_number} premiere · {episode}"
        return f"{episode} · {self.episode_title}" if self.episode_title else episode

    def countdown(self, today: date) -> str:
        """ "in 12 days"; estimates say "in about 3 months"."""
        return countdown(self.likely, today, approximate=self.is_estimate)


@dataclass(frozen=True, slots=True)
class MonthGroup:
    """The items whose likely date falls in one month, for a section of the view."""

    year: int
    month: int
    items: tuple[UpcomingItem, ...]

    @property
    def label(self) -> str:
        """ "March 2026"."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"


def upcoming_for_show(
    show: FollowedShow, next_episode: NextAiring | None, estimate: Estimate, today: date
) -> list[UpcomingItem]:
    """A show's upcoming items: its next dated episode and its next season's premiere.

    A next episode that opens a season is that season's premiere, so the estimate for the same
    season is left out rather than shown twice.
    """
    items: list[UpcomingItem] = []
    if next_episode is not None and next_episode.airdate >= today:
        kind = UpcomingKind.PREMIERE if next_episode.number == 1 else UpcomingKind.EPISODE
        items.append(
            UpcomingItem(
                show_id=show.id,
                show_title=show.title,
                network=show.network,
                kind=kind,
                certainty=Certainty.CONFIRMED,
                likely=next_episode.airdate,
                earliest=next_episode.airdate,
                latest=next_episode.airdate,
                season_number=next_episode.season,
                episode_number=next_episode.number,
                episode_title=next_episode.title,
            )
        )
    certainty = _CERTAINTY_OF_ESTIMATE.get(estimate.kind)
    if (
        certainty is None
        or estimate.likely is None
        or estimate.earliest is None
        or estimate.latest is None
        or estimate.season_number is None
    ):
        return items
    opened = next_episode is not None and next_episode.number == 1
    if opened and next_episode is not None and next_episode.season == estimate.season_number:
        return items
    items.append(
        UpcomingItem(
            show_id=show.id,
            show_title=show.title,
            network=show.network,
            kind=UpcomingKind.PREMIERE,
            certainty=certainty,
            likely=estimate.likely,
            earliest=estimate.earliest,
            latest=estimate.latest,
            season_number=estimate.season_number,
            reason=estimate.reason,
            confidence=estimate.confidence,
            conditional=estimate.conditional,
            renewal_chance=estimate.renewal_chance,
        )
    )
    return items


def sort_key(item: UpcomingItem) -> tuple[date, int, str, int, int]:
    """By likely date; on the same day confirmed first, then by title, season and episode."""
    return (
        item.likely,
        item.certainty.rank,
        item.show_title.casefold(),
        item.season_number,
        item.episode_number or 0,
    )


def sort_upcoming(items: Iterable[UpcomingItem]) -> list[UpcomingItem]:
    return sorted(items, key=sort_key)


def group_by_month(items: Iterable[UpcomingItem]) -> list[MonthGroup]:
    """Sections by the month of each item's likely date, in date order."""
    groups: dict[tuple[int, int], list[UpcomingItem]] = {}
    for item in sort_upcoming(items):
        groups.setdefault((item.likely.year, item.likely.month), []).append(item)
    return [MonthGroup(year, month, tuple(found)) for (year, month), found in groups.items()]


def countdown(day: date, today: date, *, approximate: bool = False) -> str:
    """ "today", "tomorrow", "in 12 days", "in 3 months", "in 2 years" (or "3 days ago").

    Under two months it counts days; under two years, months; then years. ``approximate``
    adds "about" to the counts, for estimated dates.
    """
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1 and not approximate:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    about = "about " if approximate else ""
    span = abs(days)
    if span < 60:
        amount = f"{span} day{'s' if span != 1 else ''}"
    elif span < 730:
        months = round(span / DAYS_PER_MONTH)
        amount = f"{months} months"
    else:
        years = round(span / DAYS_PER_YEAR)
        amount = f"{years} years"
    return f"in {about}{amount}" if days > 0 else f"{amount} ago"
