"""Episode progress: what is watched, what has aired, what to watch next, per season.

Specials (season 0) and unnumbered episodes never count. An episode has aired when its air date
is today or earlier. One without a date has aired when it was watched, or when its whole season
is undated (entered by hand or imported) and has premiered; such a season is taken to have all
of its ``episode_count`` episodes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from watchlist.core.episodes import EpisodeReference
from watchlist.core.status import WatchStatus


@dataclass(frozen=True, slots=True)
class EpisodeState:
    """One regular episode as progress sees it."""

    season: int
    number: int
    airdate: date | None
    watched: bool
    title: str = ""


@dataclass(frozen=True, slots=True)
class SeasonFacts:
    """What the library knows about a season without its episodes."""

    number: int
    premiere_date: date | None
    episode_count: int | None


@dataclass(frozen=True, slots=True)
class SeasonProgress:
    """Watched, aired and known episodes of one season."""

    number: int
    watched: int
    aired: int
    total: int

    @property
    def fraction(self) -> float:
        """The share of the season's aired episodes that are watched (0 when none aired)."""
        return min(1.0, self.watched / self.aired) if self.aired else 0.0

    @property
    def is_complete(self) -> bool:
        """Every aired episode of the season is watched (and at least one has aired)."""
        return self.aired > 0 and self.watched >= self.aired


@dataclass(frozen=True, slots=True)
class ShowProgress:
    """A show's progress: per season, the next episode to watch and the last one out."""

    seasons: tuple[SeasonProgress, ...] = ()
    next_to_watch: EpisodeReference | None = None
    next_title: str = ""
    next_airdate: date | None = None
    last_aired: EpisodeReference | None = None  # the latest episode known to be out
    last_aired_watched: bool = False

    @property
    def watched(self) -> int:
        return sum(season.watched for season in self.seasons)

    @property
    def aired(self) -> int:
        return sum(season.aired for season in self.seasons)

    @property
    def total(self) -> int:
        return sum(season.total for season in self.seasons)

    @property
    def caught_up(self) -> bool:
        """The last aired episode is watched."""
        return self.last_aired is not None and self.last_aired_watched

    def season(self, number: int) -> SeasonProgress | None:
        return next((season for season in self.seasons if season.number == number), None)


def is_aired(episode: EpisodeState, premiere: date | None, today: date, *, undated: bool) -> bool:
    """Whether an episode is out; ``undated`` says its season's list has no dates at all."""
    if episode.airdate is not None:
        return episode.airdate <= today
    if episode.watched:
        return True
    return undated and premiere is not None and premiere <= today


def complete_episodes(
    seasons: Iterable[SeasonFacts], episodes: Iterable[EpisodeState], today: date
) -> list[EpisodeState]:
    """The regular episodes, with the undated ones a premiered hand-entered season implies."""
    regular = [episode for episode in episodes if episode.season >= 1 and episode.number >= 1]
    by_season: dict[int, dict[int, EpisodeState]] = {}
    for episode in regular:
        by_season.setdefault(episode.season, {})[episode.number] = episode
    implied: list[EpisodeState] = []
    for season in seasons:
        if season.number < 1 or not season.episode_count:
            continue
        if season.premiere_date is None or season.premiere_date > today:
            continue
        known = by_season.get(season.number, {})
        if any(episode.airdate is not None for episode in known.values()):
            continue  # a provider's dated list is complete as it stands
        implied += [
            EpisodeState(season.number, number, None, False)
            for number in range(1, season.episode_count + 1)
            if number not in known
        ]
    known_episodes = [episode for numbers in by_season.values() for episode in numbers.values()]
    return sorted([*known_episodes, *implied], key=lambda e: (e.season, e.number))


def show_progress(
    seasons: Iterable[SeasonFacts], episodes: Iterable[EpisodeState], today: date
) -> ShowProgress:
    """Progress of a show as of ``today``."""
    season_list = [season for season in seasons if season.number >= 1]
    premieres = {season.number: season.premiere_date for season in season_list}
    counts = {season.number: season.episode_count or 0 for season in season_list}
    all_episodes = complete_episodes(season_list, episodes, today)
    numbers = sorted(set(premieres) | {episode.season for episode in all_episodes})
    per_season: list[SeasonProgress] = []
    next_episode: EpisodeState | None = None
    last_aired: EpisodeState | None = None
    for number in numbers:
        rows = [episode for episode in all_episodes if episode.season == number]
        undated = all(episode.airdate is None for episode in rows)
        premiere = premieres.get(number)
        aired = [e for e in rows if is_aired(e, premiere, today, undated=undated)]
        watched = sum(1 for episode in rows if episode.watched)
        per_season.append(
            SeasonProgress(number, watched, len(aired), max(len(rows), counts.get(number, 0)))
        )
        # Only what is known to be out decides the last aired episode: an undated episode the
        # user watched says nothing of how many more there are.
        count = counts.get(number, 0)
        out = [
            e
            for e in aired
            if e.airdate is not None or (undated and premiere is not None and e.number <= count)
        ]
        if out:
            last_aired = out[-1]
        if next_episode is None:
            next_episode = next((episode for episode in aired if not episode.watched), None)
    return ShowProgress(
        seasons=tuple(per_season),
        next_to_watch=_reference(next_episode),
        next_title=next_episode.title if next_episode else "",
        next_airdate=next_episode.airdate if next_episode else None,
        last_aired=_reference(last_aired),
        last_aired_watched=bool(last_aired and last_aired.watched),
    )


def _reference(episode: EpisodeState | None) -> EpisodeReference | None:
    return None if episode is None else EpisodeReference(episode.season, episode.number)


def automatic_watch_status(
    current: WatchStatus, before: ShowProgress, after: ShowProgress, *, user_set: bool
) -> WatchStatus | None:
    """The watch status marking episodes implies, or None to leave it as it is.

    Never changes a status the user set by hand. Watching the last aired episode completes a
    show; unwatching it again takes an automatically completed show back to watching; the
    first watched episode moves "plan to watch" to watching. A show completed earlier stays
    completed when a new episode airs: its "next to watch" shows the new episode instead.
    """
    if user_set:
        return None
    if after.caught_up and current is not WatchStatus.COMPLETED:
        return WatchStatus.COMPLETED
    if current is WatchStatus.COMPLETED and before.caught_up and not after.caught_up:
        return WatchStatus.WATCHING
    if current is WatchStatus.PLAN_TO_WATCH and after.watched > 0 and not after.caught_up:
        return WatchStatus.WATCHING
    return None
