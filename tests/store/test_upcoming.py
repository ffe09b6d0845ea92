"""The upcoming view's data: followed shows only, next episodes and next seasons by date."""

from __future__ import annotations

from datetime import date

from tests.store.shows import TODAY, add_synced, set_watch_status_quietly, weekly
from watchlist.core.records import SeasonRecord
from watchlist.core.status import RenewalStatus, ShowStatus, WatchStatus
from watchlist.core.upcoming import Certainty, UpcomingKind
from watchlist.store.library import Library, NewShow, SeasonEdit
from watchlist.store.upcoming import is_followed, upcoming


def test_followed_means_watching_planned_on_hold_or_completed_and_returning() -> None:
    assert is_followed(WatchStatus.ON_HOLD, RenewalStatus.ENDED)
    assert is_followed(WatchStatus.COMPLETED, RenewalStatus.RENEWED)
    assert not is_followed(WatchStatus.COMPLETED, RenewalStatus.ENDED)
    assert not is_followed(WatchStatus.DROPPED, RenewalStatus.RENEWED)


def test_next_episodes_and_next_seasons_sorted_by_date(library: Library) -> None:
    airing = add_synced(
        library,
        title="Slow Horses",
        tvmaze=1,
        seasons=(SeasonRecord(1, premiere_date=date(2025, 7, 1), episode_count=4),),
        episodes=weekly(1, 4, date(2025, 7, 1)),
    )
    add_synced(
        library,
        title="Severance",
        tvmaze=2,
        seasons=(
            SeasonRecord(1, premiere_date=date(2022, 2, 18), episode_count=9),
            SeasonRecord(2, premiere_date=date(2025, 9, 5)),
        ),
        episodes=weekly(2, 2, date(2025, 9, 5)),
    )
    library.add_show(
        NewShow(
            title="Dark",
            renewal_status=RenewalStatus.RENEWED,
            watch_status=WatchStatus.WATCHING,
            seasons=(SeasonEdit(1, date(2023, 5, 1), 10),),
        )
    )
    items = upcoming(library, TODAY)
    assert [(item.show_title, item.kind, item.certainty) for item in items] == [
        ("Slow Horses", UpcomingKind.EPISODE, Certainty.CONFIRMED),
        ("Severance", UpcomingKind.PREMIERE, Certainty.CONFIRMED),
        ("Dark", UpcomingKind.PREMIERE, Certainty.ESTIMATED),
        ("Slow Horses", UpcomingKind.PREMIERE, Certainty.ESTIMATED),
    ]
    first = items[0]
    assert (first.show_id, first.season_number, first.episode_number) == (airing, 1, 3)
    assert first.likely == date(2025, 7, 15) and first.countdown(TODAY) == "today"
    assert items[1].what == "Season 2 premiere · S2E1 · Episode 1"
    assert items[2].reason and items[2].earliest < items[2].latest
    assert [item.show_title for item in upcoming(library, TODAY, estimates=False)] == [
        "Slow Horses",
        "Severance",
    ]


def test_dropped_and_finished_shows_are_left_out(library: Library) -> None:
    dropped = add_synced(
        library,
        title="Lost interest",
        tvmaze=3,
        seasons=(SeasonRecord(1, premiere_date=date(2025, 8, 1)),),
        episodes=weekly(1, 2, date(2025, 8, 1)),
    )
    set_watch_status_quietly(library, dropped, WatchStatus.DROPPED)
    add_synced(
        library,
        title="Finished",
        tvmaze=4,
        status=ShowStatus.ENDED,
        seasons=(SeasonRecord(1, premiere_date=date(2020, 1, 1)),),
        watch=WatchStatus.COMPLETED,
    )
    assert upcoming(library, TODAY) == []
