"""Merging provider records into the library: the user's fields, notes and seasons are safe."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from watchlist.core.changes import ChangeKind
from watchlist.core.records import EpisodeRecord, ExternalIds, SeasonRecord, ShowRecord
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus
from watchlist.store.errors import LibraryError
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.sync.merge import mark_gone, merge_show

TODAY = date(2023, 1, 3)


def aouad(**changes: object) -> ShowRecord:
    """All of Us Are Dead as TVmaze described it: season 1 aired, season 2 announced."""
    record = ShowRecord(
        title="All of Us Are Dead",
        external_ids=ExternalIds(tvmaze=55555, imdb="tt14169960"),
        network="Netflix",
        network_kind=NetworkKind.STREAMING,
        country=None,
        language="Korean",
        genres=("Drama", "Horror", "Thriller"),
        synopsis="A high school becomes ground zero for a zombie virus outbreak.",
        synopsis_html="<p>A high school becomes ground zero for a zombie virus outbreak.</p>",
        status=ShowStatus.RUNNING,
        premiered=date(2022, 1, 28),
        image_url="https://static.tvmaze.com/uploads/images/medium_portrait/55555.jpg",
        provider_updated=1_690_000_000,
        seasons=(
            SeasonRecord(1, "", date(2022, 1, 28), date(2022, 1, 28), 12, 120001),
            SeasonRecord(2, "", None, None, None, 150002),
        ),
        episodes=tuple(
            EpisodeRecord(1, number, f"Episode {number}", date(2022, 1, 28), 55555100 + number)
            for number in range(1, 13)
        ),
    )
    return replace(record, **changes)  # type: ignore[arg-type]


def aired_only(record: ShowRecord) -> ShowRecord:
    return replace(record, seasons=record.seasons[:1])


def test_new_show_gets_every_provider_field(library: Library) -> None:
    result = merge_show(library, aouad(), today=TODAY)
    show = library.show(result.show_id)
    assert result.created and show.title == "All of Us Are Dead"
    assert (show.network, show.network_kind, show.language) == (
        "Netflix",
        NetworkKind.STREAMING,
        "Korean",
    )
    assert show.renewal_status is RenewalStatus.RENEWED
    assert show.external_ids.as_dict() == {"tvmaze": 55555, "imdb": "tt14169960"}
    assert show.last_synced_at is not None and show.user_edited == frozenset()


def test_first_add_records_no_news(library: Library) -> None:
    merge_show(library, aouad(), today=TODAY)
    assert library.changes() == []


def test_provider_fields_are_updated(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    result = merge_show(library, aouad(genres=("Horror",), language="ko"), today=TODAY)
    show = library.show(show_id)
    assert result.changed and (show.genres, show.language) == (("Horror",), "ko")


def test_identical_record_changes_nothing(library: Library) -> None:
    merge_show(library, aouad(), today=TODAY)
    result = merge_show(library, aouad(provider_updated=1_690_000_100), today=TODAY)
    assert not result.changed and result.changes == ()


def test_sync_keeps_user_edited_title_and_network(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.edit_show(show_id, ShowChanges(title="지금 우리 학교는", network="넷플릭스"))
    merge_show(library, aouad(title="All Of Us Are Dead (2022)"), today=TODAY)
    show = library.show(show_id)
    assert (show.title, show.network) == ("지금 우리 학교는", "넷플릭스")


def test_sync_keeps_user_edited_renewal(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.edit_show(
        show_id,
        ShowChanges(renewal_status=RenewalStatus.CANCELLED, renewal_announced_on=date(2023, 1, 1)),
    )
    merge_show(library, aouad(), today=TODAY)
    show = library.show(show_id)
    assert (show.renewal_status, show.renewal_announced_on) == (
        RenewalStatus.CANCELLED,
        date(2023, 1, 1),
    )


def test_sync_keeps_user_edited_synopsis(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.edit_show(show_id, ShowChanges(synopsis="My own words."))
    merge_show(library, aouad(synopsis="New text", synopsis_html="<p>New text</p>"), today=TODAY)
    assert library.show(show_id).synopsis == "My own words."


def test_sync_never_touches_watch_status_rating_or_notes(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.edit_show(show_id, ShowChanges(watch_status=WatchStatus.WATCHING, rating=9))
    library.clear_user_edit(show_id, "watch_status")
    library.clear_user_edit(show_id, "rating")
    note = library.add_note(show_id, "Binged all 12 episodes in three nights.")
    merge_show(library, aouad(title="Renamed upstream"), today=TODAY)
    show = library.show(show_id)
    assert (show.watch_status, show.rating) == (WatchStatus.WATCHING, 9)
    assert [(n.id, n.body, n.created_at, n.updated_at) for n in library.notes(show_id)] == [
        (note.id, note.body, note.created_at, None)
    ]


def test_watched_flags_survive_a_sync(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    with library.writing() as session:
        from watchlist.store.models import Episode

        episode = session.query(Episode).filter_by(show_id=show_id, number=1).one()
        episode.watched = True
    renamed = tuple(replace(e, title=f"Chapter {e.number}") for e in aouad().episodes)
    merge_show(library, aouad(episodes=renamed[1:]), today=TODAY)  # E1 gone upstream
    with library.reading() as session:
        episodes = [
            (episode.number, episode.title, episode.watched)
            for episode in session.query(Episode).filter_by(show_id=show_id)
        ]
    watched = [(number, title) for number, title, seen in episodes if seen]
    assert watched == [(1, "Episode 1")] and len(episodes) == 12


def test_unwatched_episodes_gone_upstream_are_removed(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    merge_show(library, aouad(episodes=aouad().episodes[:3]), today=TODAY)
    assert library.next_episode(show_id, date(2022, 1, 1)) is not None
    with library.reading() as session:
        from watchlist.store.models import Episode

        assert session.query(Episode).filter_by(show_id=show_id).count() == 3


def test_user_edited_season_is_left_alone(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.set_season(show_id, SeasonEdit(2, date(2025, 6, 1), 8))
    merge_show(library, aouad(), today=TODAY)
    season = library.show(show_id).seasons[1]
    assert (season.premiere_date, season.episode_count) == (date(2025, 6, 1), 8)


def test_season_removed_by_the_user_is_not_brought_back(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.remove_season(show_id, 2)
    merge_show(library, aouad(), today=TODAY)
    assert [season.number for season in library.show(show_id).seasons] == [1]


def test_season_gone_upstream_is_removed(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    merge_show(library, aired_only(aouad()), today=TODAY)
    assert [season.number for season in library.show(show_id).seasons] == [1]


def test_new_season_announced_records_renewed(library: Library) -> None:
    show_id = merge_show(library, aired_only(aouad()), today=TODAY).show_id
    assert library.show(show_id).renewal_status is RenewalStatus.AWAITING
    merge_show(library, aouad(), today=TODAY)
    show = library.show(show_id)
    [change] = library.changes()
    assert (change.kind, change.season_number, change.summary) == (
        ChangeKind.RENEWED,
        2,
        "Renewed for season 2",
    )
    assert show.renewal_status is RenewalStatus.RENEWED
    assert show.renewal_announced_on == TODAY


def test_ended_upstream_records_ended(library: Library) -> None:
    merge_show(library, aired_only(aouad()), today=TODAY)
    merge_show(library, aired_only(aouad(status=ShowStatus.ENDED)), today=TODAY)
    assert [change.kind for change in library.changes()] == [ChangeKind.ENDED]


def test_announced_season_getting_a_date_records_the_date(library: Library) -> None:
    merge_show(library, aouad(), today=TODAY)
    dated = (*aouad().seasons[:1], SeasonRecord(2, "", date(2023, 12, 1), None, 8, 150002))
    merge_show(library, aouad(seasons=dated), today=TODAY)
    [change] = library.changes()
    assert (change.kind, change.summary) == (
        ChangeKind.SEASON_DATED,
        "Season 2 premieres 1 December 2023",
    )


def test_season_date_moving_records_both_dates(library: Library) -> None:
    dated = (*aouad().seasons[:1], SeasonRecord(2, "", date(2023, 12, 1), None, 8, 150002))
    merge_show(library, aouad(seasons=dated), today=TODAY)
    moved = (*dated[:1], replace(dated[1], premiere_date=date(2024, 2, 2)))
    merge_show(library, aouad(seasons=moved), today=TODAY)
    assert library.changes()[0].summary == "Season 2 moved from 1 December 2023 to 2 February 2024"


def test_second_announced_season_records_an_announcement(library: Library) -> None:
    merge_show(library, aouad(), today=TODAY)
    more = (*aouad().seasons, SeasonRecord(3, "", None, None, None, 150003))
    merge_show(library, aouad(seasons=more), today=TODAY)
    [change] = library.changes()
    assert (change.kind, change.summary) == (ChangeKind.SEASON_ANNOUNCED, "Season 3 announced")


def test_old_season_date_filled_in_is_not_news(library: Library) -> None:
    undated = (replace(aouad().seasons[0], premiere_date=None),)
    merge_show(library, aouad(seasons=undated, status=ShowStatus.ENDED), today=TODAY)
    merge_show(library, aouad(seasons=aouad().seasons[:1], status=ShowStatus.ENDED), today=TODAY)
    assert library.changes() == []


def test_failed_merge_leaves_the_show_unchanged(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    before = library.show(show_id)
    broken = aouad(
        title="Changed title",
        seasons=(SeasonRecord(1, "", date(2022, 1, 28), None, -5, 120001),),  # refused by the DB
    )
    with pytest.raises(LibraryError):
        merge_show(library, broken, today=TODAY)
    assert library.show(show_id) == before


def test_external_id_held_by_another_show_is_not_taken(library: Library) -> None:
    library.add_show(NewShow(title="Imported", external_ids=ExternalIds(imdb="tt14169960")))
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    assert library.show(show_id).external_ids.imdb is None


def test_merge_into_a_given_show_links_it(library: Library) -> None:
    show_id = library.add_show(NewShow(title="AOUAD", external_ids=ExternalIds(imdb="tt14169960")))
    library.add_note(show_id, "Mine")
    merge_show(library, aouad(), today=TODAY, show_id=show_id)
    show = library.show(show_id)
    assert show.external_ids.tvmaze == 55555 and show.note_count == 1


def test_gone_is_recorded_once_and_keeps_everything(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    library.add_note(show_id, "Still mine")
    assert mark_gone(library, show_id) is True
    assert mark_gone(library, show_id) is False
    show = library.show(show_id)
    assert show.provider_gone_at is not None and show.note_count == 1
    assert [change.kind for change in library.changes()] == [ChangeKind.GONE]


def test_show_back_upstream_is_no_longer_gone(library: Library) -> None:
    show_id = merge_show(library, aouad(), today=TODAY).show_id
    mark_gone(library, show_id)
    merge_show(library, aouad(), today=TODAY)
    assert library.show(show_id).provider_gone_at is None
