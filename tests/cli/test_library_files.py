"""The library file on the command line: any folder name, other programs' files, a lost library."""

from __future__ import annotations

import shlex
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.processes import run_watchlist, watchlist_command
from tests.store.damage import digest
from tests.store.test_library_identity import foreign_alembic_database, side_files
from watchlist.cli import main
from watchlist.store.backup import list_backups

pytestmark = pytest.mark.sqlite_only
TODAY = date(2025, 7, 15)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=TODAY)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def titles_in(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM shows ORDER BY title")]
    finally:
        connection.close()


@pytest.mark.parametrize(
    "folder_name",
    ["question?mark", "percent%41encoded", "hash#tag", "two  spaces", "séries 日本", "a?b=%2F#c"],
)
def test_the_library_stays_in_its_data_folder_whatever_the_folder_is_called(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    folder_name: str,
) -> None:
    parent = tmp_path / "parent"
    data_dir = parent / folder_name
    monkeypatch.setenv("WATCHLIST_DATA_DIR", str(data_dir))
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    status, out, _ = run(capsys, "backup")
    assert status == 0
    backup = Path(out.strip())
    assert run(capsys, "add", "--title", "Lost")[0] == 0
    assert run(capsys, "restore", str(backup), "--yes")[0] == 0
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0 and '"Dark"' in out and '"Lost"' not in out
    assert [path.name for path in parent.iterdir()] == [folder_name]  # no stray "question"
    assert titles_in(data_dir / "library.sqlite3") == ["Dark"]
    assert backup.parent == data_dir / "backups"
    assert {item.kind.value for item in list_backups(data_dir / "backups")} >= {
        "manual",
        "pre-restore",
    }


def test_another_programs_database_is_one_line_in_a_real_process(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / "library.sqlite3"
    foreign_alembic_database(path, "0004", wal=True)
    before = digest(path)
    for command in ("list", "add"):
        argv = ["list"] if command == "list" else ["add", "--title", "Dark"]
        result = run_watchlist(watchlist_command(*argv), data_dir=data_dir)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"watchlist: {path} is not a Watchlist library")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert digest(path) == before
    assert side_files(path) == []
    assert not (data_dir / "backups").exists()


def test_restore_refuses_another_programs_database_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    library = data_dir / "library.sqlite3"
    before = digest(library)
    foreign = tmp_path / "concerts.sqlite3"
    foreign_alembic_database(foreign, "0004")
    status, out, err = run(capsys, "restore", str(foreign), "--yes")
    assert status == 1 and out == ""
    assert err.startswith(f"watchlist: {foreign} is not a Watchlist library")
    assert err.count("\n") == 1
    assert digest(library) == before
    kinds = [item.kind.value for item in list_backups(data_dir / "backups")]
    assert "pre-restore" not in kinds  # not even a backup of the library before the restore
    assert run(capsys, "list")[0] == 0  # and every later command still works


@pytest.mark.parametrize("lost", ["emptied", "deleted"])
def test_a_lost_library_with_backups_names_the_newest_backup_and_how_to_restore_it(
    capsys: pytest.CaptureFixture[str], data_dir: Path, lost: str
) -> None:
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    assert run(capsys, "note", "Dark", "Jonas is back")[0] == 0
    backup = Path(run(capsys, "backup")[1].strip())
    backups_before = len(list_backups(data_dir / "backups"))
    library = data_dir / "library.sqlite3"
    if lost == "emptied":
        library.write_bytes(b"")
    else:
        library.unlink()
    for suffix in ("-wal", "-shm"):
        library.with_name(library.name + suffix).unlink(missing_ok=True)

    status, out, err = run(capsys, "list")
    assert status == 1 and out == ""
    assert err.count("\n") == 1
    assert ("is empty (0 bytes)" if lost == "emptied" else "is missing") in err
    assert f"the backup {backup} from" in err and "holds 1 show and 1 note" in err
    restore = f"watchlist restore {shlex.quote(str(backup))}"
    assert restore in err
    # Nothing was started in its place: no new library, no backup of an empty one.
    assert library.exists() == (lost == "emptied")
    assert not library.exists() or library.stat().st_size == 0
    assert backup in [item.path for item in list_backups(data_dir / "backups")]
    assert len(list_backups(data_dir / "backups")) == backups_before

    words = shlex.split(restore)[1:]
    assert run(capsys, *words, "--yes")[0] == 0
    status, out, _ = run(capsys, "list", "--json")
    assert status == 0 and '"Dark"' in out


def test_a_new_library_is_made_when_no_backup_holds_anything(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run(capsys, "list")[0] == 0  # a new, empty library
    assert run(capsys, "backup")[0] == 0  # a backup of nothing
    (data_dir / "library.sqlite3").unlink()
    assert run(capsys, "add", "--title", "Dark")[0] == 0  # nothing to lose: start afresh
