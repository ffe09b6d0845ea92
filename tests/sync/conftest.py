"""Sync fixtures: a TVmaze look-alike on a local server, and time that never really passes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.sync.fake_tvmaze import FakeTvmaze
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.sync.service import SyncService, build_sync_service


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def tvmaze(httpserver: HTTPServer) -> FakeTvmaze:
    return FakeTvmaze(httpserver)


@pytest.fixture
def settings(data_dir: Path, tvmaze: FakeTvmaze) -> Settings:
    return Settings(data_dir=data_dir, tvmaze_url=tvmaze.url)


@pytest.fixture
def service(settings: Settings, library: Library, fake_time: FakeTime) -> Iterator[SyncService]:
    with build_sync_service(
        settings, library, clock=fake_time.clock, sleep=fake_time.sleep
    ) as built:
        yield built
