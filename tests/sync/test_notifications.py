"""Notifications after a sync: news about followed shows from this sync, each once."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.sync.fake_tvmaze import FakeTvmaze, quiet_harbour, season_body, under_the_dome
from watchlist.core.changes import ChangeKind
from watchlist.core.status import WatchStatus
from watchlist.store.library import Library, ShowChanges
from watchlist.store.views import ChangeView
from watchlist.sync.notifications import (
    notification_digest,
    notifications_after_sync,
    sync_notifications,
)
from watchlist.sync.service import OutcomeKind, ShowOutcome, SyncReport, SyncService

MOMENT = datetime(2025, 7, 15, tzinfo=UTC)


def change(show_id: int, kind: ChangeKind, summary: str, title: str = "Dark") -> ChangeView:
    return ChangeView(show_id, show_id, title, MOMENT, kind, None, summary)


def report(*show_ids: int) -> SyncReport:
    return SyncReport(tuple(ShowOutcome(show_id, "x", OutcomeKind.UPDATED) for show_id in show_ids))


def test_only_news_of_updated_followed_shows_each_once() -> None:
    changes = [
        change(1, ChangeKind.RENEWED, "Renewed for season 4", "Severance"),
        change(1, ChangeKind.RENEWED, "Renewed for season 4", "Severance"),
        change(2, ChangeKind.ENDED, "Ended: TVmaze lists no further seasons", "Andor"),
        change(3, ChangeKind.SEASON_DATED, "Season 2 premieres 1 May 2026", "Unfollowed"),
        change(4, ChangeKind.SEASON_ANNOUNCED, "Season 3 announced", "Not synced now"),
        change(2, ChangeKind.GONE, "No longer on TVmaze", "Andor"),
    ]
    found = sync_notifications(report(1, 2, 3), changes, followed_show_ids={1, 2, 4})
    assert [n.text for n in found] == [
        "Andor: Ended: TVmaze lists no further seasons",
        "Severance: Renewed for season 4",
    ]


def test_digest_lists_a_few_then_counts_the_rest() -> None:
    found = sync_notifications(
        report(*range(1, 6)),
        [change(n, ChangeKind.RENEWED, "Renewed", f"Show {n}") for n in range(1, 6)],
        followed_show_ids=set(range(1, 6)),
    )
    assert notification_digest(found, limit=2) == (
        "Show 1: Renewed\nShow 2: Renewed\nand 3 more in What's new"
    )


def test_after_a_real_sync(tvmaze: FakeTvmaze, service: SyncService, library: Library) -> None:
    harbour = service.add_show(tvmaze.add(quiet_harbour()))
    dome = service.add_show(tvmaze.add(under_the_dome()))
    library.edit_show(harbour, ShowChanges(watch_status=WatchStatus.WATCHING))
    library.edit_show(dome, ShowChanges(watch_status=WatchStatus.DROPPED))
    show = tvmaze.shows[77777]
    seasons = [*show["_embedded"]["seasons"], season_body(show, 2, None)]
    tvmaze.change(77777, status="Running", _embedded={**show["_embedded"], "seasons": seasons})
    done = service.sync(full=True)
    assert done.started_at is not None
    assert [n.text for n in notifications_after_sync(library, done)] == [
        "Quiet Harbour: Renewed for season 2"
    ]
    assert notifications_after_sync(library, service.sync(full=True)) == []
