"""Imports of absurd size are refused with a message before they are read whole; nothing stored.

SQLite only: these are about the file, refused before the database is touched.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.snapshot import snapshot
from watchlist.importers import files as tracker_files
from watchlist.importers.files import TrackerImportError
from watchlist.importers.imdb import parse_imdb
from watchlist.store import exchange
from watchlist.store.errors import ImportFileError
from watchlist.store.exchange import import_document, import_file
from watchlist.store.library import Library, NewShow
from watchlist.store.limits import MAX_IMPORT_BYTES, MAX_IMPORT_SHOWS

pytestmark = pytest.mark.sqlite_only

HEADER = '{"format": "watchlist-export", "version": 1, "shows": ['


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no disk space (and must never be read)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading any file's content fails the test: the size alone must decide."""

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("the oversized file was read")

    monkeypatch.setattr(Path, "read_text", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)


@pytest.fixture
def library_with_a_show(library: Library) -> Library:
    library.add_note(library.add_show(NewShow(title="Dark")), "written before")
    return library


def test_an_export_over_200_mb_is_refused_unread(
    library_with_a_show: Library, tmp_path: Path, unreadable: None
) -> None:
    before = snapshot(library_with_a_show)
    big = sparse_file(tmp_path / "huge.json", MAX_IMPORT_BYTES + 1)
    with pytest.raises(
        ImportFileError, match=r"imports are limited to 200 MB\. Nothing was changed"
    ):
        import_file(library_with_a_show, big)
    assert snapshot(library_with_a_show) == before


def test_an_export_listing_too_many_shows_is_refused_whole(library_with_a_show: Library) -> None:
    before = snapshot(library_with_a_show)
    text = HEADER + ",".join(['{"title": "x"}'] * (MAX_IMPORT_SHOWS + 1)) + "]}"
    with pytest.raises(ImportFileError, match="200,001 shows; at most 200,000"):
        import_document(library_with_a_show, text)
    assert snapshot(library_with_a_show) == before


def test_parsing_stops_at_the_record_limit_before_the_end_of_the_file(
    library_with_a_show: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exchange, "MAX_IMPORT_RECORDS", 10_000)
    before = snapshot(library_with_a_show)
    # Broken JSON at the very end: reaching it would be "Not valid JSON" instead.
    text = HEADER + ",".join(['{"title": "x", "notes": [{}]}'] * 20_000) + "] BROKEN"
    with pytest.raises(ImportFileError, match="more than 10,000 records") as refused:
        import_document(library_with_a_show, text)
    assert "Nothing was changed" in str(refused.value)
    assert snapshot(library_with_a_show) == before


def test_a_record_count_under_the_limit_parses_as_usual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exchange, "MAX_IMPORT_RECORDS", 3)
    # Three objects (the document, a show, a note) but more braces, inside strings.
    note = '{"created_at": "2023-01-02T23:48:00+00:00", "body": "{{{ }}}"}'
    text = HEADER + '{"title": "Dark {1}", "notes": [' + note + "]}]}"
    shows = exchange.parse_import_document(text, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert [show.values["title"] for show in shows] == ["Dark {1}"]
    assert [note.body for note in shows[0].notes] == ["{{{ }}}"]


def test_a_tracker_export_over_200_mb_is_refused_unread(tmp_path: Path, unreadable: None) -> None:
    big = sparse_file(tmp_path / "watchlist.csv", MAX_IMPORT_BYTES + 1)
    with pytest.raises(TrackerImportError, match="too large to import"):
        parse_imdb(big)


def test_a_zip_member_that_inflates_past_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracker_files, "MAX_IMPORT_BYTES", 100_000)
    bomb = tmp_path / "export.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("watchlist.csv", "Const,Title\n" + "tt0000001,x\n" * 50_000)
    assert bomb.stat().st_size < 10_000  # small on disk, 600 kB inflated
    with pytest.raises(TrackerImportError, match="too large to import"):
        parse_imdb(bomb)


def test_the_size_message_names_the_file_and_its_size(tmp_path: Path) -> None:
    big = sparse_file(tmp_path / "huge.json", 300 * 1_048_576)
    with pytest.raises(ImportFileError) as refused:
        exchange.read_import_file(big)
    assert str(refused.value).startswith(f"{big} is 300 MB")
    assert json.dumps(str(refused.value)).count("\\n") == 0  # one line for the CLI
