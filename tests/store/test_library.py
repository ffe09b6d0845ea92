"""The library API: shows, user edits, seasons, notes and their protections."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from watchlist.core.records import ExternalIds
from watchlist.core.status import NetworkKind, RenewalStatus, WatchStatus
from watchlist.store.errors import (
    LibraryError,
    ListReadCancelledError,
    NoteNotFoundError,
    ShowNotFoundError,
)
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.store.limits import MAX_NOTE_LENGTH, MAX_TITLE_LENGTH
from watchlist.store.views import ShowQuery


def add_aouad(library: Library) -> int:
    return library.add_show(
        NewShow(
            title="All of Us Are Dead",
            network="Netflix",
            country="KR",
            genres=("Drama", "Horror"),
            premiered=date(2022, 1, 28),
            seasons=(SeasonEdit(1, date(2022, 1, 28), 12), SeasonEdit(2)),
        )
    )


def test_add_show_stores_seasons_and_guesses_network_kind(library: Library) -> None:
    show = library.show(add_aouad(library))
    assert show.title == "All of Us Are Dead"
    assert show.network_kind is NetworkKind.STREAMING
    assert [s.number for s in show.seasons] == [1, 2]
    assert show.seasons[1].is_announced
    assert len(show.aired_seasons) == 1


def test_add_show_cleans_whitespace_in_title(library: Library) -> None:
    show_id = library.add_show(NewShow(title="  Dark \n\t Season  "))
    assert library.show(show_id).title == "Dark Season"


@pytest.mark.parametrize("title", ["", "   ", "\n"])
def test_add_show_rejects_empty_title(library: Library, title: str) -> None:
    with pytest.raises(LibraryError, match="needs a title"):
        library.add_show(NewShow(title=title))
    assert library.count_shows() == 0


def test_add_show_rejects_absurd_title_and_stores_nothing(library: Library) -> None:
    with pytest.raises(LibraryError, match=f"at most {MAX_TITLE_LENGTH}"):
        library.add_show(NewShow(title="x" * (MAX_TITLE_LENGTH + 1)))
    assert library.count_shows() == 0


def test_duplicate_external_id_is_refused(library: Library) -> None:
    library.add_show(NewShow(title="Dark", external_ids=ExternalIds(tvmaze=17861)))
    with pytest.raises(LibraryError, match="already has TVmaze id 17861"):
        library.add_show(NewShow(title="Dark again", external_ids=ExternalIds(tvmaze=17861)))
    assert library.count_shows() == 1


def test_edit_show_marks_fields_as_users(library: Library) -> None:
    show_id = add_aouad(library)
    edited = library.edit_show(
        show_id,
        ShowChanges(
            renewal_status=RenewalStatus.RENEWED,
            renewal_announced_on=date(2022, 6, 6),
            next_season_expected="late 2023 or early 2024",
            rating=8,
        ),
    )
    assert edited.renewal_status is RenewalStatus.RENEWED
    assert edited.renewal_announced_on == date(2022, 6, 6)
    assert edited.user_edited == {"renewal", "next_season_expected", "rating"}


def test_edit_show_rejects_bad_expected_text_and_changes_nothing(library: Library) -> None:
    show_id = add_aouad(library)
    with pytest.raises(LibraryError, match="not a date Watchlist understands"):
        library.edit_show(show_id, ShowChanges(next_season_expected="soonish", rating=5))
    show = library.show(show_id)
    assert show.rating is None
    assert show.user_edited == frozenset()


@pytest.mark.parametrize("rating", [0, 11, -1])
def test_edit_show_rejects_rating_out_of_range(library: Library, rating: int) -> None:
    show_id = add_aouad(library)
    with pytest.raises(LibraryError, match="1 to 10"):
        library.edit_show(show_id, ShowChanges(rating=rating))


def test_clear_user_edit_forgets_the_override(library: Library) -> None:
    show_id = add_aouad(library)
    library.edit_show(show_id, ShowChanges(title="AOUAD"))
    library.clear_user_edit(show_id, "title")
    assert "title" not in library.show(show_id).user_edited


def test_set_season_adds_and_marks_season(library: Library) -> None:
    show_id = add_aouad(library)
    library.set_season(show_id, SeasonEdit(2, date(2026, 3, 1)))
    show = library.show(show_id)
    assert show.seasons[1].premiere_date == date(2026, 3, 1)
    assert "season:2" in show.user_edited


def test_find_show_by_id_exact_title_and_unique_part(library: Library) -> None:
    show_id = add_aouad(library)
    library.add_show(NewShow(title="Dead to Me"))
    assert library.find_show(str(show_id)).id == show_id
    assert library.find_show("all of us are dead").id == show_id
    assert library.find_show("of us").id == show_id


def test_find_show_reports_ambiguity_with_ids(library: Library) -> None:
    add_aouad(library)
    library.add_show(NewShow(title="Dead to Me"))
    with pytest.raises(ShowNotFoundError, match="matches several shows"):
        library.find_show("dead")


def test_find_unknown_show_says_so(library: Library) -> None:
    with pytest.raises(ShowNotFoundError, match="No show matches 'Lost'"):
        library.find_show("Lost")


def test_list_shows_filters_by_text_network_genre_and_watch_status(library: Library) -> None:
    add_aouad(library)
    other = library.add_show(NewShow(title="Ghosts", network="CBS", genres=("Comedy",)))
    library.edit_show(other, ShowChanges(watch_status=WatchStatus.WATCHING))
    assert [s.title for s in library.list_shows(ShowQuery(text="horror"))] == ["All of Us Are Dead"]
    assert [s.title for s in library.list_shows(ShowQuery(text="cbs"))] == ["Ghosts"]
    watching = library.list_shows(ShowQuery(watch_statuses=frozenset({WatchStatus.WATCHING})))
    assert [s.title for s in watching] == ["Ghosts"]


def test_list_shows_is_sorted_by_title_ignoring_case(library: Library) -> None:
    for title in ("dark", "Broadchurch", "All of Us Are Dead"):
        library.add_show(NewShow(title=title))
    assert [s.title for s in library.list_shows()] == ["All of Us Are Dead", "Broadchurch", "dark"]


def test_the_first_rows_of_the_list_are_the_lists_own_first_rows(library: Library) -> None:
    """The window's first page at start-up: the same rows, seasons and note counts as the
    head of the whole list, for the whole library or one watch status."""
    titles = ("dark", "Broadchurch", "All of Us Are Dead", "Andor", "bluey", "Cobra Kai")
    for number, title in enumerate(titles):
        show_id = library.add_show(
            NewShow(
                title=title,
                seasons=tuple(SeasonEdit(season, date(2020 + season, 1, 1)) for season in
                              range(1, number + 2)),
            )
        )  # fmt: skip
        for _ in range(number):
            library.add_note(show_id, f"A note on {title}")
        if number % 2:
            library.edit_show(show_id, ShowChanges(watch_status=WatchStatus.WATCHING))
    everything = library.list_shows()
    assert library.list_shows(first=3) == everything[:3]
    assert [s.title for s in library.list_shows(first=3)] == ["All of Us Are Dead", "Andor",
                                                               "bluey"]  # fmt: skip
    assert library.list_shows(first=100) == everything
    assert library.list_shows(first=0) == []
    watching = ShowQuery(watch_statuses=frozenset({WatchStatus.WATCHING}))
    assert library.list_shows(watching, first=2) == library.list_shows(watching)[:2]
    assert [s.title for s in library.list_shows(watching, first=2)] == ["Andor", "Broadchurch"]
    with pytest.raises(ValueError, match="count of shows"):
        library.list_shows(first=-1)
    with pytest.raises(ValueError, match="text filter"):  # the text filter would follow the cut
        library.list_shows(ShowQuery(text="dark"), first=2)


def test_count_by_watch_status_counts_every_status(library: Library) -> None:
    for title in ("Andor", "Bluey", "Dark"):
        library.add_show(NewShow(title=title))
    library.edit_show(
        library.resolve_show_id("Dark"), ShowChanges(watch_status=WatchStatus.DROPPED)
    )
    counts = library.count_by_watch_status()
    assert counts == {**dict.fromkeys(WatchStatus, 0), WatchStatus.PLAN_TO_WATCH: 2,
                      WatchStatus.DROPPED: 1}  # fmt: skip


def test_reading_the_list_stops_between_batches_when_asked(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchlist.store import library as library_module

    monkeypatch.setattr(library_module, "_BATCH_ROWS", 2)
    for title in ("Andor", "Bluey", "Dark", "Ghosts", "Severance"):
        library.add_show(NewShow(title=title, seasons=(SeasonEdit(1, date(2022, 1, 1)),)))
    asked = 0

    def stop_after_two_batches() -> bool:
        nonlocal asked
        asked += 1
        return asked > 2

    with pytest.raises(ListReadCancelledError, match="stopped"):
        library.list_shows(stop=stop_after_two_batches)
    assert asked == 3
    assert len(library.list_shows(stop=lambda: False)) == 5  # never asked to stop: every row


def test_notes_are_added_edited_and_deleted(library: Library) -> None:
    show_id = add_aouad(library)
    first = library.add_note(show_id, "Binged it.")
    second = library.add_note(show_id, "Season 2 confirmed!")
    assert [n.body for n in library.notes(show_id)] == ["Binged it.", "Season 2 confirmed!"]
    edited = library.edit_note(first.id, "Binged it in two nights.")
    assert edited.updated_at is not None and edited.updated_at > edited.created_at
    library.delete_note(second.id)
    assert [n.body for n in library.notes(show_id)] == ["Binged it in two nights."]


def test_editing_a_note_to_the_same_text_keeps_it_unedited(library: Library) -> None:
    note = library.add_note(add_aouad(library), "Same")
    assert library.edit_note(note.id, "Same ").updated_at is None


def test_note_search_is_case_insensitive_and_literal(library: Library) -> None:
    show_id = add_aouad(library)
    library.add_note(show_id, "100% worth it")
    library.add_note(show_id, "Episode 5 is great")
    assert [n.body for n in library.notes(search="100%")] == ["100% worth it"]
    assert [n.body for n in library.notes(search="EPISODE")] == ["Episode 5 is great"]
    assert library.notes(search="_") == []


def test_all_notes_newest_first_carry_show_title(library: Library) -> None:
    show_id = add_aouad(library)
    other = library.add_show(NewShow(title="Dark"))
    library.add_note(show_id, "older")
    library.add_note(other, "newer")
    notes = library.notes(newest_first=True)
    assert [(n.show_title, n.body) for n in notes] == [
        ("Dark", "newer"),
        ("All of Us Are Dead", "older"),
    ]


def test_empty_note_is_refused(library: Library) -> None:
    with pytest.raises(LibraryError, match="cannot be empty"):
        library.add_note(add_aouad(library), "  \n ")


def test_absurd_note_is_refused_whole(library: Library) -> None:
    show_id = add_aouad(library)
    with pytest.raises(LibraryError, match="Nothing was saved"):
        library.add_note(show_id, "a" * (MAX_NOTE_LENGTH + 1))
    assert library.notes(show_id) == []


def test_unknown_note_id_is_a_clear_error(library: Library) -> None:
    with pytest.raises(NoteNotFoundError, match="no note with id 99"):
        library.edit_note(99, "text")


def test_remove_show_takes_its_notes_and_seasons(library: Library) -> None:
    show_id = add_aouad(library)
    library.add_note(show_id, "one")
    library.add_note(show_id, "two")
    assert library.removal_preview(show_id).note_count == 2
    removed = library.remove_show(show_id)
    assert (removed.title, removed.note_count) == ("All of Us Are Dead", 2)
    assert library.count_shows() == 0
    assert library.notes() == []
    with library.reading() as session:
        assert session.execute(text("SELECT count(*) FROM seasons")).scalar_one() == 0


def test_database_refuses_to_delete_a_show_that_still_has_notes(library: Library) -> None:
    show_id = add_aouad(library)
    library.add_note(show_id, "mine")
    with pytest.raises(IntegrityError), library.engine.begin() as connection:
        connection.execute(text("DELETE FROM shows WHERE id = :id"), {"id": show_id})
    assert [n.body for n in library.notes(show_id)] == ["mine"]


def test_timestamps_come_from_the_injected_clock(library: Library) -> None:
    note = library.add_note(add_aouad(library), "hello")
    assert note.created_at.year == 2023
    assert note.created_at.tzinfo is not None


def test_edit_network_and_synopsis_marks_them_as_users(library: Library) -> None:
    show_id = add_aouad(library)
    edited = library.edit_show(show_id, ShowChanges(network="Netflix Korea", synopsis="Mine."))
    assert edited.user_edited == {"network", "synopsis"}
