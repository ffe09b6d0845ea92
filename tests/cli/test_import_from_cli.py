"""`watchlist import-from` on real exports: what it says, and what it refuses, in one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from watchlist.cli import main

TODAY = date(2025, 7, 15)
REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real"
NOSEASONS = REAL / "trakt" / "moogar0880_PyTrakt" / "sync_watched_shows__noseasons.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def shown(capsys: pytest.CaptureFixture[str], show: str) -> dict[str, object]:
    status, out, _ = run(capsys, "show", show, "--json")
    assert status == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_import_from_says_when_episodes_could_not_be_known(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "--offline", "import-from", "trakt", str(NOSEASONS), "--yes")
    assert status == 0
    assert "Trakt counts the plays of 2 shows without naming the episodes" in out
    assert "? (56 plays)" in out
    assert shown(capsys, "Breaking Bad")["watch_status"] == "watching"


def test_import_from_an_empty_trakt_file_is_nothing_to_import(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "watched-shows.json"
    empty.write_text("[]", encoding="utf-8")
    status, out, err = run(capsys, "--offline", "import-from", "trakt", str(empty))
    assert (status, out, err) == (0, "Nothing to import: watched-shows.json is empty.\n", "")


@pytest.mark.parametrize(
    ("source", "path", "looks_like"),
    [
        ("trakt", REAL / "imdb" / "mknev_WATCHLIST.csv", "an IMDb list, not a Trakt export"),
        ("imdb", NOSEASONS, "a Trakt export, not an IMDb list"),
        ("tvtime", REAL / "imdb" / "mknev_WATCHLIST.csv", "an IMDb list, not a TV Time export"),
        ("imdb", REAL / "tvtime" / "samindika97_v2", "a TV Time export, not an IMDb list"),
        ("trakt", REAL / "tvtime" / "samindika97_v2", "a TV Time export, not a Trakt export"),
    ],
)
def test_the_wrong_tracker_chosen_says_which_it_looks_like(
    capsys: pytest.CaptureFixture[str], source: str, path: Path, looks_like: str
) -> None:
    status, _, err = run(capsys, "--offline", "import-from", source, str(path))
    assert status == 1
    assert err.startswith(f"watchlist: This looks like {looks_like}.")


def test_offline_tv_time_shows_named_only_by_id_are_listed_as_needing_a_lookup(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The oldest TV Time exports name no show: offline they wait for a look-up, unwritten."""
    (tmp_path / "user_tv_show_data.csv").write_text(
        "user_id,tv_show_id,is_followed,is_favorited,nb_episodes_seen\n"
        "58201134,264492,1,0,2\n58201134,121361,1,0,5\n",
        encoding="utf-8",
    )
    (tmp_path / "seen_episode.csv").write_text(
        "user_id,tv_show_id,episode_id,episode_season_number,episode_number,created_at\n"
        "58201134,264492,4509431,1,1,2019-04-02\n58201134,264492,4588751,1,2,2019-04-03\n",
        encoding="utf-8",
    )
    status, out, err = run(capsys, "--offline", "import-from", "tvtime", str(tmp_path), "--yes")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "From TV Time: 2 shows: 0 TVmaze match, 0 add by hand, 0 already in library, "
        "2 awaiting a TVmaze look-up, 0 skipped."
    )
    assert "Note: TV Time counts the episodes seen of 1 show without naming them" in out
    rows = [line.split("  ") for line in lines if line.startswith("awaiting a TVmaze look-up")]
    assert [[cell.strip() for cell in row if cell.strip()][:2] for row in rows] == [
        ["awaiting a TVmaze look-up", "TheTVDB show 264492"],  # never cut to "TheTVDB sho…"
        ["awaiting a TVmaze look-up", "TheTVDB show 121361"],
    ]
    assert json.loads(run(capsys, "list", "--json")[1]) == []
