"""Parsing TV Time, Trakt and IMDb exports into import candidates, without the library."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from watchlist.core.episodes import EpisodeReference
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import ImportCandidate, split_title_year
from watchlist.importers.files import TrackerImportError
from watchlist.importers.imdb import parse_imdb
from watchlist.importers.parse import parse_export
from watchlist.importers.trakt import parse_trakt
from watchlist.importers.tvtime import parse_tvtime


def by_title(candidates: tuple[ImportCandidate, ...]) -> dict[str, ImportCandidate]:
    return {candidate.title: candidate for candidate in candidates}


def episodes(season: int, *numbers: int) -> tuple[EpisodeReference, ...]:
    return tuple(EpisodeReference(season, number) for number in numbers)


def test_tvtime_folder(exports: Path) -> None:
    parsed = parse_tvtime(exports / "tvtime")
    shows = by_title(parsed.candidates)
    assert list(shows) == [
        "Under the Dome",
        "The Witcher",
        "Game of Thrones",
        "Doctor Who",
        "Stranger Things",
    ]
    witcher = shows["The Witcher"]
    assert (witcher.thetvdb, witcher.watch_status) == (362696, WatchStatus.WATCHING)
    assert witcher.watched == episodes(1, *range(1, 9))  # the special is left out
    assert shows["Under the Dome"].watched == (*episodes(1, 1, 2), EpisodeReference(5, 1))
    assert shows["Game of Thrones"].watch_status is WatchStatus.DROPPED
    doctor = shows["Doctor Who"]
    assert (doctor.year, doctor.thetvdb, doctor.watched) == (2005, 78804, episodes(1, 1))
    assert shows["Stranger Things"].watch_status is WatchStatus.PLAN_TO_WATCH
    assert {entry.title for entry in parsed.skipped} == {"Inception", "Dune: Part Two"}


def test_tvtime_zip_opens_only_the_files_it_needs(exports: Path, tmp_path: Path) -> None:
    archive = tmp_path / "gdpr-data.zip"
    with zipfile.ZipFile(archive, "w") as writing:
        for path in (exports / "tvtime").iterdir():
            writing.write(path, f"gdpr-data/{path.name}")
        writing.writestr("gdpr-data/access_token.csv", b"\xff\xfe not text, never read")
    assert parse_export("tvtime", archive) == parse_tvtime(exports / "tvtime")


def test_tvtime_single_file(exports: Path) -> None:
    parsed = parse_tvtime(exports / "tvtime" / "followed_tv_show.csv")
    assert [candidate.label for candidate in parsed.candidates] == [
        "Under the Dome",
        "The Witcher",
        "Game of Thrones",
        "Doctor Who (2005)",
    ]


def test_trakt_folder(exports: Path) -> None:
    parsed = parse_trakt(exports / "trakt")
    shows = by_title(parsed.candidates)
    assert set(shows) == {"Under the Dome", "Blue Lights", "The Witcher", "Shōgun"}
    dome = shows["Under the Dome"]
    assert (dome.imdb, dome.thetvdb, dome.year, dome.rating) == ("tt1553656", 264492, 2013, 6)
    assert dome.watched == episodes(1, 1, 2, 3) and dome.watch_status is WatchStatus.WATCHING
    assert shows["The Witcher"].watched == episodes(1, 1, 8)
    shogun = shows["Shōgun"]
    assert shogun.watch_status is WatchStatus.PLAN_TO_WATCH
    assert [note.body for note in shogun.notes] == ["Recommended by Sam"]
    assert {entry.title for entry in parsed.skipped} == {"Knives Out", "Dune: Part Two"}


def test_trakt_single_file(exports: Path) -> None:
    parsed = parse_trakt(exports / "trakt" / "lists-watchlist.json")
    assert [candidate.title for candidate in parsed.candidates] == ["Shōgun"]


def test_imdb_list_keeps_series_and_says_why_others_are_skipped(exports: Path) -> None:
    parsed = parse_imdb(exports / "imdb" / "watchlist.csv")
    shows = by_title(parsed.candidates)
    assert list(shows) == ["The Witcher", "Chernobyl", "Under the Dome"]
    chernobyl = shows["Chernobyl"]
    assert (chernobyl.imdb, chernobyl.year, chernobyl.rating) == ("tt7366338", 2019, 10)
    assert chernobyl.watch_status is WatchStatus.WATCHING
    witcher = shows["The Witcher"]
    assert witcher.watch_status is WatchStatus.PLAN_TO_WATCH
    assert [note.body for note in witcher.notes] == ["Start with season 1, it gets better"]
    assert [(entry.title, entry.reason) for entry in parsed.skipped] == [
        ("Inception", "a movie, not a series (IMDb type: Movie)"),
        ("Ozymandias", "an episode, not a series (IMDb type: TV Episode)"),
    ]
    assert parsed.movies == 1 and [entry.title for entry in parsed.listed_skips] == ["Ozymandias"]


@pytest.mark.parametrize(
    ("source", "name", "content", "message"),
    [
        ("imdb", "list.csv", "Title,Year\nDark,2017\n", "needs the columns Const and Title"),
        ("tvtime", "followed_tv_show.csv", "id,name\n1,Dark\n", "not a TV Time export"),
        ("trakt", "watched-shows.json", "[{]", "not valid JSON"),
        ("trakt", "watched-shows.json", '[{"movie": 1}]', "not a Trakt export"),
    ],
)
def test_files_of_another_kind_are_refused(
    tmp_path: Path, source: str, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TrackerImportError, match=message):
        parse_export(source, path)


def test_unreadable_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TrackerImportError, match="Cannot read"):
        parse_export("imdb", tmp_path / "missing.csv")
    with pytest.raises(TrackerImportError, match="none of its files"):
        parse_export("tvtime", tmp_path)
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)  # never opened: reading it would wait for a writer forever
    with pytest.raises(TrackerImportError, match="is not a regular file"):
        parse_export("imdb", fifo)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Doctor Who (2005)", ("Doctor Who", 2005)),
        ("Doctor Who", ("Doctor Who", None)),
        ("  Shōgun  (2024) ", ("Shōgun", 2024)),
        ("1899", ("1899", None)),
    ],
)
def test_title_year(text: str, expected: tuple[str, int | None]) -> None:
    assert split_title_year(text) == expected
