"""``watchlist backup`` and ``watchlist restore FILE``: on SQLite, and on a database server."""

from __future__ import annotations

import io
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.store.damage import damage_a_notes_page, digest, library_with_notes
from watchlist.cli import main
from watchlist.store.backup import list_backups

TODAY = date(2025, 7, 15)


class FakeTerminal(io.StringIO):
    """Standard input as if a person were typing at a terminal."""

    def isatty(self) -> bool:
        return True


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def titles_in(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM shows ORDER BY title")]
    finally:
        connection.close()


@pytest.fixture
def backed_up(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    """A library holding Dark, backed up; then Lost added after the backup."""
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    status, out, _ = run(capsys, "backup")
    assert status == 0
    assert run(capsys, "add", "--title", "Lost")[0] == 0
    return Path(out.strip())


@pytest.mark.sqlite_only
def test_backup_prints_the_file_it_wrote(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    status, out, err = run(capsys, "backup")
    backup = Path(out.strip())
    assert status == 0 and err == ""
    assert backup.parent == data_dir / "backups" and backup.is_file()
    assert [item.path for item in list_backups(backup.parent) if item.kind == "manual"] == [backup]
    assert titles_in(backup) == ["Dark"]


@pytest.mark.sqlite_only
def test_backup_without_a_library_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "backup")
    assert status == 1 and out == ""
    assert err.startswith("watchlist: There is no library at") and err.count("\n") == 1


@pytest.mark.sqlite_only
def test_restore_with_yes_brings_the_backup_back_and_keeps_the_library_as_it_was(
    capsys: pytest.CaptureFixture[str], data_dir: Path, backed_up: Path
) -> None:
    status, out, _ = run(capsys, "restore", str(backed_up), "--yes")
    assert status == 0 and out.startswith(f"Restored the library from {backed_up}.")
    assert titles_in(data_dir / "library.sqlite3") == ["Dark"]
    kept = [item for item in list_backups(data_dir / "backups") if item.kind == "pre-restore"]
    assert len(kept) == 1 and str(kept[0].path) in out
    assert titles_in(kept[0].path) == ["Dark", "Lost"]


@pytest.mark.sqlite_only
def test_restore_refuses_without_yes_when_it_cannot_ask(
    capsys: pytest.CaptureFixture[str], data_dir: Path, backed_up: Path
) -> None:
    library = data_dir / "library.sqlite3"
    before = digest(library)
    status, _, err = run(capsys, "restore", str(backed_up))
    assert status == 1 and "Not restored" in err and "--yes" in err
    assert err.count("\n") == 1
    assert digest(library) == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("answer", "restored"), [("y\n", True), ("\n", False)])
def test_restore_asks_first_on_a_terminal(  # noqa: PLR0917 (pytest passes fixtures by name)
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    backed_up: Path,
    answer: str,
    restored: bool,
) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answer))
    status, _, err = run(capsys, "restore", str(backed_up))
    assert "Replace the library (2 shows, 0 notes) with" in err
    assert "(1 show, 0 notes)? The library as it is now is kept as a backup. [y/N]" in err
    assert status == (0 if restored else 1)
    expected = ["Dark"] if restored else ["Dark", "Lost"]
    assert titles_in(data_dir / "library.sqlite3") == expected


@pytest.mark.sqlite_only
def test_restore_refuses_a_file_that_is_not_a_backup(
    capsys: pytest.CaptureFixture[str], data_dir: Path, backed_up: Path, tmp_path: Path
) -> None:
    library = data_dir / "library.sqlite3"
    before = digest(library)
    stranger = tmp_path / "holiday.jpg"
    stranger.write_bytes(b"\xff\xd8\xff\xe0 not a library")
    status, _, err = run(capsys, "restore", str(stranger), "--yes")
    assert status == 1 and err == f"watchlist: {stranger} is not a Watchlist backup " + (
        "(not an SQLite database).\n"
    )
    assert digest(library) == before


@pytest.mark.sqlite_only
def test_restore_refuses_a_backup_from_a_newer_version(
    capsys: pytest.CaptureFixture[str], data_dir: Path, backed_up: Path
) -> None:
    with sqlite3.connect(backed_up) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    connection.close()
    status, _, err = run(capsys, "restore", str(backed_up), "--yes")
    assert status == 1 and "newer version of Watchlist" in err
    assert titles_in(data_dir / "library.sqlite3") == ["Dark", "Lost"]


@pytest.mark.sqlite_only
def test_a_damaged_library_says_how_to_restore_and_restore_brings_it_back(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    library = data_dir / "library.sqlite3"
    library_with_notes(library, count=60)
    status, out, _ = run(capsys, "backup")
    assert status == 0
    backup = Path(out.strip())
    damage_a_notes_page(library)

    status, _, err = run(capsys, "notes")
    assert status == 1 and err.count("\n") == 1
    assert "is damaged" in err and "watchlist restore FILE" in err

    assert run(capsys, "restore", str(backup), "--yes")[0] == 0
    status, out, _ = run(capsys, "notes", "--json")
    assert status == 0 and out.count('"body"') == 60


def test_backup_and_restore_of_a_database_server_point_to_pg_dump_and_export(
    capsys: pytest.CaptureFixture[str], backend: str, tmp_path: Path
) -> None:
    # On the PostgreSQL run the real server comes from the environment; on the SQLite run the
    # flag names one (the refusal comes before any connection is made).
    server = [] if backend == "postgresql" else ["--database-url", "postgresql+psycopg://me@db/x"]
    for argv in (["backup"], ["restore", str(tmp_path / "any.sqlite3"), "--yes"]):
        status, out, err = run(capsys, *server, *argv)
        assert status == 1 and out == "" and err.count("\n") == 1
        assert "database server" in err and "pg_dump" in err and "watchlist export" in err
