"""Episode references as people write them: "S1E3", "S01E03", "1x03", "S2" (a whole season)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchlist.core.errors import WatchlistError

MAX_SEASON_NUMBER = 1000
MAX_EPISODE_NUMBER = 10_000

ACCEPTED_REFERENCES = "S1E3, S01E03, 1x03, S2 or 'season 2'"

_PATTERNS = (
    re.compile(r"s(?:eason)?\s*(\d{1,4})\s*[.\-]?\s*e(?:p(?:isode)?)?\s*(\d{1,5})"),
    re.compile(r"(\d{1,4})\s*x\s*(\d{1,5})"),
    re.compile(r"s(?:eason)?\s*(\d{1,4})()"),
)


class EpisodeReferenceError(WatchlistError, ValueError):
    """Text that is not an episode or season reference Watchlist understands."""


@dataclass(frozen=True, slots=True, order=True)
class EpisodeReference:
    """A season (``episode`` None) or one episode of it; season 0 holds the specials."""

    season: int
    episode: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.season <= MAX_SEASON_NUMBER:
            raise EpisodeReferenceError(
                f"A season number is from 0 to {MAX_SEASON_NUMBER}, not {self.season}."
            )
        if self.episode is not None and not 1 <= self.episode <= MAX_EPISODE_NUMBER:
            raise EpisodeReferenceError(
                f"An episode number is from 1 to {MAX_EPISODE_NUMBER:,}, not {self.episode}."
            )

    @property
    def is_season(self) -> bool:
        """True when the reference is to a whole season."""
        return self.episode is None

    @property
    def label(self) -> str:
        """ "S1E3" or "S2"."""
        if self.episode is None:
            return f"S{self.season}"
        return f"S{self.season}E{self.episode}"

    def __str__(self) -> str:
        return self.label


def parse_episode_reference(text: str) -> EpisodeReference:
    """Parse "S1E3", "S01E03", "s1 e3", "1x03", "S2" or "season 2"; raise saying what works."""
    value = " ".join(text.strip().casefold().split())
    if len(value) <= 40:
        for pattern in _PATTERNS:
            match = pattern.fullmatch(value)
            if match:
                season = int(match[1])
                episode = int(match[2]) if match[2] else None
                return EpisodeReference(season, episode)
    raise EpisodeReferenceError(
        f"{text.strip()!r} is not an episode or season. Try {ACCEPTED_REFERENCES}."
    )


def reference_or_none(season: int | None, episode: int | None) -> EpisodeReference | None:
    """The reference stored as two nullable numbers, or None when there is none."""
    if season is None:
        return None
    return EpisodeReference(season, episode)
