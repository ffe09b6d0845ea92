"""Hostile input on the command line, in real processes: one clear line, never a traceback.

Arguments and standard input are real bytes (a latin-1 "café" is the byte 0xE9, which UTF-8
never has alone); import files are nested past any parser, hold numbers past Python's digit
limit or text no database can store, or are not files at all (devices, pipes, FIFOs).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

import watchlist.cli
from tests.processes import watchlist_command
from tests.sync.drip_server import dripping_server
from tests.sync.fake_tvmaze import FakeTvmaze, under_the_dome
from tests.sync.fakes import FakeTime
from watchlist.cli import Context, main
from watchlist.store import import_source
from watchlist.store.library import Library
from watchlist.sync.http import Timeouts
from watchlist.sync.service import SyncService, build_sync_service

pytestmark = pytest.mark.sqlite_only

LATIN1_CAFE = b"caf\xe9"


def run_process(
    *argv: str | bytes, data_dir: Path, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "WATCHLIST_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "watchlist", *argv],
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def assert_one_clear_line(stderr: bytes, *fragments: str) -> None:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text
    assert text.count("\n") == 1 and text.startswith("watchlist: "), text
    for fragment in fragments:
        assert fragment in text


def library_rows(library_file: Path) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(library_file)
    try:
        return {
            "shows": connection.execute("SELECT * FROM shows ORDER BY id").fetchall(),
            "notes": connection.execute("SELECT * FROM notes ORDER BY id").fetchall(),
        }
    finally:
        connection.close()


def note_bodies(library_file: Path) -> list[str]:
    connection = sqlite3.connect(library_file)
    try:
        return [row[0] for row in connection.execute("SELECT body FROM notes ORDER BY id")]
    finally:
        connection.close()


@pytest.fixture
def library_file(capsys: pytest.CaptureFixture[str], data_dir: Path) -> Path:
    for argv in (["add", "--title", "Dark"], ["note", "Dark", "written before"]):
        assert main(argv, today=date(2025, 7, 15)) == 0
    capsys.readouterr()
    return data_dir / "library.sqlite3"


# -- arguments and standard input that are not UTF-8 ---------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("note", "Dark", LATIN1_CAFE),
        ("add", "--title", LATIN1_CAFE),
        ("notes", "--search", LATIN1_CAFE),
        ("show", LATIN1_CAFE),
    ],
    ids=["note", "add --title", "notes --search", "show"],
)
def test_an_argument_that_is_not_utf8_is_refused_and_nothing_is_stored(
    library_file: Path, argv: tuple[str | bytes, ...]
) -> None:
    before = library_rows(library_file)
    result = run_process(*argv, data_dir=library_file.parent)
    assert result.returncode == 2
    assert_one_clear_line(result.stderr, "The argument caf\\xe9 is not UTF-8 text")
    assert library_rows(library_file) == before


def test_standard_input_that_is_not_utf8_is_refused_and_nothing_is_stored(
    library_file: Path,
) -> None:
    before = library_rows(library_file)
    result = run_process("note", "Dark", "-", data_dir=library_file.parent, stdin=LATIN1_CAFE)
    assert result.returncode == 1
    assert_one_clear_line(
        result.stderr, "Standard input is not UTF-8 text (byte 0xe9 at position 4)"
    )
    assert library_rows(library_file) == before


def test_utf8_standard_input_with_a_byte_order_mark_is_the_note(library_file: Path) -> None:
    result = run_process(
        "note", "Dark", "-", data_dir=library_file.parent, stdin="\ufeffcafé".encode()
    )
    assert result.returncode == 0, result.stderr
    assert note_bodies(library_file) == ["written before", "café"]


def test_a_file_name_that_is_not_utf8_still_names_the_file(
    library_file: Path, tmp_path: Path
) -> None:
    export = os.fsencode(tmp_path) + b"/export-" + LATIN1_CAFE + b".json"
    with open(export, "w", encoding="utf-8") as handle:  # noqa: PTH123 - a bytes path
        json.dump(
            {"format": "watchlist-export", "version": 1, "shows": [{"title": "Lost"}]}, handle
        )
    result = run_process("import", export, data_dir=library_file.parent)
    assert result.returncode == 0, result.stderr
    assert [row for row in library_rows(library_file)["shows"] if "Lost" in row]


# -- import files no parser can hold ---------------------------------------------------------------

HEADER = '{"format": "watchlist-export", "version": 1, "shows": '
UNPARSABLE = {
    "arrays 5,000 deep": (
        HEADER + "[" * 5_000 + "]" * 5_000 + "}",
        "nests lists or objects hundreds of levels deep",
    ),
    "objects 5,000 deep": (
        HEADER + '[{"title": "x", "renewal": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "}]}",
        "nests lists or objects hundreds of levels deep",
    ),
    "a 5,000-digit number": (
        HEADER + '[{"title": "x", "rating": ' + "9" * 5_000 + "}]}",
        "a number more than 4,300 digits long",
    ),
    "a lone surrogate": (
        HEADER + '[{"title": "x", "notes": [{"created_at": "2023-01-02T23:48:00+00:00", '
        '"body": "\\ud800"}]}]}',
        "shows[0].notes[0].body: is not valid Unicode text",
    ),
}


@pytest.mark.parametrize("case", sorted(UNPARSABLE))
def test_an_import_no_parser_can_hold_is_one_line_and_imports_nothing(
    library_file: Path, tmp_path: Path, case: str
) -> None:
    text, message = UNPARSABLE[case]
    export = tmp_path / "hostile.json"
    export.write_text(text, encoding="utf-8")
    before = library_rows(library_file)
    result = run_process("import", str(export), data_dir=library_file.parent)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, message, "othing was changed")
    assert library_rows(library_file) == before


# -- import files that are not regular files -------------------------------------------------------


@pytest.mark.parametrize(
    ("device", "message"),
    [("/dev/zero", "holds NUL bytes"), ("/dev/urandom", "Nothing was changed")],
)
def test_importing_a_device_is_one_line_and_imports_nothing(
    library_file: Path, device: str, message: str
) -> None:
    before = library_rows(library_file)
    result = run_process("import", device, data_dir=library_file.parent)
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, device, message)
    assert library_rows(library_file) == before


def test_an_export_piped_to_import_dash_is_imported(library_file: Path) -> None:
    export = json.dumps(
        {"format": "watchlist-export", "version": 1, "shows": [{"title": "Piped"}]}
    ).encode()
    result = run_process("import", "-", data_dir=library_file.parent, stdin=export)
    assert result.returncode == 0, result.stderr
    assert b"Imported 1 new show(s)" in result.stdout


def test_an_endless_pipe_is_refused_at_200_mb_read(library_file: Path) -> None:
    """``yes ' ' | watchlist import /dev/stdin``: a pipe's size is 0 to stat; the bytes count."""
    endless = subprocess.Popen(
        [sys.executable, "-c", "import sys\nwhile True: sys.stdout.buffer.write(b' ' * 65536)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        result = subprocess.run(
            watchlist_command("import", "/dev/stdin"),
            stdin=endless.stdout,
            capture_output=True,
            env={**os.environ, "WATCHLIST_DATA_DIR": str(library_file.parent)},
            timeout=120,
            check=False,
        )
    finally:
        endless.kill()
        endless.wait()
        assert endless.stdout is not None
        endless.stdout.close()
    assert result.returncode == 1
    assert_one_clear_line(result.stderr, "/dev/stdin holds more than 200 MB", "Nothing was changed")


def test_a_fifo_whose_writer_comes_later_is_imported(library_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    export = json.dumps({"format": "watchlist-export", "version": 1, "shows": [{"title": "Later"}]})

    def write_later() -> None:
        time.sleep(1.0)  # the import has opened the FIFO and is waiting for its writer
        fifo.write_text(export, encoding="utf-8")

    writer = threading.Thread(target=write_later)
    writer.start()
    try:
        result = run_process("import", str(fifo), data_dir=library_file.parent)
    finally:
        writer.join()
    assert result.returncode == 0, result.stderr
    assert b"Imported 1 new show(s)" in result.stdout


def test_a_fifo_nobody_writes_to_is_one_line_after_the_idle_time(
    capsys: pytest.CaptureFixture[str],
    library_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(import_source, "IDLE_SECONDS", 0.3)  # 30 s for the user
    fifo = tmp_path / "silent.fifo"
    os.mkfifo(fifo)
    before = library_rows(library_file)
    status = main(["import", str(fifo)], today=date(2025, 7, 15))
    err = capsys.readouterr().err
    assert status == 1
    assert_one_clear_line(err.encode(), f"Nothing arrived from {fifo} for 0.3 seconds")
    assert library_rows(library_file) == before


# -- hostile answers from TVmaze -------------------------------------------------------------------


def use_tvmaze(monkeypatch: pytest.MonkeyPatch, url: str, timeouts: Timeouts | None = None) -> None:
    """Point the command line at ``url``, with time for retries that never really passes."""
    monkeypatch.setenv("WATCHLIST_TVMAZE_URL", url)
    fake_time = FakeTime()

    def service(context: Context, library: Library) -> SyncService:
        return build_sync_service(
            context.settings, library, sleep=fake_time.sleep, timeouts=timeouts
        )

    monkeypatch.setattr(watchlist.cli, "_sync_service", service)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Under the \ud800Dome", "is not valid Unicode text"),
        ("N" * 20_000_000, "at most 300 are allowed"),
    ],
    ids=["a lone surrogate", "a 20 MB name"],
)
def test_add_tvmaze_with_a_hostile_answer_is_one_short_line(  # noqa: PLR0917
    capsys: pytest.CaptureFixture[str],
    library_file: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    message: str,
) -> None:
    tvmaze = FakeTvmaze(httpserver)
    use_tvmaze(monkeypatch, tvmaze.url)
    body = under_the_dome()
    body["name"] = name
    tvmaze.add(body)
    before = library_rows(library_file)
    status = main(["add", "--tvmaze", "1"], today=date(2025, 7, 15))
    err = capsys.readouterr().err
    assert status == 1
    assert_one_clear_line(err.encode(), message)
    assert len(err) < 400
    assert library_rows(library_file) == before


def test_add_tvmaze_with_an_answer_nested_5000_deep_is_one_line(
    capsys: pytest.CaptureFixture[str],
    library_file: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tvmaze = FakeTvmaze(httpserver)
    use_tvmaze(monkeypatch, tvmaze.url)
    tvmaze.script(
        "/shows/1",
        Response('{"id": 1, "_embedded": ' + "[" * 5_000 + "]" * 5_000 + "}"),
    )
    status = main(["add", "--tvmaze", "1"], today=date(2025, 7, 15))
    assert status == 1
    assert_one_clear_line(capsys.readouterr().err.encode(), "hundreds of levels deep")


def test_add_tvmaze_from_a_dripping_server_gives_up_with_one_line(
    capsys: pytest.CaptureFixture[str], library_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with dripping_server() as server:
        use_tvmaze(monkeypatch, server.url, Timeouts(request=0.5))
        status = main(["add", "--tvmaze", "1"], today=date(2025, 7, 15))
    assert status == 1
    assert_one_clear_line(
        capsys.readouterr().err.encode(), "TVmaze took more than 0.5 seconds to answer for show 1"
    )
