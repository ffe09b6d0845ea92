"""The upcoming view's data: next episodes and next seasons of the shows the user follows.

"Followed" means watching, planning to watch or on hold, and completed shows that are coming
back (renewed, or airing again); dropped shows and completed shows with nothing announced are
left out. Three small queries read every followed show at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select

from watchlist.core.estimate import Estimate, SeasonHistory, estimate_next_season
from watchlist.core.records import ExternalIds
from watchlist.core.status import RenewalStatus, WatchStatus
from watchlist.core.upcoming import (
    Certainty,
    FollowedShow,
    NextAiring,
    UpcomingItem,
    sort_upcoming,
    upcoming_for_show,
)
from watchlist.store.estimates import source_of
from watchlist.store.library import Library
from watchlist.store.models import Episode, Season, Show

FOLLOWED_WATCH_STATUSES = frozenset(
    {WatchStatus.WATCHING, WatchStatus.PLAN_TO_WATCH, WatchStatus.ON_HOLD}
)
RETURNING_RENEWAL_STATUSES = frozenset({RenewalStatus.RENEWED, RenewalStatus.AIRING})


def is_followed(watch_status: WatchStatus, renewal_status: RenewalStatus) -> bool:
    """Whether a show belongs in the upcoming view, the calendar and notifications."""
    if watch_status in FOLLOWED_WATCH_STATUSES:
        return True
    return watch_status is WatchStatus.COMPLETED and renewal_status in RETURNING_RENEWAL_STATUSES


def followed_condition() -> Any:
    """``is_followed`` as a SQL condition on ``shows``."""
    return or_(
        Show.watch_status.in_(sorted(FOLLOWED_WATCH_STATUSES)),
        and_(
            Show.watch_status == WatchStatus.COMPLETED,
            Show.renewal_status.in_(sorted(RETURNING_RENEWAL_STATUSES)),
        ),
    )


@dataclass(frozen=True, slots=True)
class FutureEpisode:
    """A regular episode dated today or later."""

    season: int
    number: int
    title: str
    airdate: date
    airstamp: datetime | None = None  # the exact air time, when the provider gives one
    runtime: int | None = None  # minutes

    def as_next_airing(self) -> NextAiring:
        return NextAiring(self.season, self.number, self.title, self.airdate)


@dataclass(frozen=True, slots=True)
class FollowedShowOutlook:
    """A followed show with its next-season estimate and its dated episodes still to come."""

    show: FollowedShow
    external_ids: ExternalIds
    estimate: Estimate
    future_episodes: tuple[FutureEpisode, ...]


def followed_outlook(library: Library, today: date) -> list[FollowedShowOutlook]:
    """Every followed show's estimate and future episodes as of ``today``, by title."""
    followed = followed_condition()
    shows_statement = (
        select(
            Show.id,
            Show.title,
            Show.network,
            Show.network_kind,
            Show.renewal_status,
            Show.renewal_announced_on,
            Show.next_season_expected,
            Show.last_synced_at,
            Show.user_edited,
            Show.tvmaze_id,
            Show.imdb_id,
            Show.thetvdb_id,
        )
        .where(followed)
        .order_by(Show.title, Show.id)
    )
    seasons_statement = (
        select(Season.show_id, Season.number, Season.premiere_date)
        .join(Show, Season.show_id == Show.id)
        .where(followed)
    )
    episodes_statement = (
        select(Episode)
        .join(Show, Episode.show_id == Show.id)
        .where(
            followed,
            Episode.airdate >= today,
            Episode.season_number >= 1,
            Episode.number.is_not(None),
        )
        .order_by(Episode.show_id, Episode.airdate, Episode.season_number, Episode.number)
    )
    with library.reading() as session:
        shows = session.execute(shows_statement).all()
        seasons: dict[int, list[tuple[int, date | None]]] = {}
        for show_id, number, premiere in session.execute(seasons_statement):
            seasons.setdefault(show_id, []).append((number, premiere))
        episodes: dict[int, list[FutureEpisode]] = {}
        for episode in session.scalars(episodes_statement):
            episodes.setdefault(episode.show_id, []).append(_future_episode(episode))
    outlooks = []
    for row in shows:
        show_seasons = seasons.get(row.id, [])
        premieres = sorted(day for number, day in show_seasons if number >= 1 and day is not None)
        history = SeasonHistory(
            premieres=premieres,
            renewed_on=row.renewal_announced_on
            if row.renewal_status is RenewalStatus.RENEWED
            else None,
            status=row.renewal_status.value,
            network_kind=row.network_kind.value if row.network_kind else None,
            announced=row.next_season_expected,
            network=row.network,
            source=source_of(
                synced=row.last_synced_at is not None,
                user_edited=row.user_edited or (),
                dated_seasons=sum(1 for _number, day in show_seasons if day is not None),
            ),
        )
        outlooks.append(
            FollowedShowOutlook(
                show=FollowedShow(row.id, row.title, row.network),
                external_ids=ExternalIds(row.tvmaze_id, row.imdb_id, row.thetvdb_id),
                estimate=estimate_next_season(history, today=today),
                future_episodes=tuple(episodes.get(row.id, ())),
            )
        )
    return outlooks


def _future_episode(episode: Episode) -> FutureEpisode:
    assert episode.airdate is not None and episode.number is not None
    return FutureEpisode(
        season=episode.season_number,
        number=episode.number,
        title=episode.title,
        airdate=episode.airdate,
        airstamp=episode.airstamp,
        runtime=episode.runtime,
    )


def upcoming(library: Library, today: date, *, estimates: bool = True) -> list[UpcomingItem]:
    """The upcoming view: each followed show's next episode and next season, by likely date.

    Without ``estimates`` only confirmed dates are listed.
    """
    items: list[UpcomingItem] = []
    for outlook in followed_outlook(library, today):
        next_episode = outlook.future_episodes[0] if outlook.future_episodes else None
        items += upcoming_for_show(
            outlook.show,
            next_episode.as_next_airing() if next_episode else None,
            outlook.estimate,
            today,
        )
    if not estimates:
        items = [item for item in items if item.certainty is Certainty.CONFIRMED]
    return sort_upcoming(items)
