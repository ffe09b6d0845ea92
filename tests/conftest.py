"""Shared fixtures: every test gets its own data folder and never sees the user's library."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from watchlist.store.library import Library

FIXTURES = Path(__file__).parent / "fixtures"


class SteppingClock:
    """A clock that moves one minute each time it is read, so timestamps are distinct."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point Watchlist at a fresh data folder and away from the network."""
    data_dir = tmp_path / "data"
    for name in ("WATCHLIST_DATABASE_URL", "WATCHLIST_TVMAZE_URL", "WATCHLIST_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WATCHLIST_DATA_DIR", str(data_dir))
    monkeypatch.setenv("WATCHLIST_TVMAZE_URL", "http://127.0.0.1:9")  # closed port, never used
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    return data_dir


@pytest.fixture
def data_dir(isolated_environment: Path) -> Path:
    return isolated_environment


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(datetime(2023, 1, 2, 23, 0, tzinfo=UTC))


@pytest.fixture
def library(data_dir: Path, clock: SteppingClock) -> Iterator[Library]:
    with Library.open(f"sqlite:///{data_dir / 'library.sqlite3'}", clock=clock) as opened:
        yield opened


@pytest.fixture
def sample_library_file() -> Path:
    from watchlist.config import sample_library_path

    return sample_library_path()
