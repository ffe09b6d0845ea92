"""Read-only and full data folders, as real processes: one clear line, nothing overwritten.

A read-only folder is made real even when the tests run as root (``as_unprivileged``); a full
disk by a file size limit on the process (writes past it fail like on a full disk) and, for the
"disk is full" wording, by SQLite's own page limit.
"""

from __future__ import annotations

import io
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.processes import as_unprivileged, run_watchlist, watchlist_command, with_file_size_limit
from tests.store.damage import digest, disk_full_after
from watchlist.cli import main
from watchlist.store.limits import MAX_NOTE_LENGTH

pytestmark = pytest.mark.sqlite_only


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=date(2025, 7, 15))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def note_bodies(library: Path) -> list[str]:
    connection = sqlite3.connect(library)
    try:
        return [row[0] for row in connection.execute("SELECT body FROM notes ORDER BY id")]
    finally:
        connection.close()


def assert_one_clear_line(stderr: str, *fragments: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1 and stderr.startswith("watchlist: ")
    for fragment in fragments:
        assert fragment in stderr


@pytest.fixture
def library_with_a_note(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    assert run(capsys, "add", "--title", "Dark")[0] == 0
    assert run(capsys, "note", "Dark", "written before")[0] == 0
    return data_dir / "library.sqlite3"


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Paths to make read-only for the test (permissions are put back afterwards)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_read_only_data_folder_with_a_library_is_refused_untouched(
    library_with_a_note: Path, data_dir: Path, read_only: list[Path]
) -> None:
    before = digest(library_with_a_note)
    data_dir.chmod(0o555)
    read_only.append(data_dir)
    for argv in (["note", "Dark", "not saved"], ["list"]):
        result = run_watchlist(as_unprivileged(watchlist_command(*argv)), data_dir=data_dir)
        assert result.returncode == 1, result.stderr
        assert_one_clear_line(result.stderr, f"The data folder {data_dir} is not writable")
    assert digest(library_with_a_note) == before


def test_read_only_data_folder_without_a_library_is_a_clear_error(
    tmp_path: Path, read_only: list[Path]
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    read_only.append(folder)
    result = run_watchlist(as_unprivileged(watchlist_command("list")), data_dir=folder)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, "is not writable", "--data-dir")
    assert list(folder.iterdir()) == []


def test_read_only_library_file_is_refused_untouched(
    library_with_a_note: Path, read_only: list[Path]
) -> None:
    before = digest(library_with_a_note)
    library_with_a_note.chmod(0o444)
    read_only.append(library_with_a_note)
    result = run_watchlist(
        as_unprivileged(watchlist_command("note", "Dark", "not saved")),
        data_dir=library_with_a_note.parent,
    )
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, f"The library {library_with_a_note} is read-only")
    assert digest(library_with_a_note) == before


def test_a_disk_that_fills_up_mid_write_saves_nothing_and_says_so(
    library_with_a_note: Path,
) -> None:
    size = library_with_a_note.stat().st_size
    result = run_watchlist(
        with_file_size_limit(watchlist_command("note", "Dark", "x" * 90_000), size + 8192),
        data_dir=library_with_a_note.parent,
    )
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, "could not be written to disk", "nothing was saved")
    assert note_bodies(library_with_a_note) == ["written before"]
    connection = sqlite3.connect(library_with_a_note)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_a_full_disk_during_an_import_is_one_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], library_with_a_note: Path, sample_library_file: Path
) -> None:
    with disk_full_after(1):
        status, _, err = run(capsys, "import", str(sample_library_file))
    assert status == 1
    assert_one_clear_line(err, "is full, so nothing was saved")
    assert note_bodies(library_with_a_note) == ["written before"]


def test_an_absurdly_long_note_is_refused_and_nothing_stored(
    capsys: pytest.CaptureFixture[str], library_with_a_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a" * 1_000_000))
    status, out, err = run(capsys, "note", "Dark", "-")
    assert status == 1 and out == ""
    assert_one_clear_line(err, "1,000,000 characters", f"at most {MAX_NOTE_LENGTH:,}")
    assert note_bodies(library_with_a_note) == ["written before"]


def test_an_import_file_over_200_mb_is_one_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], library_with_a_note: Path, tmp_path: Path
) -> None:
    big = tmp_path / "huge.json"
    with big.open("wb") as handle:
        handle.truncate(201 * 1_048_576)  # sparse: no disk space used
    status, out, err = run(capsys, "import", str(big))
    assert status == 1 and out == ""
    assert_one_clear_line(err, "201 MB", "imports are limited to 200 MB", "Nothing was changed")
    assert note_bodies(library_with_a_note) == ["written before"]
