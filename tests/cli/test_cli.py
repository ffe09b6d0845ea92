"""The command line, run in-process: output, exit status and one-line errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from watchlist.cli import main

TODAY = date(2025, 7, 15)  # just after the sample library's snapshot


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def sample(capsys: pytest.CaptureFixture[str], sample_library_file: Path) -> None:
    assert run(capsys, "import", str(sample_library_file))[0] == 0


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("watchlist 0.")


def test_list_on_an_empty_library_explains_how_to_add(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "list")
    assert status == 0
    assert "library is empty" in out


def test_add_then_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "add", "--title", "All of Us Are Dead", "--network", "Netflix", "--country", "KR",
        "--premiered", "2022-01-28", "--renewal", "renewed", "--renewed-on", "2022-06-06",
        "--season", "1=2022-01-28:12", "--season", "2",
    )  # fmt: skip
    assert status == 0 and "Added 'All of Us Are Dead' (id 1)" in out
    status, out, _ = run(capsys, "list")
    assert "All of Us Are Dead" in out and "Netflix" in out and "Renewed" in out
    status, out, _ = run(capsys, "show", "all of us are dead")
    assert status == 0
    assert "Renewed · announced 6 June 2022" in out
    assert "2 seasons · 1 aired, 1 announced" in out
    assert "Next season:" in out


def test_list_json_has_estimates(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    status, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert status == 0 and len(rows) == 12
    dark = next(row for row in rows if row["title"] == "Dark")
    assert dark["next_season"]["kind"] == "none"
    aouad = next(row for row in rows if row["title"] == "All of Us Are Dead")
    assert aouad["next_season"]["kind"] == "estimated"
    assert aouad["next_season"]["likely"] > TODAY.isoformat()


def test_show_of_an_unrenewed_show_says_the_window_is_conditional(
    capsys: pytest.CaptureFixture[str], sample: None
) -> None:
    status, out, _ = run(capsys, "show", "Mindhunter")
    assert status == 0
    assert "Next season:   If renewed: " in out
    assert "Outlook:       Awaiting a renewal decision (" in out
    status, out, _ = run(capsys, "show", "Mindhunter", "--json")
    estimate = json.loads(out)["next_season"]
    assert (estimate["outlook"], estimate["conditional"]) == ("awaiting", True)
    assert 0 < estimate["renewal_chance"] < 1
    assert estimate["earliest"] <= estimate["earliest_50"] <= estimate["latest_50"]


def test_show_json(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    status, out, _ = run(capsys, "show", "Dark", "--json")
    data = json.loads(out)
    assert status == 0
    assert data["title"] == "Dark" and len(data["seasons"]) == 3
    assert data["renewal"]["status"] == "ended"


def test_edit_marks_fields_and_validates_expected_text(
    capsys: pytest.CaptureFixture[str], sample: None
) -> None:
    status, _, _ = run(capsys, "edit", "Ginny", "--expected", "late 2026", "--watch", "watching")
    assert status == 0
    _, out, _ = run(capsys, "show", "Ginny & Georgia", "--json")
    data = json.loads(out)
    assert data["next_season_expected"] == "late 2026"
    assert set(data["user_edited"]) >= {"next_season_expected", "watch_status"}
    assert data["next_season"]["kind"] == "announced"
    with pytest.raises(SystemExit) as exit_info:
        main(["edit", "Ginny", "--expected", "whenever"])
    assert exit_info.value.code == 2
    assert "not a date Watchlist understands" in capsys.readouterr().err


def test_edit_rating_none_clears_it(capsys: pytest.CaptureFixture[str], sample: None) -> None:
    assert run(capsys, "edit", "Dark", "--rating", "none")[0] == 0
    _, out, _ = run(capsys, "show", "Dark", "--json")
    assert json.loads(out)["rating"] is None


def test_edit_without_changes_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], sample: None
) -> None:
    status, _, err = run(capsys, "edit", "Dark")
    assert status == 2 and "Nothing to change" in err


def test_notes_add_list_search_edit_delete(
    capsys: pytest.CaptureFixture[str], sample: None
) -> None:
    status, out, _ = run(capsys, "note", "Dark", "The", "knot", "explained!")
    assert status == 0
    note_id = int(out.split()[2])
    _, out, _ = run(capsys, "notes", "Dark", "--json")
    assert [n["body"] for n in json.loads(out)][-1] == "The knot explained!"
    _, out, _ = run(capsys, "notes", "--search", "KNOT")
    assert "The knot explained!" in out and "Dark ·" in out
    assert run(capsys, "note-edit", str(note_id), "Rewritten")[0] == 0
    _, out, _ = run(capsys, "notes", "--search", "Rewritten", "--json")
    assert json.loads(out)[0]["updated_at"] is not None
    assert run(capsys, "note-delete", str(note_id), "--yes")[0] == 0
    _, out, _ = run(capsys, "notes", "--search", "Rewritten")
    assert out.strip() == "No notes."


def test_remove_without_yes_refuses_when_it_cannot_ask(
    capsys: pytest.CaptureFixture[str], sample: None
) -> None:
    status, _, err = run(capsys, "remove", "All of Us Are Dead")
    assert status == 1
    assert "Not removed" in err and "2 notes" in err
    status, out, _ = run(capsys, "remove", "All of Us Are Dead", "--yes")
    assert status == 0 and "Removed 'All of Us Are Dead' and 2 notes" in out


def test_unknown_show_is_one_line_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "show", "Lost")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("watchlist: No show matches 'Lost'")


def test_export_json_and_csv_to_files(
    capsys: pytest.CaptureFixture[str], sample: None, tmp_path: Path
) -> None:
    target = tmp_path / "export.json"
    assert run(capsys, "export", "-o", str(target))[0] == 0
    document = json.loads(target.read_text())
    assert document["format"] == "watchlist-export" and len(document["shows"]) == 12
    status, out, _ = run(capsys, "export", "--format", "csv")
    assert status == 0 and out.splitlines()[0].startswith("title,network")
    assert len(out.splitlines()) == 13


def test_invalid_import_says_where_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], sample: None, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "format": "watchlist-export", "version": 1,
        "shows": [{"title": "X"}, {"title": "Y", "seasons": [{"number": 1, "premiere_date": "x"}]}],
    }))  # fmt: skip
    status, _, err = run(capsys, "import", str(bad))
    assert status == 1
    assert "shows[1].seasons[0].premiere_date: not a date" in err
    _, out, _ = run(capsys, "list", "--json")
    assert len(json.loads(out)) == 12


def test_newer_database_is_refused_on_the_command_line(
    capsys: pytest.CaptureFixture[str], cli_database: str
) -> None:
    assert run(capsys, "list")[0] == 0
    engine = create_engine(cli_database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    status, _, err = run(capsys, "list")
    assert status == 1 and "newer version of Watchlist" in err


@pytest.mark.sqlite_only
def test_unwritable_data_folder_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    status, _, err = run(capsys, "--data-dir", str(blocker / "inside"), "list")
    assert status == 1 and err.startswith("watchlist: Cannot create the data folder")


def test_demo_never_touches_the_users_library(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    status, out, _ = run(capsys, "--demo", "note", "Dark", "demo note")
    assert status == 0 and "Added note" in out
    status, out, _ = run(capsys, "list", "--demo")
    assert status == 0 and "All of Us Are Dead" in out
    assert not (data_dir / "library.sqlite3").exists()


@pytest.mark.sqlite_only
def test_database_url_flag_selects_another_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    other = tmp_path / "elsewhere.sqlite3"
    assert run(capsys, "--database-url", f"sqlite:///{other}", "add", "--title", "Lost")[0] == 0
    assert other.exists() and not (data_dir / "library.sqlite3").exists()


@pytest.mark.sqlite_only
def test_database_url_environment_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "env.sqlite3"
    monkeypatch.setenv("WATCHLIST_DATABASE_URL", f"sqlite:///{other}")
    assert run(capsys, "add", "--title", "Lost")[0] == 0
    assert other.exists()
