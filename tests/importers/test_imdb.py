"""IMDb lists: real 2015, 2020 and 2021 exports (one Windows-1252), in any encoding and language."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import SkipKind
from watchlist.importers.imdb import parse_imdb_text, title_type_kind
from watchlist.importers.parse import parse_export

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real" / "imdb"
MKNEV = REAL / "mknev_WATCHLIST.csv"  # 2020 format, Windows-1252
WREILER = REAL / "Wreiler_IMDB_watchlist_stats__WATCHLIST.csv"  # 2021 format
OLD = REAL / "LAripping_watchlist-widget__WATCHLIST_2015.csv"  # 2015 format, Greek titles


def titles(path: Path) -> list[str]:
    return [candidate.title for candidate in parse_export("imdb", path).candidates]


def test_a_windows_1252_export_is_read_whole() -> None:
    assert b"180\xb0 South" in MKNEV.read_bytes()  # not UTF-8
    parsed = parse_export("imdb", MKNEV)
    # Counted from the file: 38 series (31 tvSeries, 7 tvMiniSeries), 7 of them rated, and
    # 137 movies (131 movie, 5 tvMovie, 1 short).
    assert len(parsed.candidates) == 38
    rated = {c.title: c.rating for c in parsed.candidates if c.rating}
    assert len(rated) == 7 and rated["Black Mirror"] == 10
    assert {c.watch_status for c in parsed.candidates if c.rating} == {WatchStatus.WATCHING}
    assert parsed.movies == 137
    assert parsed.notes == (
        "mknev_WATCHLIST.csv is not UTF-8; it was read as Windows-1252 (Latin-1).",
    )


def test_latin_1_titles_come_out_right(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(
        "Const,Title,Title Type,Year\ntt0000001,Café Society,TV Series,2020\n".encode("cp1252")
    )
    assert titles(path) == ["Café Society"]


def test_a_utf_16_export_reads_as_the_same_list(tmp_path: Path) -> None:
    text = WREILER.read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-le"):  # with and without a byte-order mark
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        assert titles(path) == titles(WREILER)
    assert len(titles(WREILER)) == 47


def test_one_odd_byte_never_sinks_the_file(tmp_path: Path) -> None:
    data = OLD.read_bytes()
    cut = data.index(b"Gulliver")
    path = tmp_path / "list.csv"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    parsed = parse_export("imdb", path)
    assert [c.title for c in parsed.candidates] == [
        "Το Αυτό",  # the Greek stays Greek: the file is still read as UTF-8
        "\ufffdGulliver's Travels",
        "3001: The Final Odyssey",
        "Taboo",
    ]
    assert parsed.notes == ("list.csv: 1 byte that is not text was replaced by \ufffd.",)


def test_the_old_export_headers_and_types_are_understood() -> None:
    parsed = parse_export("imdb", OLD)
    # 98 rows: 3 Mini-Series and 1 TV Series; 80 Feature Films, 13 Documentaries, 1 TV Movie.
    assert [c.label for c in parsed.candidates] == [
        "Το Αυτό (1990)",
        "Gulliver's Travels (1996)",
        "3001: The Final Odyssey (2017)",
        "Taboo (2017)",
    ]
    assert parsed.movies == 94


def test_a_rating_in_the_old_you_rated_column_is_read() -> None:
    text = OLD.read_text(encoding="utf-8").replace(
        '"Taboo","TV Series","","",', '"Taboo","TV Series","","8",', 1
    )
    taboo = parse_imdb_text(text).candidates[-1]
    assert (taboo.title, taboo.rating, taboo.watch_status) == ("Taboo", 8, WatchStatus.WATCHING)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("tvSeries", None),
        ("tvMiniSeries", None),
        ("TV Series", None),
        ("Mini-Series", None),
        ("TV Mini Series", None),
        ("Serie TV", None),  # Italian
        ("Mini serie TV", None),
        ("TV-Serie", None),  # German
        ("TV-Miniserie", None),
        ("Série télévisée", None),  # French
        ("Mini-série", None),
        ("Serie de TV", None),  # Spanish
        ("Miniserie de TV", None),
        ("Série de TV", None),  # Portuguese
        ("Minissérie", None),
        ("movie", SkipKind.MOVIE),
        ("Feature Film", SkipKind.MOVIE),
        ("Film", SkipKind.MOVIE),
        ("Película", SkipKind.MOVIE),
        ("tvMovie", SkipKind.MOVIE),
        ("short", SkipKind.MOVIE),
        ("tvEpisode", SkipKind.EPISODE),
        ("Episodio TV", SkipKind.EPISODE),
        ("TV-Episode", SkipKind.EPISODE),
        ("Épisode de série télévisée", SkipKind.EPISODE),
        ("podcastSeries", SkipKind.OTHER),
        ("videoGame", SkipKind.OTHER),
        ("tvSpecial", SkipKind.OTHER),
    ],
)
def test_title_types_in_every_language(kind: str, expected: SkipKind | None) -> None:
    assert title_type_kind(kind) is expected


def test_a_localised_list_imports_its_series(tmp_path: Path) -> None:
    """The real 2021 export, its types written as IMDb writes them in Italian."""
    italian = {"tvSeries": "Serie TV", "tvMiniSeries": "Mini serie TV", "movie": "Film"}
    reader = csv.DictReader(io.StringIO(WREILER.read_text(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(reader.fieldnames or ()))
    writer.writeheader()
    for row in reader:
        row["Title Type"] = italian.get(row["Title Type"], row["Title Type"])
        writer.writerow(row)
    path = tmp_path / "lista.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    assert titles(path) == titles(WREILER)
    assert parse_export("imdb", path).movies == 1317


def test_the_original_title_is_kept_for_the_lookup() -> None:
    text = (
        "Const,Title,Original Title,Title Type,Year\n"
        "tt6468322,Haus des Geldes,La casa de papel,TV-Serie,2017\n"
        "tt5180504,The Witcher,The Witcher,TV Series,2019\n"
    )
    money, witcher = parse_imdb_text(text).candidates
    assert (money.title, money.lookup_title) == ("Haus des Geldes", "La casa de papel")
    assert witcher.lookup_title is None  # the same as the title


def test_empty_spreadsheet_rows_are_counted_not_listed() -> None:
    text = "Const,Title,Title Type\ntt1,Dark,TV Series\n,,\n,,\n\n,,\ntt2,,TV Series\n"
    parsed = parse_imdb_text(text, "list.csv")
    assert [entry.title for entry in parsed.skipped] == ["(no title)"]
    assert parsed.notes == ("list.csv: 3 empty rows were ignored.",)


def test_numbered_blank_spreadsheet_rows_are_counted_not_listed() -> None:
    """The real 2021 list with 500 rows a spreadsheet left numbered, with nothing else in them."""
    text = WREILER.read_text(encoding="utf-8")
    text += "".join(f"{position},,,,,,,,,,,,,,\n" for position in range(1367, 1867))
    parsed = parse_imdb_text(text, "WATCHLIST.csv")
    assert len(parsed.candidates) == 47 and parsed.movies == 1317
    assert [entry.title for entry in parsed.listed_skips] == [  # the list's two TV specials
        "Harry Potter 20th Anniversary: Return to Hogwarts",
        "Bo Burnham: Inside",
    ]
    assert parsed.notes == ("WATCHLIST.csv: 500 empty rows were ignored.",)
