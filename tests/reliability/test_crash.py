"""Writers killed with SIGKILL at random moments never lose an acknowledged note (harness.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.reliability.harness import CrashHarness, new_seed
from tests.sync.fake_tvmaze import FakeTvmaze

KILLS = 220


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_killed_writers_never_lose_an_acknowledged_note_or_damage_the_library(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    seed = new_seed()
    print(f"crash harness seed {seed} (repeat with WATCHLIST_CRASH_SEED={seed})")
    harness = CrashHarness(tmp_path, seed=seed, tvmaze=FakeTvmaze(httpserver))
    report = harness.run(kills=KILLS, workers=2)
    print(report.summary())
    assert report.kills >= KILLS
    assert report.kills_by_kind.get("writer", 0) >= KILLS // 2
    # The kills must really land inside writes, or the harness proves little.
    assert report.interrupted_writes >= 20, report.summary()
