"""Marking episodes watched, progress per season, next to watch and the automatic status."""

from __future__ import annotations

from datetime import date

import pytest

from tests.store.shows import TODAY, add_synced, weekly
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import SeasonRecord
from watchlist.core.status import WatchStatus
from watchlist.store.errors import LibraryError
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.store.progress import (
    EpisodeNotFoundError,
    list_episodes,
    mark_watched,
    next_to_watch,
    progress_of,
    with_next_to_watch,
)

S1 = SeasonRecord(1, premiere_date=date(2025, 1, 1), episode_count=4)
S2 = SeasonRecord(2, premiere_date=date(2025, 7, 1), episode_count=4)


def synced(library: Library, *, title: str = "Severance", tvmaze: int = 44933) -> int:
    episodes = weekly(1, 4, date(2025, 1, 1)) + weekly(2, 4, date(2025, 7, 1))
    return add_synced(library, title=title, tvmaze=tvmaze, seasons=(S1, S2), episodes=episodes)


def test_marking_one_episode(library: Library) -> None:
    show_id = synced(library)
    result = mark_watched(library, show_id, EpisodeReference(1, 2), today=TODAY)
    assert result.changed == 1
    assert [(e.season_number, e.number) for e in list_episodes(library, show_id) if e.watched] == [
        (1, 2)
    ]
    assert result.progress.next_to_watch == EpisodeReference(1, 1)


def test_up_to_here_marks_every_earlier_episode_from_season_one(library: Library) -> None:
    show_id = synced(library)
    result = mark_watched(library, show_id, EpisodeReference(2, 2), up_to=True, today=TODAY)
    assert result.changed == 6
    progress = progress_of(library, show_id, today=TODAY)
    assert [(s.number, s.watched, s.aired, s.total) for s in progress.seasons] == [
        (1, 4, 4, 4),
        (2, 2, 3, 4),
    ]
    assert progress.next_to_watch == EpisodeReference(2, 3)


def test_a_whole_season_marks_only_what_has_aired(library: Library) -> None:
    show_id = synced(library)
    result = mark_watched(library, show_id, EpisodeReference(2), today=TODAY)
    assert result.changed == 3  # S2E4 airs on 22 July


def test_unwatching_a_season(library: Library) -> None:
    show_id = synced(library)
    mark_watched(library, show_id, EpisodeReference(2, 3), up_to=True, today=TODAY)
    result = mark_watched(library, show_id, EpisodeReference(1), watched=False, today=TODAY)
    assert result.changed == 4
    assert result.progress.next_to_watch == EpisodeReference(1, 1)


def test_watching_the_last_aired_episode_completes_the_show(library: Library) -> None:
    show_id = synced(library)
    result = mark_watched(library, show_id, EpisodeReference(2, 3), up_to=True, today=TODAY)
    assert result.status_changed and result.watch_status is WatchStatus.COMPLETED
    show = library.show(show_id)
    assert show.watch_status is WatchStatus.COMPLETED
    assert "watch_status" not in show.user_edited
    later = mark_watched(library, show_id, EpisodeReference(2, 3), watched=False, today=TODAY)
    assert later.watch_status is WatchStatus.WATCHING


def test_a_watch_status_set_by_hand_is_kept(library: Library) -> None:
    show_id = synced(library)
    library.edit_show(show_id, ShowChanges(watch_status=WatchStatus.ON_HOLD))
    result = mark_watched(library, show_id, EpisodeReference(2, 3), up_to=True, today=TODAY)
    assert not result.status_changed
    assert library.show(show_id).watch_status is WatchStatus.ON_HOLD


def test_a_synced_show_has_only_the_episodes_tvmaze_lists(library: Library) -> None:
    show_id = synced(library)
    with pytest.raises(EpisodeNotFoundError, match=r"no episode S1E9 on TVmaze.*episodes 1-4"):
        mark_watched(library, show_id, EpisodeReference(1, 9), today=TODAY)
    with pytest.raises(LibraryError, match="needs an episode"):
        mark_watched(library, show_id, EpisodeReference(1), up_to=True, today=TODAY)
    with pytest.raises(LibraryError, match="counts from season 1"):
        mark_watched(library, show_id, EpisodeReference(0, 2), up_to=True, today=TODAY)


def manual(library: Library) -> int:
    return library.add_show(
        NewShow(title="Dark", seasons=(SeasonEdit(1, date(2017, 12, 1), 10), SeasonEdit(2)))
    )


def test_marking_an_episode_of_a_hand_entered_show_creates_it(library: Library) -> None:
    show_id = manual(library)
    result = mark_watched(library, show_id, EpisodeReference(1, 3), today=TODAY)
    assert result.changed == 1
    assert [(e.season_number, e.number) for e in list_episodes(library, show_id)] == [(1, 3)]
    assert result.progress.seasons[0].aired == 10
    assert result.progress.next_to_watch == EpisodeReference(1, 1)


def test_a_hand_entered_show_refuses_episodes_beyond_its_seasons(library: Library) -> None:
    show_id = manual(library)
    with pytest.raises(EpisodeNotFoundError, match="has 10 episodes"):
        mark_watched(library, show_id, EpisodeReference(1, 11), today=TODAY)
    with pytest.raises(EpisodeNotFoundError, match="no season 3"):
        mark_watched(library, show_id, EpisodeReference(3, 1), today=TODAY)


def test_a_whole_hand_entered_season_creates_its_episodes(library: Library) -> None:
    show_id = manual(library)
    result = mark_watched(library, show_id, EpisodeReference(1), today=TODAY)
    assert result.changed == 10
    assert result.progress.caught_up and result.watch_status is WatchStatus.COMPLETED


def test_next_to_watch_for_the_list(library: Library) -> None:
    first = synced(library)
    second = synced(library, title="Andor", tvmaze=60574)
    hand = manual(library)
    untouched = library.add_show(NewShow(title="Nothing known"))
    mark_watched(library, first, EpisodeReference(1, 4), up_to=True, today=TODAY)
    mark_watched(library, hand, EpisodeReference(1, 2), up_to=True, today=TODAY)
    found = next_to_watch(library, today=TODAY)
    assert found == {
        first: EpisodeReference(2, 1),
        second: EpisodeReference(1, 1),
        hand: EpisodeReference(1, 3),
    }
    assert untouched not in found
    assert next_to_watch(library, [first], today=TODAY) == {first: EpisodeReference(2, 1)}
    assert next_to_watch(library, [], today=TODAY) == {}


def test_the_show_list_rows_get_their_next_episode(library: Library) -> None:
    show_id = synced(library)
    other = library.add_show(NewShow(title="Nothing known"))
    mark_watched(library, show_id, EpisodeReference(1, 1), today=TODAY)
    rows = {row.id: row for row in with_next_to_watch(library, library.list_shows(), today=TODAY)}
    assert rows[show_id].next_to_watch == EpisodeReference(1, 2)
    assert rows[other].next_to_watch is None
