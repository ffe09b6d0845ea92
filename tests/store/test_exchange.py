"""Export (JSON v1, CSV) and import: lossless, idempotent, all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from watchlist.store.errors import ImportFileError
from watchlist.store.exchange import (
    export_csv,
    export_document,
    export_json,
    import_document,
    import_file,
)
from watchlist.store.library import Library, NewShow, SeasonEdit, ShowChanges
from watchlist.store.views import ShowQuery


def without_timestamp(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "exported_at"}


def fresh_library(tmp_path: Path, name: str) -> Library:
    return Library.open(f"sqlite:///{tmp_path / name}")


def minimal_document(**show_fields: Any) -> dict[str, Any]:
    show = {"title": "Dark", "seasons": [], "notes": []}
    show.update(show_fields)
    return {"format": "watchlist-export", "version": 1, "exported_at": None, "shows": [show]}


def test_export_has_the_documented_shape(library: Library) -> None:
    show_id = library.add_show(
        NewShow(
            title="All of Us Are Dead",
            network="Netflix",
            country="KR",
            language="Korean",
            genres=("Drama", "Horror"),
            premiered=date(2022, 1, 28),
            seasons=(SeasonEdit(1, date(2022, 1, 28), 12, date(2022, 1, 28)),),
        )
    )
    library.edit_show(show_id, ShowChanges(renewal_status="renewed",
                                           renewal_announced_on=date(2022, 6, 6)))  # fmt: skip
    library.add_note(show_id, "Great")
    document = export_document(library)
    assert document["format"] == "watchlist-export"
    assert document["version"] == 1
    show = document["shows"][0]
    assert show["renewal"] == {"status": "renewed", "announced_on": "2022-06-06"}
    assert show["seasons"][0] == {
        "number": 1,
        "name": "",
        "premiere_date": "2022-01-28",
        "end_date": "2022-01-28",
        "episode_count": 12,
    }
    assert show["notes"][0]["body"] == "Great"
    assert show["notes"][0]["created_at"].endswith("+00:00")
    assert show["user_edited"] == ["renewal"]
    documented = {
        "external_ids", "network", "country", "language", "genres", "synopsis", "status",
        "premiered", "ended", "watch_status", "rating", "next_season_expected",
    }  # fmt: skip
    assert documented <= show.keys()


def test_export_import_export_is_identical(tmp_path: Path, sample_library_file: Path) -> None:
    with fresh_library(tmp_path, "a.sqlite3") as first:
        import_file(first, sample_library_file)
        show_id = first.find_show("Dark").id
        first.add_note(show_id, "Edited note\nwith two lines")
        first.edit_note(first.notes(show_id)[-1].id, "Edited note\nwith *two* lines")
        exported = export_json(first)
    with fresh_library(tmp_path, "b.sqlite3") as second:
        import_document(second, exported)
        again = export_json(second)
    assert without_timestamp(json.loads(again)) == without_timestamp(json.loads(exported))


def test_reimporting_the_same_file_adds_nothing(
    library: Library, sample_library_file: Path
) -> None:
    first = import_file(library, sample_library_file)
    before = export_document(library)
    second = import_file(library, sample_library_file)
    assert first.shows_added == 12 and first.notes_added > 0
    assert (second.shows_added, second.notes_added) == (0, 0)
    assert second.shows_matched == 12
    assert second.notes_already_present == first.notes_added
    assert without_timestamp(export_document(library)) == without_timestamp(before)


def test_import_merges_new_notes_into_a_matching_show(library: Library) -> None:
    library.add_show(NewShow(title="Dark"))
    document = minimal_document(
        notes=[{"created_at": "2020-07-04T19:02:00+00:00", "updated_at": None, "body": "Wow"}]
    )
    report = import_document(library, json.dumps(document))
    assert (report.shows_added, report.shows_matched, report.notes_added) == (0, 1, 1)
    assert [n.body for n in library.notes()] == ["Wow"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seasons": [{"number": 1, "premiere_date": "28/01/2022"}]},
         "shows[0].seasons[0].premiere_date: not a date"),
        ({"title": ""}, "shows[0].title: A show needs a title"),
        ({"title": None}, "shows[0].title: not a string"),
        ({"rating": 11}, "shows[0].rating: A rating is a whole number from 1 to 10"),
        ({"watch_status": "binging"}, "shows[0].watch_status: 'binging' is not one of"),
        ({"notes": [{"created_at": "yesterday", "body": "x"}]},
         "shows[0].notes[0].created_at: not a date and time"),
        ({"notes": [{"created_at": "2020-01-01T00:00:00+00:00", "body": ""}]},
         "shows[0].notes[0].body: A note cannot be empty"),
        ({"next_season_expected": "whenever"},
         "shows[0].next_season_expected: 'whenever' is not a date"),
        ({"seasons": [{"number": 1}, {"number": 1}]}, "season 1 appears twice"),
        ({"genres": "Drama"}, "shows[0].genres: not a list"),
    ],
)  # fmt: skip
def test_invalid_file_changes_nothing_and_names_the_place(
    library: Library, sample_library_file: Path, change: dict[str, Any], message: str
) -> None:
    import_file(library, sample_library_file)
    before = export_document(library)
    document = minimal_document(**change)
    document["shows"].insert(0, {"title": "A valid new show", "seasons": [], "notes": []})
    message = message.replace("shows[0]", "shows[1]")
    with pytest.raises(ImportFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_document(library, json.dumps(document))
    assert without_timestamp(export_document(library)) == without_timestamp(before)


def test_invalid_json_reports_line_and_column(library: Library) -> None:
    with pytest.raises(ImportFileError, match="line 2, column"):
        import_document(library, '{"format": "watchlist-export",\n "version": 1,, }')


def test_file_of_another_format_is_refused(library: Library) -> None:
    with pytest.raises(ImportFileError, match="not a Watchlist export"):
        import_document(library, json.dumps({"shows": []}))


def test_file_from_a_newer_version_is_refused(library: Library) -> None:
    document = minimal_document()
    document["version"] = 2
    with pytest.raises(ImportFileError, match="newer Watchlist"):
        import_document(library, json.dumps(document))


def test_duplicate_ids_within_a_file_are_refused(library: Library) -> None:
    document = minimal_document(external_ids={"tvmaze": 5})
    document["shows"].append({"title": "Other", "external_ids": {"tvmaze": 5}})
    with pytest.raises(ImportFileError, match=r"shows\[1\].external_ids.tvmaze: 5 is also used"):
        import_document(library, json.dumps(document))
    assert library.count_shows() == 0


def test_missing_and_non_utf8_files_are_clear_errors(library: Library, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="Cannot read"):
        import_file(library, tmp_path / "missing.json")
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"title": "Café"}'.encode("latin-1"))
    with pytest.raises(ImportFileError, match="not UTF-8"):
        import_file(library, latin)


def test_many_problems_are_summarised(library: Library) -> None:
    document = {
        "format": "watchlist-export",
        "version": 1,
        "shows": [{"title": None} for _ in range(15)],
    }
    with pytest.raises(ImportFileError, match="and 5 more problems"):
        import_document(library, json.dumps(document))


def test_sample_library_has_all_of_us_are_dead_with_its_facts(
    library: Library, sample_library_file: Path
) -> None:
    import_file(library, sample_library_file)
    show = library.find_show("All of Us Are Dead")
    assert (show.network, show.country, show.language) == ("Netflix", "KR", "Korean")
    assert show.premiered == date(2022, 1, 28)
    assert show.renewal_status.value == "renewed"
    assert show.renewal_announced_on == date(2022, 6, 6)
    assert [(s.number, s.premiere_date, s.episode_count) for s in show.seasons] == [
        (1, date(2022, 1, 28), 12),
        (2, None, None),
    ]
    assert show.note_count >= 2


def test_sample_library_covers_every_kind_of_show(
    library: Library, sample_library_file: Path
) -> None:
    import_file(library, sample_library_file)
    shows = library.list_shows(ShowQuery())
    renewals = {show.renewal_status.value for show in shows}
    assert {"ended", "cancelled", "awaiting", "renewed"} <= renewals
    assert any(s.network_kind and s.network_kind.value == "broadcast" for s in shows)
    assert 10 <= len(shows) <= 15


def test_csv_export_lists_shows_and_defuses_formulas(library: Library) -> None:
    library.add_show(NewShow(title='=HYPERLINK("http://evil")', network="Netflix"))
    library.add_show(NewShow(title="Dark", genres=("Drama", "Mystery")))
    rows = list(csv.DictReader(io.StringIO(export_csv(library))))
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("http://evil")', "Dark"]
    assert rows[1]["genres"] == "Drama; Mystery"
