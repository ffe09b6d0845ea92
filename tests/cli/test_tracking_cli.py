"""The command line for episodes, upcoming dates, the calendar, imports and richer notes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from watchlist.cli import main

TODAY = date(2025, 7, 15)  # just after the sample library's snapshot
IMPORTS = Path(__file__).parent.parent / "fixtures" / "imports"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def sample(capsys: pytest.CaptureFixture[str], sample_library_file: Path) -> None:
    assert run(capsys, "import", str(sample_library_file))[0] == 0


def test_watched_up_to_and_progress(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    status, out, _ = run(capsys, "watched", "Ginny & Georgia", "S1E3", "--up-to")
    assert status == 0
    assert "Marked 3 episodes of 'Ginny & Georgia' watched (up to S1E3)." in out
    assert "Next to watch: S1E4" in out
    status, out, _ = run(capsys, "progress", "Ginny & Georgia", "--json")
    data = json.loads(out)
    assert (data["watched"], data["aired"], data["next_to_watch"]) == (3, 30, "S1E4")
    assert data["seasons"][0] == {"number": 1, "watched": 3, "aired": 10, "total": 10}
    status, out, _ = run(capsys, "watched", "Ginny & Georgia", "--season", "1", "--unwatch")
    assert status == 0 and "Marked 3 episodes of 'Ginny & Georgia' not watched (S1)." in out


def test_watched_errors_are_one_line(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    status, _, err = run(capsys, "watched", "Dark", "S9E1")
    assert status == 1 and err.count("\n") == 1 and "has no season 9" in err
    status, _, err = run(capsys, "watched", "Dark")
    assert status == 2 and "Which episode?" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["watched", "Dark", "E3"])
    assert exit_info.value.code == 2
    assert "not an episode or season" in capsys.readouterr().err


def test_upcoming(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    status, out, _ = run(capsys, "upcoming", "--json")
    items = json.loads(out)
    assert status == 0 and items
    assert {item["certainty"] for item in items} <= {"confirmed", "announced", "estimated"}
    assert [item["likely"] for item in items] == sorted(item["likely"] for item in items)
    status, out, _ = run(capsys, "upcoming")
    assert status == 0 and "Season" in out and "premiere" in out


def test_calendar_file(capsys: pytest.CaptureFixture[str], sample: None, tmp_path: Path) -> None:
    target = tmp_path / "shows.ics"
    status, _, err = run(capsys, "calendar", "-o", str(target), "--estimates")
    assert status == 0 and err.startswith("Wrote ") and str(target) in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "STATUS:TENTATIVE" in text
    status, _, err = run(capsys, "calendar", "-o", str(tmp_path / "missing" / "x.ics"))
    assert status == 1 and err.startswith("watchlist: Cannot write") and err.count("\n") == 1


def test_notes_about_episodes_pinned_and_as_markdown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "add", "--title", "Dark")
    status, out, _ = run(capsys, "note", "Dark", "The", "cave", "--episode", "S1E1", "--pin")
    assert status == 0 and out == "Added note 1 about S1E1 to 'Dark'.\n"
    run(capsys, "note", "Dark", "Second thought")
    status, out, _ = run(capsys, "notes", "Dark")
    assert out.index("#1  Dark · S1E1 · pinned") < out.index("#2  Dark ·")
    status, out, _ = run(capsys, "notes", "Dark", "--json")
    assert [(n["season"], n["episode"], n["pinned"]) for n in json.loads(out)] == [
        (1, 1, True),
        (None, None, False),
    ]
    assert run(capsys, "note-pin", "1", "--unpin")[1] == "Unpinned note 1 of 'Dark'.\n"
    target = tmp_path / "dark.md"
    status, _, _ = run(capsys, "notes", "Dark", "--markdown", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert status == 0 and text.startswith("# Dark\n") and "· S1E1\n\nThe cave" in text
    assert run(capsys, "notes", "--markdown")[0] == 2


def test_import_from_imdb_offline(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(IMPORTS / "imdb" / "watchlist.csv")
    status, out, err = run(capsys, "import-from", "imdb", path, "--offline")
    assert status == 1 and "Nothing was imported" in err
    assert "3 add by hand" in out and "Chernobyl" in out
    assert run(capsys, "list", "--json")[1].strip() == "[]"
    status, out, _ = run(capsys, "import-from", "imdb", path, "--offline", "--yes", "--json")
    data = json.loads(out)
    assert status == 0
    assert [item["plan"] for item in data["preview"]["items"]] == [
        "manual", "manual", "manual", "skipped",  # Ozymandias, an episode
    ]  # fmt: skip
    assert data["preview"]["movies"] == 1  # Inception: counted, not listed
    assert [o["outcome"] for o in data["report"]["outcomes"]][:3] == ["added_manually"] * 3
    status, out, _ = run(capsys, "import-from", "imdb", path, "--offline", "--yes")
    assert status == 0 and "3 already in library" in out


def test_import_from_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "import-from", "trakt", str(tmp_path / "nope.zip"), "--offline")
    assert status == 1 and err.startswith("watchlist: Cannot read") and err.count("\n") == 1
