"""Episode progress: aired, watched, next to watch, and the automatic watch status."""

from __future__ import annotations

from datetime import date

from watchlist.core.episodes import EpisodeReference
from watchlist.core.progress import (
    EpisodeState,
    SeasonFacts,
    ShowProgress,
    automatic_watch_status,
    show_progress,
)
from watchlist.core.status import WatchStatus

TODAY = date(2025, 7, 15)


def episodes(
    season: int, count: int, first_air: date | None, watched: int = 0
) -> list[EpisodeState]:
    return [
        EpisodeState(
            season,
            number,
            date.fromordinal(first_air.toordinal() + 7 * (number - 1)) if first_air else None,
            number <= watched,
            f"Episode {number}",
        )
        for number in range(1, count + 1)
    ]


def test_counts_watched_and_aired_per_season_and_finds_the_next_episode() -> None:
    rows = episodes(1, 8, date(2025, 1, 1), watched=8) + episodes(2, 8, date(2025, 7, 1), watched=1)
    progress = show_progress([SeasonFacts(1, date(2025, 1, 1), 8)], rows, TODAY)
    assert [(s.number, s.watched, s.aired, s.total) for s in progress.seasons] == [
        (1, 8, 8, 8),
        (2, 1, 3, 8),
    ]
    assert progress.next_to_watch == EpisodeReference(2, 2)
    assert progress.next_title == "Episode 2"
    assert progress.last_aired == EpisodeReference(2, 3)
    assert not progress.caught_up


def test_the_first_unwatched_aired_episode_is_next_even_before_later_watched_ones() -> None:
    rows = episodes(1, 3, date(2025, 1, 1))
    rows[2] = EpisodeState(1, 3, rows[2].airdate, True)
    assert show_progress([], rows, TODAY).next_to_watch == EpisodeReference(1, 1)


def test_specials_and_unaired_episodes_do_not_count() -> None:
    rows = [EpisodeState(0, 1, date(2025, 1, 1), False), *episodes(1, 2, date(2025, 8, 1))]
    progress = show_progress([], rows, TODAY)
    assert [s.number for s in progress.seasons] == [1]
    assert progress.aired == 0 and progress.next_to_watch is None


def test_a_hand_entered_season_implies_its_episodes_once_it_premiered() -> None:
    seasons = [SeasonFacts(1, date(2024, 1, 1), 6), SeasonFacts(2, None, None)]
    watched = [EpisodeState(1, 1, None, True), EpisodeState(1, 2, None, True)]
    progress = show_progress(seasons, watched, TODAY)
    assert (progress.seasons[0].aired, progress.seasons[0].total) == (6, 6)
    assert progress.next_to_watch == EpisodeReference(1, 3)
    assert progress.seasons[1].total == 0


def test_caught_up_when_the_last_aired_episode_is_watched() -> None:
    rows = episodes(1, 4, date(2025, 6, 1), watched=4) + episodes(1, 0, None)
    assert show_progress([], rows, TODAY).caught_up


def progress_of(rows: list[EpisodeState]) -> ShowProgress:
    return show_progress([], rows, TODAY)


def test_watching_the_last_aired_episode_completes_the_show() -> None:
    before = progress_of(episodes(1, 4, date(2025, 1, 1), watched=3))
    after = progress_of(episodes(1, 4, date(2025, 1, 1), watched=4))
    assert automatic_watch_status(WatchStatus.WATCHING, before, after, user_set=False) is (
        WatchStatus.COMPLETED
    )


def test_a_status_the_user_set_is_never_changed() -> None:
    before = progress_of(episodes(1, 4, date(2025, 1, 1), watched=3))
    after = progress_of(episodes(1, 4, date(2025, 1, 1), watched=4))
    assert automatic_watch_status(WatchStatus.ON_HOLD, before, after, user_set=True) is None


def test_unwatching_the_last_episode_goes_back_to_watching() -> None:
    before = progress_of(episodes(1, 4, date(2025, 1, 1), watched=4))
    after = progress_of(episodes(1, 4, date(2025, 1, 1), watched=3))
    assert automatic_watch_status(WatchStatus.COMPLETED, before, after, user_set=False) is (
        WatchStatus.WATCHING
    )


def test_the_first_watched_episode_starts_a_planned_show() -> None:
    before = progress_of(episodes(1, 4, date(2025, 1, 1)))
    after = progress_of(episodes(1, 4, date(2025, 1, 1), watched=1))
    assert automatic_watch_status(WatchStatus.PLAN_TO_WATCH, before, after, user_set=False) is (
        WatchStatus.WATCHING
    )
    assert automatic_watch_status(WatchStatus.WATCHING, before, after, user_set=False) is None


def test_watched_episodes_of_unknown_extent_never_complete_a_show() -> None:
    progress = show_progress([], [EpisodeState(1, 1, None, True)], TODAY)
    assert progress.aired == 1 and progress.watched == 1
    assert progress.last_aired is None and not progress.caught_up
