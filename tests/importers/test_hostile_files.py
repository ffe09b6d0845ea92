"""Hostile tracker files: each is a clear message or a reported left-out entry, never a traceback.

Deep nesting, a 5,000-digit integer, a lone surrogate ("\\ud800") and an IMDb field over the csv
module's 131,072-character limit, in Trakt, TV Time and IMDb files, through the parser and the
command line. One bad entry never sinks the rest where the file can still be read.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from watchlist.cli import main
from watchlist.importers.apply import apply_import
from watchlist.importers.files import TrackerImportError
from watchlist.importers.parse import parse_export
from watchlist.importers.preview import preview_import
from watchlist.store.library import Library

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real"
HISTORY = REAL / "trakt" / "fuzeman_trakt.py" / "sync_history_shows.json"
RATINGS = REAL / "trakt" / "fuzeman_trakt.py" / "sync_ratings_shows.json"
IMDB = REAL / "imdb" / "LAripping_watchlist-widget__WATCHLIST_2015.csv"
TVTIME = REAL / "tvtime" / "samindika97_v2" / "followed_tv_show.csv"
DEEP = 5_000
HUGE = "1" * 5_000


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv), today=date(2025, 7, 15))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def trakt_file(tmp_path: Path, text: str, name: str = "watched-history.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def real_entries(path: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return entries


@pytest.mark.parametrize(
    "nesting", ["[" * DEEP + "]" * DEEP, "[" + '{"a":' * DEEP + "1" + "}" * DEEP + "]"]
)
def test_a_trakt_file_nested_5000_deep_is_one_clear_message(tmp_path: Path, nesting: str) -> None:
    path = trakt_file(tmp_path, nesting)
    with pytest.raises(TrackerImportError, match="nested more deeply than any Trakt export"):
        parse_export("trakt", path)


@pytest.mark.parametrize("source", ["tvtime", "imdb"])
def test_deep_brackets_in_a_csv_tracker_file_are_refused_plainly(
    tmp_path: Path, source: str
) -> None:
    path = tmp_path / "followed_tv_show.csv"
    path.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    with pytest.raises(TrackerImportError, match="This is not"):
        parse_export(source, path)


def test_a_5000_digit_integer_loses_only_that_value(tmp_path: Path) -> None:
    entries = real_entries(HISTORY)
    text = json.dumps(entries)
    # The first play's episode number and the show's TheTVDB id (every entry's) become huge.
    text = text.replace('"number": 1,', f'"number": {HUGE},', 1).replace("84912", HUGE)
    [parks] = parse_export("trakt", trakt_file(tmp_path, text)).candidates
    assert parks.thetvdb is None and parks.imdb == "tt1266020"  # the rest of the show is kept
    assert len(parks.watched) == 3  # S2E1 is still played later in the history


def test_5000_digit_numbers_in_an_imdb_list_lose_only_their_values(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "Const,Title,Title Type,Year,Your Rating\n"
        f"tt{HUGE},Dark,TV Series,2017,8\n"  # no IMDb id: the row is named as left out
        f"tt5753856,Dark,TV Series,{HUGE},{HUGE}\n",  # no year, no rating: the show is kept
        encoding="utf-8",
    )
    parsed = parse_export("imdb", path)
    [dark] = parsed.candidates
    assert (dark.imdb, dark.year, dark.rating) == ("tt5753856", None, None)
    assert [(entry.title, entry.reason) for entry in parsed.skipped] == [
        ("Dark", "no title or IMDb id")
    ]


def test_a_lone_surrogate_is_replaced_and_the_show_imported(
    tmp_path: Path, library: Library
) -> None:
    entries = real_entries(RATINGS)
    text = json.dumps(entries).replace("The Office", "The Office \\ud800")
    parsed = parse_export("trakt", trakt_file(tmp_path, text, "ratings-shows.json"))
    assert parsed.candidates[0].title == "The Office \ufffd"
    assert parsed.notes == (
        "1 text held characters that are not valid Unicode; they were replaced by \ufffd.",
    )
    report = apply_import(library, preview_import(library, parsed, provider=None), service=None)
    assert report.ok and library.count_shows() == len(entries)


def test_surrogate_bytes_in_csv_tracker_files_are_replaced(tmp_path: Path) -> None:
    data = TVTIME.read_bytes().replace(b"Lost", b"Lost\xed\xa0\x80", 1)
    (tmp_path / "followed_tv_show.csv").write_bytes(data)
    parsed = parse_export("tvtime", tmp_path)
    assert parsed.candidates[0].title == "Lost\ufffd\ufffd\ufffd"
    assert len(parsed.candidates) == 64
    imdb = tmp_path / "list.csv"
    imdb.write_bytes(
        "Const,Title,Title Type\ntt1,Dark\ud800,TV Series\n".encode("utf-16", "surrogatepass")
    )
    assert [c.title for c in parse_export("imdb", imdb).candidates] == ["Dark\ufffd"]


def test_an_imdb_field_over_131072_characters_loses_only_its_row(tmp_path: Path) -> None:
    text = IMDB.read_text(encoding="utf-8")
    huge = "x" * 200_000
    text = text.replace('"Gulliver\'s Travels"', f'"Gulliver\'s Travels {huge}"', 1)
    path = tmp_path / "WATCHLIST.csv"
    path.write_text(text, encoding="utf-8")
    parsed = parse_export("imdb", path)
    assert [c.title for c in parsed.candidates] == ["Το Αυτό", "3001: The Final Odyssey", "Taboo"]
    [note] = parsed.notes
    assert note.startswith("WATCHLIST.csv: line ")
    assert "field larger than field limit (131072)" in note and note.endswith("was left out.")


@pytest.mark.parametrize(
    ("source", "name", "content"),
    [
        ("trakt", "watched-history.json", "[" * DEEP + "]" * DEEP),
        (
            "trakt",
            "watched-history.json",
            f'[{{"show": {{"title": "x", "ids": {{"tvdb": {HUGE}}}}}}}]',
        ),
        (
            "trakt",
            "watched-history.json",
            '[{"watched_at": "2020-01-01", "show": {"title": "\\ud800"}}]',
        ),
        ("imdb", "list.csv", 'Const,Title,Title Type\ntt1,"' + "y" * 140_000 + '",TV Series\n'),
        (
            "tvtime",
            "followed_tv_show.csv",
            "tv_show_id,tv_show_name,archived\n" + HUGE + ",\ud800,0\n",
        ),
    ],
)
def test_the_command_line_never_shows_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, source: str, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    status, out, err = run(capsys, "import-from", source, str(path), "--offline", "--yes")
    assert "Traceback" not in out + err
    assert status in (0, 1)
    if status:
        assert err.startswith("watchlist: ") and err.count("\n") == 1
    out.encode("utf-8")  # printable: no lone surrogate reached the terminal


def test_a_whole_real_export_with_one_broken_file_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(REAL / "trakt" / "fuzeman_trakt.py", folder)
    (folder / "sync_history.json").write_text("[" * DEEP, encoding="utf-8")
    with pytest.raises(TrackerImportError, match=r"^sync_history\.json is"):
        parse_export("trakt", folder)
