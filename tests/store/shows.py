"""Shows for store tests: a synced show built from provider records, with dated episodes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from watchlist.core.records import EpisodeRecord, ExternalIds, SeasonRecord, ShowRecord
from watchlist.core.status import NetworkKind, ShowStatus, WatchStatus
from watchlist.store.library import Library, ShowChanges
from watchlist.sync.merge import merge_show

TODAY = date(2025, 7, 15)


def weekly(season: int, count: int, first: date, *, hour: int | None = None) -> list[EpisodeRecord]:
    """``count`` episodes a week apart from ``first``; with ``hour``, exact UTC air times."""
    episodes = []
    for number in range(1, count + 1):
        day = first + timedelta(weeks=number - 1)
        stamp = (
            datetime(day.year, day.month, day.day, hour, tzinfo=UTC) if hour is not None else None
        )
        episodes.append(
            EpisodeRecord(season, number, f"Episode {number}", day, airstamp=stamp, runtime=50)
        )
    return episodes


def add_synced(
    library: Library,
    *,
    title: str = "Severance",
    tvmaze: int = 44933,
    seasons: tuple[SeasonRecord, ...] = (),
    episodes: tuple[EpisodeRecord, ...] | list[EpisodeRecord] = (),
    status: ShowStatus = ShowStatus.RUNNING,
    watch: WatchStatus | None = WatchStatus.WATCHING,
    imdb: str | None = None,
) -> int:
    """A show as a sync would store it (linked to TVmaze), with a watch status set by merge."""
    record = ShowRecord(
        title=title,
        external_ids=ExternalIds(tvmaze=tvmaze, imdb=imdb),
        network="Apple TV+",
        network_kind=NetworkKind.STREAMING,
        status=status,
        seasons=seasons,
        episodes=tuple(episodes),
        provider_updated=1,
    )
    show_id = merge_show(library, record, today=TODAY).show_id
    if watch is not None:
        set_watch_status_quietly(library, show_id, watch)
    return show_id


def set_watch_status_quietly(library: Library, show_id: int, status: WatchStatus) -> None:
    """Set the watch status without marking it as the user's (as adding a show does)."""
    library.edit_show(show_id, ShowChanges(watch_status=status))
    library.clear_user_edit(show_id, "watch_status")
