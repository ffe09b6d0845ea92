"""Notes about a season or an episode, pinned notes, the Markdown export and their round trip."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.store.shows import add_synced, weekly
from watchlist.core.episodes import EpisodeReference
from watchlist.core.records import SeasonRecord
from watchlist.store.errors import ImportFileError
from watchlist.store.exchange import export_document, export_json, import_document
from watchlist.store.library import Library, NewShow
from watchlist.store.notes_markdown import export_notes_markdown

DATABASES = Path(__file__).parent.parent / "fixtures" / "databases"


def test_a_note_can_be_about_an_episode_and_pinned(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    note = library.add_note(show_id, "Time travel!", reference=EpisodeReference(1, 3), pinned=True)
    assert (note.season_number, note.episode_number, note.pinned) == (1, 3, True)
    assert note.reference_label == "S1E3"
    stored = library.note(note.id)
    assert stored.reference == EpisodeReference(1, 3) and stored.pinned


def test_references_can_change_and_be_cleared(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    note = library.add_note(show_id, "Hmm")
    assert note.reference is None and not note.pinned
    assert library.set_note_reference(note.id, EpisodeReference(2)).reference_label == "S2"
    edited = library.edit_note(note.id, "Hmm, indeed", reference=None)
    assert edited.reference is None and edited.body == "Hmm, indeed"
    kept = library.edit_note(note.id, "Hmm, really")
    assert kept.reference is None


def test_pinned_notes_come_first_when_asked(library: Library) -> None:
    show_id = library.add_show(NewShow(title="Dark"))
    first = library.add_note(show_id, "first")
    second = library.add_note(show_id, "second")
    third = library.add_note(show_id, "third")
    library.pin_note(third.id)
    library.pin_note(second.id)
    library.pin_note(second.id, False)
    assert [n.body for n in library.notes(show_id)] == ["first", "second", "third"]
    assert [n.body for n in library.notes(show_id, pinned_first=True)] == [
        "third",
        "first",
        "second",
    ]
    assert [n.id for n in library.notes(show_id, pinned_first=True, newest_first=True)] == [
        third.id,
        second.id,
        first.id,
    ]


def test_markdown_export_puts_pinned_notes_first_with_dates_and_references(
    library: Library,
) -> None:
    show_id = library.add_show(NewShow(title="Dark [2017]", network="Netflix", rating=9))
    library.add_note(
        show_id, "Jonas *finds* the cave.", reference=EpisodeReference(1, 1),
        created_at=datetime(2020, 7, 4, 19, 2, tzinfo=UTC),
    )  # fmt: skip
    pinned = library.add_note(
        show_id, "The best ending.", created_at=datetime(2020, 7, 5, 9, 0, tzinfo=UTC)
    )
    library.pin_note(pinned.id)
    text = export_notes_markdown(library, show_id, zone=timezone(timedelta(hours=2)))
    assert text == (
        "# Dark \\[2017\\]\n\n"
        "Netflix · Plan to watch · 9/10\n\n"
        "## Pinned\n\n"
        "### 5 July 2020, 11:00\n\nThe best ending.\n\n"
        "## Notes\n\n"
        "### 4 July 2020, 21:02 · S1E1\n\nJonas *finds* the cave.\n"
    )


def test_export_and_import_keep_references_pins_and_air_times(
    library: Library, tmp_path: Path
) -> None:
    show_id = add_synced(
        library,
        seasons=(SeasonRecord(1, premiere_date=date(2025, 1, 1), episode_count=2),),
        episodes=weekly(1, 2, date(2025, 1, 1), hour=2),
    )
    library.add_note(show_id, "About S1E2", reference=EpisodeReference(1, 2), pinned=True)
    exported = export_json(library)
    show = json.loads(exported)["shows"][0]
    assert show["notes"][0] | {"created_at": None} == {
        "created_at": None,
        "updated_at": None,
        "body": "About S1E2",
        "season": 1,
        "episode": 2,
        "pinned": True,
    }
    assert show["episodes"][0]["airstamp"] == "2025-01-01T02:00:00+00:00"
    assert show["episodes"][0]["runtime"] == 50
    with Library.open(f"sqlite:///{tmp_path / 'again.sqlite3'}") as again:
        import_document(again, exported)
        assert export_document(again)["shows"] == json.loads(exported)["shows"]


def test_an_episode_without_its_season_is_refused(library: Library) -> None:
    document = {
        "format": "watchlist-export",
        "version": 1,
        "shows": [
            {
                "title": "Dark",
                "notes": [{"created_at": "2020-01-01T00:00:00+00:00", "body": "x", "episode": 3}],
            }
        ],
    }
    with pytest.raises(ImportFileError, match=r"notes\[0\].episode: an episode needs its season"):
        import_document(library, json.dumps(document))


@pytest.mark.sqlite_only
def test_a_library_from_revision_0003_upgrades_keeping_its_note_search(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    shutil.copy(DATABASES / "library-0003.sqlite3", path)
    with Library.open(f"sqlite:///{path}") as library:
        notes = library.notes()
        assert [(n.pinned, n.reference) for n in notes] == [(False, None), (False, None)]
        show_id = notes[0].show_id
        library.add_note(show_id, "A rooftop chase", reference=EpisodeReference(1, 5))
        assert [n.body for n in library.notes(search="rooftop")] == ["A rooftop chase"]
