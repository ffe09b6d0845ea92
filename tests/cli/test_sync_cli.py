"""search, add --tvmaze, sync and whats-new on the command line, against a local TVmaze."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

import watchlist.cli
from tests.sync.fake_tvmaze import (
    FakeTvmaze,
    all_of_us_are_dead,
    load,
    quiet_harbour,
    season_body,
    under_the_dome,
)
from tests.sync.fakes import FakeTime
from watchlist.cli import Context, ProgressLine, main
from watchlist.store.library import Library
from watchlist.sync.service import SyncProgress, SyncService, build_sync_service

TODAY = date(2025, 7, 15)


@pytest.fixture
def tvmaze(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeTvmaze:
    """A TVmaze look-alike the command line talks to, with time that never really passes."""
    fake = FakeTvmaze(httpserver)
    monkeypatch.setenv("WATCHLIST_TVMAZE_URL", fake.url)
    fake_time = FakeTime()

    def service(context: Context, library: Library) -> SyncService:
        return build_sync_service(
            context.settings, library, clock=fake_time.clock, sleep=fake_time.sleep
        )

    monkeypatch.setattr(watchlist.cli, "_sync_service", service)
    return fake


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_search_prints_id_title_year_network_and_status(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.search_body = load("search_shows_dead.json")
    status, out, _ = run(capsys, "search", "all", "of", "us")
    header, first, second, hint = out.splitlines()
    assert status == 0 and header.split() == ["TVmaze", "Title", "Year", "Network", "Status"]
    assert first.split("  ")[0] == "55555" and "All of Us Are Dead" in first
    assert "2022" in first and "Netflix" in first and "Running" in first
    assert "The Walking Dead" in second and "add --tvmaze" in hint
    assert tvmaze.server.log[0][0].args["q"] == "all of us"


def test_search_json_lists_results(capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze) -> None:
    tvmaze.search_body = load("search_shows_dead.json")
    status, out, _ = run(capsys, "search", "dead", "--json")
    assert status == 0 and [row["tvmaze_id"] for row in json.loads(out)] == [55555, 99999]


def test_search_without_results_says_so(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    status, out, _ = run(capsys, "search", "zzzz")
    assert status == 0 and out == "TVmaze has no show matching 'zzzz'.\n"


def test_add_from_tvmaze_then_show(capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze) -> None:
    tvmaze.add(all_of_us_are_dead())
    status, out, _ = run(capsys, "add", "--tvmaze", "55555", "--watch", "watching")
    assert status == 0
    assert out == "Added 'All of Us Are Dead' (id 1), following TVmaze show 55555.\n"
    _, out, _ = run(capsys, "show", "1", "--json")
    shown = json.loads(out)
    assert shown["external_ids"]["tvmaze"] == 55555 and shown["watch_status"] == "watching"


def test_add_from_tvmaze_twice_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.add(under_the_dome())
    assert run(capsys, "add", "--tvmaze", "1")[0] == 0
    status, _, err = run(capsys, "add", "--tvmaze", "1")
    assert status == 1 and err == (
        "watchlist: 'Under the Dome' is already in your library (id 1).\n"
    )


def test_add_from_tvmaze_refuses_hand_details(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    status, _, err = run(capsys, "add", "--tvmaze", "1", "--network", "CBS")
    assert status == 2 and "--network cannot be used with --tvmaze" in err
    assert tvmaze.paths() == []


def test_add_needs_a_title_or_a_tvmaze_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["add"])
    assert exit_info.value.code == 2
    assert "one of the arguments --title --tvmaze is required" in capsys.readouterr().err


def test_add_by_hand_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "add", "--title", "Home movies")
    assert status == 0 and "Added 'Home movies' (id 1)" in out


def test_sync_prints_a_summary_and_exits_zero(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.add(quiet_harbour())
    run(capsys, "add", "--tvmaze", "1")
    run(capsys, "add", "--tvmaze", "77777")
    tvmaze.change(1, name="Under the Dome (2013)")
    status, out, err = run(capsys, "sync")
    assert status == 0 and err == ""
    assert out == "Synced 2 shows: 1 updated, 1 unchanged, 0 failed.\n"


def test_sync_failure_exits_one_with_a_line_per_failure(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.add(quiet_harbour())
    run(capsys, "add", "--tvmaze", "1")
    run(capsys, "add", "--tvmaze", "77777")
    tvmaze.script("/shows/77777", Response("[1, 2", content_type="application/json"))
    status, out, _ = run(capsys, "sync", "--full")
    summary, failure = out.splitlines()
    assert status == 1 and summary == "Synced 2 shows: 0 updated, 1 unchanged, 1 failed."
    assert failure.startswith("  failed: Quiet Harbour: TVmaze sent unexpected data for show 77777")


def test_sync_named_show_fetches_only_it(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.add(under_the_dome())
    tvmaze.add(quiet_harbour())
    run(capsys, "add", "--tvmaze", "1")
    run(capsys, "add", "--tvmaze", "77777")
    tvmaze.server.clear_log()
    status, out, _ = run(capsys, "sync", "quiet harbour")
    assert status == 0 and out.startswith("Synced 1 show: ")
    assert tvmaze.paths() == ["/shows/77777"]


def test_whats_new_lists_what_sync_found(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    tvmaze.add(quiet_harbour())
    run(capsys, "add", "--tvmaze", "77777")
    show = tvmaze.shows[77777]
    seasons = [*show["_embedded"]["seasons"], season_body(show, 2, None)]
    tvmaze.change(77777, status="Running", _embedded={**show["_embedded"], "seasons": seasons})
    run(capsys, "sync")
    status, out, _ = run(capsys, "whats-new")
    assert status == 0 and "Quiet Harbour" in out and "Renewed for season 2" in out
    _, out, _ = run(capsys, "whats-new", "--json", "--limit", "5")
    [entry] = json.loads(out)
    assert (entry["kind"], entry["season"], entry["show"]) == ("renewed", 2, "Quiet Harbour")


def test_whats_new_on_a_fresh_library_explains(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "whats-new")
    assert status == 0 and "Nothing new yet" in out


@pytest.mark.parametrize("command", [["search", "dark"], ["add", "--tvmaze", "1"], ["sync"]])
def test_offline_flag_makes_no_request(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze, command: list[str]
) -> None:
    status, out, err = run(capsys, "--offline", *command)
    assert status == 1 and out == ""
    assert err.startswith("watchlist: Offline mode is on") and err.count("\n") == 1
    assert tvmaze.server.log == []


def test_offline_environment_variable_makes_no_request(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHLIST_OFFLINE", "1")
    status, _, err = run(capsys, "sync")
    assert status == 1 and "Offline mode is on" in err and tvmaze.server.log == []


def test_unreachable_tvmaze_is_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHLIST_TVMAZE_URL", "http://127.0.0.1:9")
    status, out, err = run(capsys, "search", "dark")
    assert status == 1 and out == ""
    assert err.startswith("watchlist: Cannot reach TVmaze") and err.count("\n") == 1


def test_progress_line_rewrites_itself_and_clears_at_the_end() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, width=40)
    line(SyncProgress(0, 2, "Dark"))
    line(SyncProgress(1, 2, "A show with a very long title that will not fit"))
    line(SyncProgress(2, 2, ""))
    parts = stream.getvalue().split("\r\x1b[2K")
    assert parts[1:] == ["[1/2] Syncing Dark", "[2/2] Syncing A show with a very long…", ""]


def test_plain_start_up_does_not_load_the_network_stack(tmp_path: Path) -> None:
    code = "import sys, watchlist.cli; print(sorted({'requests', 'tenacity'} & set(sys.modules)))"
    env = {**os.environ, "WATCHLIST_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"
