"""Episodes keep TVmaze's exact air time and runtime, for timed calendar events."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sync.fake_tvmaze import FakeTvmaze, under_the_dome
from watchlist.store.exchange import export_document
from watchlist.store.library import Library
from watchlist.sync.errors import MalformedResponseError
from watchlist.sync.service import SyncService
from watchlist.sync.tvmaze import parse_show


def test_air_time_and_runtime_are_stored(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    service.add_show(tvmaze.add(under_the_dome()))
    [show] = export_document(library)["shows"]
    first = show["episodes"][0]
    assert (first["airstamp"], first["runtime"]) == ("2013-06-24T02:00:00+00:00", 60)


def episodes_with(**fields: Any) -> dict[str, Any]:
    body = under_the_dome()
    body["_embedded"]["episodes"][0].update(fields)
    return body


def test_a_missing_or_naive_air_time_is_just_unknown() -> None:
    record = parse_show(episodes_with(airstamp=None, runtime=None), subject="x", embedded=True)
    assert (record.episodes[0].airstamp, record.episodes[0].runtime) == (None, None)
    record = parse_show(episodes_with(airstamp="2013-06-24T02:00:00"), subject="x", embedded=True)
    assert record.episodes[0].airstamp is None


def test_a_garbled_air_time_fails_the_show_naming_the_field() -> None:
    with pytest.raises(MalformedResponseError, match="airstamp"):
        parse_show(episodes_with(airstamp="soon"), subject="x", embedded=True)
