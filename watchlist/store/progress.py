"""Episode progress in the library: mark episodes watched, read progress and "next to watch".

Marking is one transaction per call. A show linked to TVmaze has the episodes TVmaze lists and
no others. A show entered by hand has no episode rows until the user marks one: marking S1E3
creates that row when the show has season 1 (and, if the season's episode count is known, at
most that many episodes); marking a whole season or "up to here" creates the rows the season's
episode count implies.

When the last aired episode becomes watched and the user never set the watch status by hand,
the show moves to completed (see ``core.progress.automatic_watch_status`` for the other moves).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from watchlist.core.episodes import EpisodeReference
from watchlist.core.progress import (
    EpisodeState,
    SeasonFacts,
    ShowProgress,
    automatic_watch_status,
    complete_episodes,
    is_aired,
    show_progress,
)
from watchlist.core.status import WatchStatus
from watchlist.store.errors import LibraryError, ShowNotFoundError
from watchlist.store.library import Library
from watchlist.store.models import Episode, Season, Show
from watchlist.store.views import EditableField, EpisodeView, ShowSummary

log = logging.getLogger(__name__)

# season * _SEASON_FACTOR + number orders episodes in one integer, for a SQL MIN().
_SEASON_FACTOR = 100_000


class EpisodeNotFoundError(LibraryError):
    """The show has no such episode or season."""


@dataclass(frozen=True, slots=True)
class MarkResult:
    """What marking episodes did."""

    show_id: int
    show_title: str
    changed: int  # episodes whose watched flag changed
    watch_status: WatchStatus  # after the change
    status_changed: bool  # True when marking moved the watch status
    progress: ShowProgress


@dataclass(frozen=True, slots=True)
class GuideEpisode:
    """One regular episode as the episode guide shows it."""

    season: int
    number: int
    title: str
    airdate: date | None
    watched: bool
    aired: bool
    # Marking it would work: it is out (or watched) and the library lists it, or the show was
    # entered by hand, where marking creates the episodes its seasons' counts imply.
    markable: bool

    @property
    def reference(self) -> EpisodeReference:
        return EpisodeReference(self.season, self.number)


@dataclass(frozen=True, slots=True)
class EpisodeGuide:
    """A show's regular episodes with what is out and watched, and its progress per season."""

    show_id: int
    progress: ShowProgress
    episodes: tuple[GuideEpisode, ...] = ()

    def season_episodes(self, season: int) -> tuple[GuideEpisode, ...]:
        return tuple(episode for episode in self.episodes if episode.season == season)


def library_today(library: Library) -> date:
    """Today in the user's time zone, by the library's clock."""
    return library.now().astimezone().date()


def _get_show(session: Session, show_id: int) -> Show:
    show = session.get(Show, show_id)
    if show is None:
        raise ShowNotFoundError(f"There is no show with id {show_id}.")
    return show


def _facts(seasons: Sequence[Season]) -> list[SeasonFacts]:
    return [SeasonFacts(s.number, s.premiere_date, s.episode_count) for s in seasons]


def _states(episodes: Sequence[Episode]) -> list[EpisodeState]:
    return [
        EpisodeState(e.season_number, e.number, e.airdate, e.watched, e.title)
        for e in episodes
        if e.number is not None
    ]


def _load(session: Session, show_id: int) -> tuple[list[Season], list[Episode]]:
    seasons = list(
        session.scalars(select(Season).where(Season.show_id == show_id).order_by(Season.number))
    )
    episodes = list(
        session.scalars(
            select(Episode)
            .where(Episode.show_id == show_id)
            .order_by(Episode.season_number, Episode.number)
        )
    )
    return seasons, episodes


def progress_of(library: Library, show_id: int, *, today: date | None = None) -> ShowProgress:
    """A show's progress per season, its next episode to watch and its last aired one."""
    day = today or library_today(library)
    with library.reading() as session:
        _get_show(session, show_id)
        seasons, episodes = _load(session, show_id)
        return show_progress(_facts(seasons), _states(episodes), day)


