"""Generated TVmaze answers, valid-ish and broken, through the provider's parsing and the merge.

Every answer either merges whole or is refused as malformed with nothing written; never another
exception. Runs on SQLite and PostgreSQL (whose column lengths and integer range are stricter).
"""

from __future__ import annotations

import copy
import json
import logging
from datetime import date
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug import Response

from tests.hostile import hostile_scalars, json_values
from tests.store.snapshot import snapshot
from tests.sync.fake_tvmaze import (
    FakeTvmaze,
    all_of_us_are_dead,
    quiet_harbour,
    the_witcher,
    under_the_dome,
    untitled_space_drama,
)
from watchlist.core.errors import WatchlistError
from watchlist.store.library import Library
from watchlist.sync.errors import MalformedResponseError
from watchlist.sync.http import HttpClient
from watchlist.sync.merge import find_by_tvmaze_id, merge_show
from watchlist.sync.service import SyncService
from watchlist.sync.tvmaze import TvmazeProvider

TODAY = date(2025, 7, 15)
BASES = [under_the_dome(), all_of_us_are_dead(), the_witcher(), quiet_harbour()]
BASES.append(untitled_space_drama())
for base in BASES:
    base.setdefault("updated", 1_700_000_000)

HOSTILE = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = hostile_scalars(
    [
        "Running",
        "To Be Determined",
        "<img src=https://evil.example/x.png onerror=alert(1)>",
        "lone \ud800 surrogate",
        "NUL \x00 inside",
    ],
    [81, 121, 301, 50_001, 250_000],
    st.integers(1990, 2100).map(lambda size: "https://static.tvmaze.com/" + "a" * size + ".jpg"),
)
any_json = json_values(scalars)


def _objects_in(show: dict[str, Any]) -> list[dict[str, Any]]:
    """The show and every object nested in it that a mutation may aim at."""
    found: list[dict[str, Any]] = []
    pending: list[Any] = [show]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            found.append(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return found


@st.composite
def hostile_show_payloads(draw: st.DrawFn) -> tuple[int, Any]:
    """(the TVmaze id asked for, the answer): a real show's answer, more or less broken."""
    base = draw(st.sampled_from(BASES))
    requested = int(base["id"])
    if draw(st.integers(0, 14)) == 0:
        return requested, draw(any_json)
    show = copy.deepcopy(base)
    places = _objects_in(show)
    for _ in range(draw(st.integers(0, 4))):
        target = draw(st.sampled_from(places))
        key = draw(st.sampled_from([*sorted(target), "unknown"]))
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(any_json)
    return requested, show


class CannedClient:
    """Stands in for the HTTP client: every request gets the one answer, decoded from JSON."""

    requests_made = 0

    def __init__(self, answer: Any) -> None:
        self.body = json.dumps(answer, allow_nan=True)

    def get_json(self, path: str, params: object = None, *, what: str) -> Any:
        return json.loads(self.body)

    def close(self) -> None:
        pass


@pytest.fixture
def followed_library(library: Library) -> Library:
    """Every base show already followed, each with a note of the user's."""
    for body in BASES:
        provider = TvmazeProvider(cast(HttpClient, CannedClient(body)))
        result = merge_show(library, provider.fetch_show(int(body["id"])), today=TODAY)
        library.add_note(result.show_id, f"my note on {result.title}")
    return library


@pytest.mark.all_backends
@HOSTILE
@given(request=hostile_show_payloads())
def test_a_tvmaze_answer_merges_whole_or_is_refused_cleanly(
    followed_library: Library, request: tuple[int, Any]
) -> None:
    library = followed_library
    requested, answer = request
    before = snapshot(library)
    provider = TvmazeProvider(cast(HttpClient, CannedClient(answer)))
    try:
        record = provider.fetch_show(requested)
    except MalformedResponseError as error:
        event("refused as malformed")
        assert "Nothing was changed" in str(error)
        assert snapshot(library) == before
        return
    result = merge_show(library, record, today=TODAY)
    event("merged")
    followed = find_by_tvmaze_id(library, requested)
    assert followed is not None and followed.show_id == result.show_id
    assert len(library.notes()) == len(BASES)


ABSURD = {
    "title": ("name", "x" * 1_000_000, "at most 300"),
    "synopsis": ("summary", "<p>" + "y" * 1_000_000, "synopsis"),
}


@pytest.mark.parametrize("case", sorted(ABSURD))
def test_a_show_with_an_absurd_title_or_synopsis_is_refused_whole(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, case: str
) -> None:
    field, value, message = ABSURD[case]
    body = under_the_dome()
    body[field] = value
    tvmaze.add(body)
    with pytest.raises(WatchlistError, match=message):
        service.add_show(1)
    assert library.list_shows() == []


# -- answers no parser or database can hold, through the real client ------------------------------


def _raw(text: str) -> Response:
    return Response(text, content_type="application/json")


def _show_with(name: str) -> str:
    body = under_the_dome()
    body["name"] = name
    return json.dumps(body)  # "\ud800" and "\x00" go out as the escapes \ud800 and \u0000


HOSTILE_ANSWERS = {
    "arrays 5,000 deep": (
        '{"id": 1, "name": "x", "_embedded": ' + "[" * 5_000 + "]" * 5_000 + "}",
        "nests lists or objects hundreds of levels deep",
    ),
    "objects 5,000 deep": (
        '{"id": 1, "name": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}",
        "nests lists or objects hundreds of levels deep",
    ),
    "a 5,000-digit id": ('{"id": ' + "9" * 5_000 + "}", "not valid JSON"),
    "a lone surrogate": (_show_with("Under the \ud800Dome"), "lone surrogate"),
    "a NUL character": (_show_with("Under the \x00Dome"), "NUL character"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_ANSWERS))
def test_adding_a_show_from_a_hostile_answer_is_one_message(
    tvmaze: FakeTvmaze, service: SyncService, library: Library, case: str
) -> None:
    answer, message = HOSTILE_ANSWERS[case]
    tvmaze.script("/shows/1", _raw(answer))
    with pytest.raises(MalformedResponseError, match=message) as refused:
        service.add_show(1)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 400
    assert library.list_shows() == []


@pytest.mark.parametrize("case", ["arrays 5,000 deep", "a lone surrogate", "a NUL character"])
def test_a_hostile_search_answer_is_one_message(
    tvmaze: FakeTvmaze, service: SyncService, case: str
) -> None:
    answer, message = HOSTILE_ANSWERS[case]
    if case != "arrays 5,000 deep":  # a show: make it a search result
        answer = json.dumps([{"score": 1.0, "show": json.loads(answer)}])
    tvmaze.script("/search/shows", _raw(answer))
    with pytest.raises(MalformedResponseError, match=message):
        service.search("under the dome")


def test_a_20_mb_show_name_makes_short_messages_and_log_lines(
    tvmaze: FakeTvmaze,
    service: SyncService,
    library: Library,
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = under_the_dome()
    body["name"] = "N" * 20_000_000
    tvmaze.add(body)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(MalformedResponseError) as refused:
        service.add_show(1)
    message = str(refused.value)
    assert "N" * 79 + "…" in message and len(message) < 400
    # And in a sync of the show once it is followed, where the failure is logged.
    tvmaze.change(1, name="Under the Dome")
    show_id = service.add_show(1)
    tvmaze.change(1, name="N" * 20_000_000)
    caplog.clear()
    report = service.sync([show_id])
    [failed] = report.failed
    assert len(failed.message) < 400
    assert caplog.records and max(len(record.getMessage()) for record in caplog.records) < 1000
