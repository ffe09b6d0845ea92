"""`watchlist link`: a show added by hand (or imported) follows TVmaze from then on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import watchlist.cli
from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from tests.sync.fakes import FakeTime
from watchlist.cli import Context, main
from watchlist.store.library import Library
from watchlist.sync.service import SyncService, build_sync_service

TODAY = date(2025, 7, 15)


@pytest.fixture
def tvmaze(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeTvmaze:
    fake = FakeTvmaze(httpserver)
    fake.add(under_the_dome())
    fake.add(the_witcher())
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


def shown(capsys: pytest.CaptureFixture[str], show: str) -> dict[str, object]:
    status, out, _ = run(capsys, "show", show, "--json")
    assert status == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_link_makes_a_hand_added_show_sync_from_tvmaze_keeping_the_users_data(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    run(capsys, "add", "--title", "The Dome", "--watch", "dropped", "--rating", "4")
    run(capsys, "note", "The Dome", "stopped after the pilot")
    run(capsys, "edit", "The Dome", "--title", "The Dome (mine)")
    status, out, err = run(capsys, "link", "The Dome (mine)", "--tvmaze", "1")
    assert (status, err) == (0, "")
    assert out.startswith("Linked 'The Dome (mine)' (id 1) to TVmaze show 1; 3 seasons.")
    show = shown(capsys, "1")
    assert show["external_ids"] == {"tvmaze": 1, "imdb": "tt1553656", "thetvdb": 264492}
    assert (show["title"], show["watch_status"], show["rating"]) == (
        "The Dome (mine)",
        "dropped",
        4,
    )
    assert len(show["seasons"]) == 3  # type: ignore[arg-type]
    assert "stopped after the pilot" in run(capsys, "notes", "1")[1]
    assert run(capsys, "sync", "1")[0] == 0  # and from now on it syncs


def test_link_refuses_a_tvmaze_show_already_in_the_library(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    run(capsys, "add", "--tvmaze", "1")
    run(capsys, "add", "--title", "Dome again")
    status, _, err = run(capsys, "link", "Dome again", "--tvmaze", "1")
    assert status == 1
    assert err == (
        "watchlist: TVmaze show 1 is already in your library as 'Under the Dome' (id 1); a "
        "TVmaze show can be linked to one show only.\n"
    )
    assert shown(capsys, "Dome again")["external_ids"] == {}


def test_link_refuses_a_show_already_linked(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze
) -> None:
    run(capsys, "add", "--tvmaze", "1")
    status, _, err = run(capsys, "link", "Under the Dome", "--tvmaze", "28276")
    assert status == 1
    assert err == (
        "watchlist: 'Under the Dome' is already linked to TVmaze show 1; it syncs from there.\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["link", "Nope", "--tvmaze", "1"], "watchlist: No show matches 'Nope'"),
        (["link", "Mine", "--tvmaze", "424242"], "watchlist: TVmaze has no show with id 424242."),
        (["link", "Mine", "--tvmaze", str(2**63)], "watchlist: TVmaze has no show with id"),
    ],
)
def test_link_failures_are_one_line(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze, argv: list[str], message: str
) -> None:
    run(capsys, "add", "--title", "Mine")
    status, _, err = run(capsys, *argv)
    assert status == 1 and err.startswith(message) and err.count("\n") == 1


def test_link_offline_says_so(capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze) -> None:
    run(capsys, "add", "--title", "Mine")
    status, _, err = run(capsys, "--offline", "link", "Mine", "--tvmaze", "1")
    assert status == 1 and err.startswith("watchlist: Offline mode is on")
    assert tvmaze.paths() == []


def test_an_imported_show_added_by_hand_can_be_linked_later(
    capsys: pytest.CaptureFixture[str], tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    history = tmp_path / "watched-history.json"
    history.write_text(
        json.dumps([
            {"watched_at": "2021-02-10T20:41:10.000Z", "type": "episode",
             "episode": {"season": 1, "number": number},
             "show": {"title": "Under the Dome", "year": 2013, "ids": {"trakt": 1}}}
            for number in (1, 2)
        ]),
        encoding="utf-8",
    )  # fmt: skip
    assert run(capsys, "--offline", "import-from", "trakt", str(history), "--yes")[0] == 0
    [season] = shown(capsys, "Under the Dome")["seasons"]  # type: ignore[misc]
    assert (season["number"], season["episode_count"], season["premiere_date"]) == (1, 2, None)
    assert run(capsys, "link", "Under the Dome", "--tvmaze", "1")[0] == 0
    _, out, _ = run(capsys, "progress", "Under the Dome", "--json")
    progress = json.loads(out)
    assert progress["watched"] == 2  # TVmaze's episodes, the watched ones still watched