def episode_guide(library: Library, show_id: int, *, today: date | None = None) -> EpisodeGuide:
    """Every regular episode of a show (including those a hand-entered season's count implies),
    whether each is out, watched and can be marked, and the show's progress: one short read."""
    day = today or library_today(library)
    with library.reading() as session:
        manual = _get_show(session, show_id).tvmaze_id is None
        facts_of, states_of = _progress_inputs(session, [show_id])
    facts, states = facts_of[show_id], states_of[show_id]
    listed = {(state.season, state.number) for state in states}
    premieres = {season.number: season.premiere_date for season in facts}
    episodes = complete_episodes(facts, states, day)
    undated = {
        number: all(e.airdate is None for e in episodes if e.season == number)
        for number in {e.season for e in episodes}
    }
    guide: list[GuideEpisode] = []
    for episode in episodes:
        aired = is_aired(
            episode, premieres.get(episode.season), day, undated=undated[episode.season]
        )
        markable = aired and (manual or (episode.season, episode.number) in listed)
        guide.append(
            GuideEpisode(
                episode.season,
                episode.number,
                episode.title,
                episode.airdate,
                episode.watched,
                aired,
                markable,
            )
        )
    return EpisodeGuide(show_id, show_progress(facts, states, day), tuple(guide))


def list_episodes(library: Library, show_id: int) -> list[EpisodeView]:
    """A show's episodes by season and number (specials without a number last in a season)."""
    with library.reading() as session:
        _get_show(session, show_id)
        _seasons, episodes = _load(session, show_id)
        return [
            EpisodeView(
                id=e.id,
                season_number=e.season_number,
                number=e.number,
                title=e.title,
                airdate=e.airdate,
                watched=e.watched,
            )
            for e in sorted(episodes, key=lambda e: (e.season_number, e.number is None, e.number))
        ]


def next_to_watch(
    library: Library, show_ids: Collection[int] | None = None, *, today: date | None = None
) -> dict[int, EpisodeReference]:
    """Show id -> the first aired episode not yet watched, for shows that have one.

    A few queries whatever the number of shows: one aggregate over dated episodes (everything
    synced); one over the seasons of hand-entered shows without episode rows (their first
    premiered season with an episode count starts the list); and, in chunks, the seasons and
    episodes of the hand-entered shows the user has marked, which are worked out in Python.
    """
    day = today or library_today(library)
    ids = None if show_ids is None else sorted(set(show_ids))
    if ids is not None and not ids:
        return {}
    key = func.min(Episode.season_number * _SEASON_FACTOR + Episode.number)
    dated = (
        select(Episode.show_id, key)
        .where(
            Episode.watched.is_(False),
            Episode.season_number >= 1,
            Episode.number >= 1,
            Episode.airdate <= day,
        )
        .group_by(Episode.show_id)
    )
    first_season = (
        select(Season.show_id, func.min(Season.number))
        .join(Show, Show.id == Season.show_id)
        .where(
            Show.tvmaze_id.is_(None),
            Season.number >= 1,
            Season.episode_count > 0,
            Season.premiere_date <= day,
        )
        .group_by(Season.show_id)
    )
    marked = (
        select(Episode.show_id)
        .join(Show, Show.id == Episode.show_id)
        .where(Show.tvmaze_id.is_(None))
    ).distinct()
    if ids is not None:
        dated = dated.where(Episode.show_id.in_(ids))
        first_season = first_season.where(Season.show_id.in_(ids))
        marked = marked.where(Episode.show_id.in_(ids))
    result: dict[int, EpisodeReference] = {}
    # Most shows wait at one of a few hundred episodes (S1E1 above all): equal references are
    # shared, and rows stream from the cursor (``connection.execute``) rather than the ORM's
    # buffered result. At 100,000 shows that keeps megabytes off the window's peak memory.
    shared: dict[int, EpisodeReference] = {}
    with library.reading() as session:
        connection = session.connection()
        for show_id, packed in connection.execute(dated):
            if packed is not None:
                reference = shared.get(packed)
                if reference is None:
                    season, number = divmod(int(packed), _SEASON_FACTOR)
                    reference = shared[packed] = EpisodeReference(season, number)
                result[show_id] = reference
        with_rows = set(connection.scalars(marked))
        for show_id, season in connection.execute(first_season):
            if show_id not in with_rows:
                packed = season * _SEASON_FACTOR + 1
                reference = shared.get(packed)
                if reference is None:
                    reference = shared[packed] = EpisodeReference(season, 1)
                result[show_id] = reference
        for show_id, progress in _progress_of_shows(session, sorted(with_rows), day):
            if progress.next_to_watch is not None:
                result[show_id] = progress.next_to_watch
            else:
                result.pop(show_id, None)
    return result


