"""Imports of absurd size are refused with a message before they are read whole; nothing stored.

SQLite only: these are about the file, refused before the database is touched.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.snapshot import snapshot
from watchlist.core.text import text_problem
from watchlist.importers import files as tracker_files
from watchlist.importers.files import TrackerImportError
from watchlist.importers.imdb import parse_imdb
from watchlist.store import exchange, import_source
from watchlist.store.errors import ImportFileError
from watchlist.store.exchange import import_document, import_file
from watchlist.store.library import Library, NewShow
from watchlist.store.limits import MAX_IMPORT_BYTES, MAX_IMPORT_SHOWS, MAX_SYNOPSIS_HTML_LENGTH

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


def _export(**show: object) -> str:
    return json.dumps({"format": "watchlist-export", "version": 1, "shows": [show]})


def test_synopsis_html_past_its_limit_is_refused(library_with_a_show: Library) -> None:
    before = snapshot(library_with_a_show)
    text = _export(title="x", synopsis_html="<p>" + "y" * 200_000 + "</p>")
    with pytest.raises(
        ImportFileError, match=r"synopsis_html: The synopsis HTML is 200,007 characters long"
    ):
        import_document(library_with_a_show, text)
    assert snapshot(library_with_a_show) == before


def test_synopsis_html_within_its_limit_is_imported_sanitized(
    library_with_a_show: Library,
) -> None:
    html = "<p>" + "y" * (MAX_SYNOPSIS_HTML_LENGTH - 30) + "<script>x()</script></p>"
    import_document(library_with_a_show, _export(title="Long", synopsis_html=html))
    show = library_with_a_show.show(library_with_a_show.resolve_show_id("Long"))
    assert show.synopsis_html.startswith("<p>yyy") and "script" not in show.synopsis_html


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (["renewal"] * 100_000, "100,000 entries; at most 1,000"),
        (["renewal", "x" * 41], "is not a field name"),
        (["Robert'); DROP TABLE shows;--"], "is not a field name"),
    ],
    ids=["too many", "too long", "not a name"],
)
def test_user_edited_past_its_limits_is_refused(
    library_with_a_show: Library, entries: list[str], message: str
) -> None:
    before = snapshot(library_with_a_show)
    with pytest.raises(ImportFileError, match=re.escape(message)):
        import_document(library_with_a_show, _export(title="x", user_edited=entries))
    assert snapshot(library_with_a_show) == before


def test_user_edited_fields_and_seasons_are_imported(library_with_a_show: Library) -> None:
    import_document(
        library_with_a_show,
        _export(title="Lost", user_edited=["season:3", "renewal", "", "renewal"]),
    )
    show = library_with_a_show.show(library_with_a_show.resolve_show_id("Lost"))
    assert sorted(show.user_edited) == ["renewal", "season:3"]


def test_100_000_genres_are_refused_before_any_is_read(
    library_with_a_show: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    def counting(value: str) -> str | None:
        checked.append(value)
        return text_problem(value)

    monkeypatch.setattr(exchange, "text_problem", counting)
    before = snapshot(library_with_a_show)
    text = _export(title="x", genres=[f"genre {index}" for index in range(100_000)])
    with pytest.raises(ImportFileError, match="100,000 genres; at most 30"):
        import_document(library_with_a_show, text)
    assert not any(value.startswith("genre ") for value in checked)
    assert snapshot(library_with_a_show) == before


# -- files that are not regular files ---------------------------------------------------------


def test_dev_zero_is_refused_at_its_first_bytes() -> None:
    with pytest.raises(ImportFileError, match=r"holds NUL bytes.*Nothing was changed"):
        import_source.read_import_file(Path("/dev/zero"))


def test_dev_urandom_is_refused_at_its_first_bytes() -> None:
    with pytest.raises(ImportFileError, match="Nothing was changed"):
        import_source.read_import_file(Path("/dev/urandom"))


def test_a_fifo_nobody_writes_to_is_refused_after_the_idle_time(tmp_path: Path) -> None:
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    with pytest.raises(ImportFileError, match=r"Nothing arrived from .* for 0\.2 seconds"):
        import_source.read_import_file(fifo, idle_seconds=0.2)


def test_a_fifo_whose_writer_comes_later_is_read_whole(
    library_with_a_show: Library, tmp_path: Path
) -> None:
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    text = _export(title="Through a pipe")

    def write_later() -> None:
        time.sleep(0.3)
        with fifo.open("w", encoding="utf-8") as writer:
            for start in range(0, len(text), 7):  # in small pieces, as a slow program would
                writer.write(text[start : start + 7])
                writer.flush()

    writer = threading.Thread(target=write_later)
    writer.start()
    try:
        report = import_file(library_with_a_show, fifo)
    finally:
        writer.join()
    assert report.shows_added == 1


def test_a_pipe_is_held_to_the_limit_by_the_bytes_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_source, "MAX_IMPORT_BYTES", 2 * 1_048_576)
    fifo = tmp_path / "endless.fifo"
    os.mkfifo(fifo)
    written = 0
    stop = threading.Event()

    def endless() -> None:  # valid JSON whitespace, forever
        nonlocal written
        with contextlib.suppress(BrokenPipeError), fifo.open("wb") as writer:
            while not stop.is_set():
                written += writer.write(b" " * 65_536)

    writer = threading.Thread(target=endless)
    writer.start()
    try:
        with pytest.raises(ImportFileError, match="holds more than 2 MB; imports are limited"):
            import_source.read_import_file(fifo)
    finally:
        stop.set()
        writer.join()
    assert fifo.stat().st_size == 0  # what stat says of a pipe: nothing to judge by
    assert written < 4 * 1_048_576  # reading stopped soon after the limit


def test_standard_input_is_read_with_the_same_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_source, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(ImportFileError, match="Standard input holds more than"):
        import_source.read_import_stream(io.BytesIO(b" " * 1001))
    assert import_source.read_import_stream(io.BytesIO(b"\xef\xbb\xbf[]")) == "[]"
