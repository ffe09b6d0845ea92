"""Generated import files, valid-ish and broken: imported whole or refused whole, never a crash.

Runs on SQLite and PostgreSQL (whose column lengths and integer range are stricter).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.hostile import hostile_scalars, json_values
from tests.store.snapshot import snapshot
from watchlist.store.errors import ImportFileError
from watchlist.store.exchange import import_document
from watchlist.store.library import Library, NewShow

HOSTILE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

VALID_SHOW: dict[str, Any] = {
    "title": "All of Us Are Dead",
    "external_ids": {"tvmaze": 55555, "imdb": "tt14169960", "thetvdb": 401234},
    "network": "Netflix",
    "country": "KR",
    "language": "Korean",
    "genres": ["Drama", "Horror"],
    "synopsis": "A school under siege.",
    "synopsis_html": "<p>A school <b>under siege</b>.</p>",
    "status": "running",
    "renewal": {"status": "renewed", "announced_on": "2022-06-06"},
    "premiered": "2022-01-28",
    "ended": None,
    "watch_status": "watching",
    "rating": 8,
    "next_season_expected": "late 2025",
    "poster_url": "https://static.tvmaze.com/uploads/images/medium_portrait/1/1.jpg",
    "added_at": "2022-02-01T10:00:00+00:00",
    "updated_at": "2022-06-07T10:00:00+00:00",
    "last_synced_at": None,
    "seasons": [
        {
            "number": 1,
            "name": "",
            "premiere_date": "2022-01-28",
            "end_date": "2022-01-28",
            "episode_count": 12,
        },
        {
            "number": 2,
            "name": "Season 2",
            "premiere_date": None,
            "end_date": None,
            "episode_count": None,
        },
    ],
    "episodes": [
        {"season": 1, "number": 1, "title": "Episode 1", "airdate": "2022-01-28", "watched": True},
    ],
    "notes": [
        {"created_at": "2022-02-03T21:15:00+00:00", "updated_at": None, "body": "Binged it."},
    ],
    "user_edited": ["renewal"],
}

scalars = hostile_scalars(
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "tt" + "9" * 30,
        "<script>alert(1)</script>",
        "lone \ud800 surrogate",
        "\udce9",
        "NUL \x00 inside",
    ],
    # Just past a limit (title 300, note 100,000 characters), or absurdly long.
    [81, 301, 2_001, 50_001, 100_001, 1_000_000],
)
any_json = json_values(scalars)


@st.composite
def hostile_documents(draw: st.DrawFn) -> str:
    """An export document, more or less broken; or something that is not one at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.text(max_size=200), any_json.map(json.dumps)))
    show = copy.deepcopy(VALID_SHOW)
    places: list[dict[str, Any]] = [show, show["external_ids"], show["renewal"]]
    places += [item for key in ("seasons", "episodes", "notes") for item in show[key]]
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(places))
        key = draw(st.sampled_from([*sorted(target), "unknown"]))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(any_json)
    shows: list[Any] = [show]
    if draw(st.booleans()):
        shows.append(draw(any_json))
    document: dict[str, Any] = {"format": "watchlist-export", "version": 1, "shows": shows}
    if draw(st.integers(0, 5)) == 0:
        document[draw(st.sampled_from(["format", "version", "shows"]))] = draw(any_json)
    return json.dumps(document, allow_nan=True)


@pytest.fixture
def library_with_own_notes(library: Library) -> Library:
    show_id = library.add_show(NewShow(title="Dark"))
    library.add_note(show_id, "my own words, never to be lost")
    return library


@HOSTILE
@given(text=hostile_documents())
def test_an_import_is_whole_or_nothing_and_never_crashes(
    library_with_own_notes: Library, text: str
) -> None:
    library = library_with_own_notes
    before = snapshot(library)
    try:
        import_document(library, text)
    except ImportFileError:
        event("refused")
        assert snapshot(library) == before
    else:
        event("imported")
    assert "my own words, never to be lost" in [note.body for note in library.notes()]


def _document(show: dict[str, Any]) -> str:
    return json.dumps({"format": "watchlist-export", "version": 1, "shows": [show]})


def _nested(depth: int, opening: str, closing: str) -> str:
    return opening * depth + closing * depth


UNPARSABLE = {
    "arrays nested 5,000 deep": (
        '{"format": "watchlist-export", "version": 1, "shows": ' + _nested(5_000, "[", "]") + "}",
        "nests lists or objects hundreds of levels deep",
    ),
    "objects nested 5,000 deep": (
        '{"format": "watchlist-export", "version": 1, "shows": [{"title": "x", "renewal": '
        + _nested(5_000, '{"a": ', "}").replace('{"a": }', '{"a": 1}')
        + "}]}",
        "nests lists or objects hundreds of levels deep",
    ),
    "a 5,000-digit integer": (
        '{"format": "watchlist-export", "version": 1, "shows": [{"title": "x", "rating": '
        + "9" * 5_000
        + "}]}",
        "a number more than 4,300 digits long",
    ),
}


@pytest.mark.parametrize("case", sorted(UNPARSABLE))
def test_a_file_no_parser_can_hold_is_refused_with_one_line(
    library_with_own_notes: Library, case: str
) -> None:
    text, message = UNPARSABLE[case]
    before = snapshot(library_with_own_notes)
    with pytest.raises(ImportFileError, match=message) as refused:
        import_document(library_with_own_notes, text)
    assert "\n" not in str(refused.value) and str(refused.value).endswith("Nothing was changed.")
    assert snapshot(library_with_own_notes) == before


# Every string of the export that ends up in the database, by where it sits in VALID_SHOW.
STORED_STRINGS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "network": ("network",),
    "country": ("country",),
    "language": ("language",),
    "genre": ("genres", 0),
    "synopsis": ("synopsis",),
    "synopsis_html": ("synopsis_html",),
    "imdb id": ("external_ids", "imdb"),
    "poster_url": ("poster_url",),
    "next_season_expected": ("next_season_expected",),
    "season name": ("seasons", 1, "name"),
    "episode title": ("episodes", 0, "title"),
    "note body": ("notes", 0, "body"),
    "user_edited entry": ("user_edited", 0),
}


def _with_text(where: tuple[str | int, ...], text: str) -> dict[str, Any]:
    show = copy.deepcopy(VALID_SHOW)
    holder: Any = show
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = text
    return show


@pytest.mark.parametrize("place", sorted(STORED_STRINGS))
@pytest.mark.parametrize(
    ("text", "problem"),
    [("x\ud800", "lone surrogate ('\\ud800') at character 2"), ("a\x00b", "NUL character")],
    ids=["lone surrogate", "NUL"],
)
def test_text_no_database_can_store_is_refused_wherever_it_is(
    library_with_own_notes: Library, place: str, text: str, problem: str
) -> None:
    document = _document(_with_text(STORED_STRINGS[place], text))
    assert "\\u" in document  # the JSON escape the file holds: "\ud800" or "\u0000"
    before = snapshot(library_with_own_notes)
    with pytest.raises(ImportFileError, match=re.escape(problem)):
        import_document(library_with_own_notes, document)
    assert snapshot(library_with_own_notes) == before