_CHUNK = 500  # ids per IN (...), well under every backend's limit on parameters


def _progress_of_shows(
    session: Session, show_ids: Sequence[int], day: date
) -> Iterator[tuple[int, ShowProgress]]:
    """Progress of many shows, two column-projected queries per chunk of shows."""
    for start in range(0, len(show_ids), _CHUNK):
        chunk = show_ids[start : start + _CHUNK]
        facts, states = _progress_inputs(session, chunk)
        for show_id in chunk:
            yield show_id, show_progress(facts[show_id], states[show_id], day)


def _progress_inputs(
    session: Session, show_ids: Sequence[int]
) -> tuple[dict[int, list[SeasonFacts]], dict[int, list[EpisodeState]]]:
    """The seasons and numbered episodes of a few shows, by show, in order, without ORM objects."""
    facts: dict[int, list[SeasonFacts]] = {show_id: [] for show_id in show_ids}
    states: dict[int, list[EpisodeState]] = {show_id: [] for show_id in show_ids}
    seasons = (
        select(Season.show_id, Season.number, Season.premiere_date, Season.episode_count)
        .where(Season.show_id.in_(show_ids))
        .order_by(Season.show_id, Season.number)
    )
    for show_id, number, premiere, count in session.execute(seasons):
        facts[show_id].append(SeasonFacts(number, premiere, count))
    episodes = (
        select(
            Episode.show_id,
            Episode.season_number,
            Episode.number,
            Episode.airdate,
            Episode.watched,
            Episode.title,
        )
        .where(Episode.show_id.in_(show_ids), Episode.number.is_not(None))
        .order_by(Episode.show_id, Episode.season_number, Episode.number)
    )
    for show_id, season, episode, airdate, watched, title in session.execute(episodes):
        if episode is not None:
            states[show_id].append(EpisodeState(season, episode, airdate, watched, title))
    return facts, states


def with_next_to_watch(
    library: Library, summaries: Sequence[ShowSummary], *, today: date | None = None
) -> list[ShowSummary]:
    """The show list's rows with ``next_to_watch`` filled in (one query for all of them)."""
    found = next_to_watch(library, [summary.id for summary in summaries], today=today)
    return [
        replace(summary, next_to_watch=found[summary.id]) if summary.id in found else summary
        for summary in summaries
    ]


def mark_watched(
    library: Library,
    show_id: int,
    reference: EpisodeReference,
    *,
    up_to: bool = False,
    watched: bool = True,
    today: date | None = None,
) -> MarkResult:
    """Mark one episode (S1E3), a whole season (S1) or everything up to S1E3 (``up_to``).

    ``watched=False`` unmarks the same episodes. Marking a whole season watched marks the
    episodes that have aired; "up to here" covers seasons from 1 on, never the specials.
    """
    if up_to and reference.is_season:
        raise LibraryError("'Up to' needs an episode, such as S2E4, not a whole season.")
    if up_to and reference.season < 1:
        raise LibraryError("'Up to' counts from season 1; mark specials one at a time.")
    day = today or library_today(library)
    with library.writing() as session:
        show = _get_show(session, show_id)
        seasons, episodes = _load(session, show_id)
        before = show_progress(_facts(seasons), _states(episodes), day)
        plan = _MarkPlan(show, seasons, episodes, day)
        if reference.episode is None:
            targets = plan.season(reference.season, watched=watched)
        elif up_to:
            targets = plan.up_to(reference.season, reference.episode, watched=watched)
        else:
            targets = [plan.episode(reference.season, reference.episode, create=watched)]
        changed = 0
        for episode in targets:
            if episode.watched != watched:
                episode.watched = watched
                changed += 1
        session.flush()
        seasons, episodes = _load(session, show_id)
        after = show_progress(_facts(seasons), _states(episodes), day)
        new_status = automatic_watch_status(
            show.watch_status,
            before,
            after,
            user_set=EditableField.WATCH_STATUS.value in (show.user_edited or ()),
        )
        if new_status is not None and changed:
            log.info("%r: watch status %s -> %s", show.title, show.watch_status, new_status)
            show.watch_status = new_status
            show.updated_at = library.now()
        return MarkResult(
            show_id=show.id,
            show_title=show.title,
            changed=changed,
            watch_status=show.watch_status,
            status_changed=new_status is not None and changed > 0,
            progress=after,
        )


