"""The episode guide the detail pane shows, and next to watch for a whole library at once."""

from __future__ import annotations

from datetime import date

from tests.store.shows import TODAY, add_synced, weekly
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import SeasonRecord
from watchlist.store.library import Library, NewShow, SeasonEdit
from watchlist.store.progress import episode_guide, mark_watched, next_to_watch, progress_of

S1 = SeasonRecord(1, premiere_date=date(2025, 1, 1), episode_count=4)
S2 = SeasonRecord(2, premiere_date=date(2025, 7, 1), episode_count=4)


def synced(library: Library, *, with_episodes: bool = True) -> int:
    episodes = weekly(1, 4, date(2025, 1, 1)) + weekly(2, 4, date(2025, 7, 1))
    return add_synced(
        library,
        title="Slow Horses",
        tvmaze=5_000,
        seasons=(S1, S2),
        episodes=episodes if with_episodes else (),
    )


def by_label(library: Library, show_id: int) -> dict[str, tuple[bool, bool, bool]]:
    """Episode label -> (aired, markable, watched)."""
    return {
        episode.reference.label: (episode.aired, episode.markable, episode.watched)
        for episode in episode_guide(library, show_id, today=TODAY).episodes
    }


def test_guide_lists_unaired_episodes_as_not_markable(library: Library) -> None:
    show_id = synced(library)
    episodes = by_label(library, show_id)
    assert list(episodes) == [f"S{s}E{n}" for s in (1, 2) for n in range(1, 5)]
    assert episodes["S2E3"] == (True, True, False)  # airs on 15 July, today
    assert episodes["S2E4"] == (False, False, False)  # 22 July


def test_guide_progress_is_the_shows_progress(library: Library) -> None:
    show_id = synced(library)
    mark_watched(library, show_id, EpisodeReference(2, 1), up_to=True, today=TODAY)
    guide = episode_guide(library, show_id, today=TODAY)
    assert guide.progress == progress_of(library, show_id, today=TODAY)
    assert [e.watched for e in guide.season_episodes(2)] == [True, False, False, False]


def test_a_hand_entered_show_offers_the_episodes_its_counts_imply(library: Library) -> None:
    show_id = library.add_show(
        NewShow(title="Dark", seasons=(SeasonEdit(1, date(2017, 12, 1), 3), SeasonEdit(2)))
    )
    episodes = by_label(library, show_id)
    assert episodes == {f"S1E{n}": (True, True, False) for n in (1, 2, 3)}


def test_a_synced_show_without_episode_rows_cannot_be_marked(library: Library) -> None:
    show_id = synced(library, with_episodes=False)
    episodes = by_label(library, show_id)
    assert episodes["S1E1"] == (True, False, False)  # implied by the count, not on TVmaze


def test_next_to_watch_for_everything_agrees_with_each_shows_progress(library: Library) -> None:
    seasons = (SeasonEdit(1, date(2020, 1, 1), 3), SeasonEdit(2, date(2021, 1, 1), 2))
    untouched = library.add_show(NewShow(title="Untouched", seasons=seasons))
    marked = library.add_show(NewShow(title="Marked", seasons=seasons))
    mark_watched(library, marked, EpisodeReference(1, 3), up_to=True, today=TODAY)
    finished = library.add_show(NewShow(title="Finished", seasons=seasons))
    mark_watched(library, finished, EpisodeReference(2, 2), up_to=True, today=TODAY)
    skipped_one = library.add_show(NewShow(title="Skipped one", seasons=seasons))
    mark_watched(library, skipped_one, EpisodeReference(1, 2), today=TODAY)
    future = library.add_show(
        NewShow(title="Future", seasons=(SeasonEdit(1, date(2030, 1, 1), 8),))
    )
    uncounted = library.add_show(
        NewShow(title="Uncounted", seasons=(SeasonEdit(1, date(2020, 1, 1)),))
    )
    synced_id = synced(library)
    found = next_to_watch(library, today=TODAY)
    for show_id in (untouched, marked, finished, skipped_one, future, uncounted, synced_id):
        expected = progress_of(library, show_id, today=TODAY).next_to_watch
        assert found.get(show_id) == expected, show_id
    assert found[untouched] == EpisodeReference(1, 1)
    assert found[marked] == EpisodeReference(2, 1)
    assert found[skipped_one] == EpisodeReference(1, 1)
    assert finished not in found and future not in found and uncounted not in found