class _MarkPlan:
    """Finds (or, for a show entered by hand, creates) the episode rows a mark applies to."""

    def __init__(
        self, show: Show, seasons: list[Season], episodes: list[Episode], today: date
    ) -> None:
        self.show = show
        self.manual = show.tvmaze_id is None
        self.seasons = {season.number: season for season in seasons}
        self.rows = {(e.season_number, e.number): e for e in episodes if e.number is not None}
        self.today = today

    def _aired(self, episode: Episode) -> bool:
        if episode.airdate is None:
            return self.manual
        return episode.airdate <= self.today

    def _count(self, season: int) -> int:
        known = self.seasons.get(season)
        listed = max((number for s, number in self.rows if s == season), default=0)
        return max(listed, (known.episode_count or 0) if known else 0)

    def _create(self, season: int, number: int) -> Episode:
        episode = Episode(season_number=season, number=number, title="", watched=False)
        self.show.episodes.append(episode)
        self.rows[(season, number)] = episode
        return episode

    def episode(self, season: int, number: int, *, create: bool) -> Episode:
        found = self.rows.get((season, number))
        if found is not None:
            return found
        label = f"S{season}E{number}"
        if not self.manual:
            raise EpisodeNotFoundError(
                f"{self.show.title!r} has no episode {label} on TVmaze{self._listed(season)}."
            )
        known = self.seasons.get(season)
        if known is None:
            raise EpisodeNotFoundError(
                f"{self.show.title!r} has no season {season}. Add it first "
                f"(watchlist edit SHOW --season {season}=DATE:EPISODES)."
            )
        if known.episode_count is not None and number > known.episode_count:
            raise EpisodeNotFoundError(
                f"Season {season} of {self.show.title!r} has {known.episode_count} episodes, "
                f"so there is no {label}."
            )
        if not create:
            raise EpisodeNotFoundError(f"{label} of {self.show.title!r} is not marked watched.")
        return self._create(season, number)

    def _listed(self, season: int) -> str:
        numbers = sorted(number for s, number in self.rows if s == season)
        if not numbers:
            return f" (it lists no episodes of season {season})"
        return f" (it lists episodes {numbers[0]}-{numbers[-1]} of season {season})"

    def _season_rows(self, season: int, *, create: bool, last: int | None = None) -> list[Episode]:
        count = self._count(season)
        if last is not None:
            count = min(count, last) if count else last
        if self.manual and create:
            for number in range(1, count + 1):
                if (season, number) not in self.rows:
                    self._create(season, number)
        return [
            episode
            for (s, number), episode in sorted(self.rows.items())
            if s == season and (last is None or number <= last)
        ]

    def season(self, season: int, *, watched: bool) -> list[Episode]:
        if season not in self.seasons and not any(s == season for s, _n in self.rows):
            raise EpisodeNotFoundError(f"{self.show.title!r} has no season {season}.")
        rows = self._season_rows(season, create=watched)
        if not rows:
            hint = " Give it an episode count first (watchlist edit SHOW --season N=DATE:COUNT)."
            raise EpisodeNotFoundError(
                f"Season {season} of {self.show.title!r} has no episodes listed."
                + (hint if self.manual else "")
            )
        if not watched:
            return rows
        aired = [episode for episode in rows if self._aired(episode)]
        if not aired:
            raise EpisodeNotFoundError(
                f"No episode of season {season} of {self.show.title!r} has aired yet."
            )
        return aired

    def up_to(self, season: int, number: int, *, watched: bool) -> list[Episode]:
        self.episode(season, number, create=watched)
        earlier = sorted({s for s in self.seasons if 1 <= s < season} | {
            s for s, _n in self.rows if 1 <= s < season
        })  # fmt: skip
        targets: list[Episode] = []
        for earlier_season in earlier:
            targets += self._season_rows(earlier_season, create=watched)
        targets += self._season_rows(season, create=watched, last=number)
        if watched:
            targets = [
                episode
                for episode in targets
                if self._aired(episode)
                or (episode.season_number, episode.number) == (season, number)
            ]
        return targets
