"""Each real export (fixtures/imports/real) imported whole, against counts made from the files.

The expected figures were counted by reading the files with short scripts that share nothing with
Watchlist's code (docs/imports.md, "What the real samples import", has the table and the rules
of the count). Offline, every show is added by hand, except shows the export names only by an id,
which wait for a TVmaze look-up; online, against the local TVmaze look-alike, the shows it knows
(Under the Dome, The Witcher) are added from it and the rest by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from watchlist.cli import main
from watchlist.core.status import WatchStatus
from watchlist.importers.apply import ImportOutcomeKind, TrackerImportReport, apply_import
from watchlist.importers.candidates import ImportSource
from watchlist.importers.parse import parse_export
from watchlist.importers.preview import ImportPreview, PlanKind, preview_import
from watchlist.store.library import Library
from watchlist.store.progress import list_episodes
from watchlist.sync.service import SyncService

TODAY = date(2025, 7, 15)
REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real"
TVTIME = REAL / "tvtime" / "samindika97_v2"
WREILER = REAL / "imdb" / "Wreiler_IMDB_watchlist_stats__WATCHLIST.csv"

WATCHING, PLANNED = WatchStatus.WATCHING, WatchStatus.PLAN_TO_WATCH


@dataclass(frozen=True)
class Figures:
    """What a user would count in (or expect from) an export."""

    shows: int
    watched: int  # regular episodes marked watched
    statuses: dict[WatchStatus, int]
    ratings: int  # shows with the user's rating
    movies: int


# Counted from the files (see the module docstring).
IN_THE_FILES = {
    "trakt fuzeman folder": (
        ImportSource.TRAKT,
        REAL / "trakt" / "fuzeman_trakt.py",
        Figures(11, 46, {WATCHING: 11}, 6, 2),
    ),
    "trakt pytrakt folder": (
        ImportSource.TRAKT,
        REAL / "trakt" / "moogar0880_PyTrakt",
        Figures(3, 9, {WATCHING: 2, PLANNED: 1}, 2, 2),
    ),
    "trakt noseasons file": (
        ImportSource.TRAKT,
        REAL / "trakt" / "moogar0880_PyTrakt" / "sync_watched_shows__noseasons.json",
        Figures(2, 0, {WATCHING: 2}, 0, 0),
    ),
    "tv time 2023-24 export": (
        ImportSource.TVTIME,
        TVTIME,
        Figures(66, 1097, {WATCHING: 47, PLANNED: 19}, 0, 228),
    ),
    "imdb 2015 list": (
        ImportSource.IMDB,
        REAL / "imdb" / "LAripping_watchlist-widget__WATCHLIST_2015.csv",
        Figures(4, 0, {PLANNED: 4}, 0, 94),
    ),
    "imdb 2020 list (windows-1252)": (
        ImportSource.IMDB,
        REAL / "imdb" / "mknev_WATCHLIST.csv",
        Figures(38, 0, {WATCHING: 7, PLANNED: 31}, 7, 137),
    ),
    "imdb 2021 list": (ImportSource.IMDB, WREILER, Figures(47, 0, {PLANNED: 47}, 0, 1317)),
}

# Offline, the TV Time export's two shows named only by their TheTVDB id wait for a look-up:
# 356520 (followed, nothing watched) and 362299 (23 episodes watched).
OFFLINE = {name: figures for name, (_source, _path, figures) in IN_THE_FILES.items()} | {
    "tv time 2023-24 export": Figures(64, 1074, {WATCHING: 46, PLANNED: 18}, 0, 228)
}


def library_figures(library: Library, report: TrackerImportReport) -> Figures:
    shows = library.list_shows()
    watched = sum(
        sum(1 for episode in list_episodes(library, show.id) if episode.watched) for show in shows
    )
    statuses = Counter(show.watch_status for show in shows)
    rated = sum(1 for show in shows if show.rating is not None)
    marked = sum(outcome.episodes_marked for outcome in report.outcomes)
    assert marked == watched  # the report says what the library holds
    return Figures(len(shows), watched, dict(statuses), rated, 0)


def imported(library: Library, preview: ImportPreview, service: SyncService | None) -> Figures:
    report = apply_import(library, preview, service=service, today=TODAY)
    assert report.ok
    figures = library_figures(library, report)
    return Figures(
        figures.shows, figures.watched, figures.statuses, figures.ratings, preview.movies
    )


@pytest.mark.parametrize("name", list(IN_THE_FILES))
def test_what_the_export_says_matches_the_count_made_from_the_files(name: str) -> None:
    source, path, expected = IN_THE_FILES[name]
    parsed = parse_export(source, path)
    statuses = Counter(candidate.watch_status for candidate in parsed.candidates)
    assert (
        Figures(
            len(parsed.candidates),
            sum(len(candidate.watched) for candidate in parsed.candidates),
            dict(statuses),
            sum(1 for candidate in parsed.candidates if candidate.rating is not None),
            parsed.movies,
        )
        == expected
    )


@pytest.mark.parametrize("name", list(IN_THE_FILES))
def test_an_offline_import_brings_over_what_the_files_hold(library: Library, name: str) -> None:
    source, path, _expected = IN_THE_FILES[name]
    preview = preview_import(library, parse_export(source, path), provider=None)
    assert imported(library, preview, None) == OFFLINE[name]


def test_offline_the_tv_time_shows_without_a_name_wait_for_a_lookup(library: Library) -> None:
    preview = preview_import(library, parse_export("tvtime", TVTIME), provider=None)
    waiting = [item for item in preview.items if item.kind is PlanKind.LOOKUP]
    assert [(item.candidate.label, len(item.candidate.watched)) for item in waiting] == [
        ("TheTVDB show 356520", 0),
        ("TheTVDB show 362299", 23),
    ]
    assert preview.summary() == (
        "66 shows: 0 TVmaze match, 64 add by hand, 0 already in library, "
        "2 awaiting a TVmaze look-up, 0 skipped; 228 movies left out"
    )


def test_the_2021_imdb_list_says_movies_and_tv_specials_apart_from_shows(library: Library) -> None:
    preview = preview_import(library, parse_export("imdb", WREILER), provider=None)
    assert preview.summary() == (
        "47 shows: 0 TVmaze match, 47 add by hand, 0 already in library, 0 skipped; "
        "1,317 movies and 2 other entries that are not series left out"
    )


def serve(tvmaze: FakeTvmaze) -> None:
    """TVmaze knowing Under the Dome (TheTVDB 264492) and The Witcher (362696, tt5180504)."""
    tvmaze.add(under_the_dome())
    tvmaze.add(the_witcher())
    tvmaze.lookups.update({"264492": 1, "362696": 28276, "tt1553656": 1, "tt5180504": 28276})


def test_online_the_tv_time_export_comes_over_whole(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    preview = preview_import(library, parse_export("tvtime", TVTIME), provider=service.provider)
    plans = Counter(item.kind for item in preview.items)
    assert plans == {PlanKind.MATCHED: 2, PlanKind.MANUAL: 64}
    report = apply_import(library, preview, service=service, today=TODAY)
    assert report.ok
    dome = next(o for o in report.outcomes if o.title == "Under the Dome")
    # 26 episodes watched in TV Time; the look-alike lists only three of them (TVmaze's own
    # documentation example): the other 23 are reported, never marked on episodes it lacks.
    assert (dome.kind, dome.episodes_marked, dome.episodes_missing) == (
        ImportOutcomeKind.ADDED_FROM_TVMAZE,
        3,
        23,
    )
    figures = library_figures(library, report)
    assert (figures.shows, figures.watched) == (66, 1097 - 23)
    assert figures.statuses == {WATCHING: 47, PLANNED: 19}
    nameless = library.find_show("TheTVDB show 362299")  # TVmaze does not know it either
    assert nameless.external_ids.thetvdb == 362299
    assert sum(1 for e in list_episodes(library, nameless.id) if e.watched) == 23
    assert library.find_show("The Witcher").external_ids.tvmaze == 28276
    again = preview_import(library, parse_export("tvtime", TVTIME), provider=service.provider)
    assert Counter(item.kind for item in again.items) == {PlanKind.IN_LIBRARY: 66}


def test_online_the_imdb_list_finds_the_witcher_by_its_imdb_id(
    tvmaze: FakeTvmaze, service: SyncService, library: Library
) -> None:
    serve(tvmaze)
    preview = preview_import(library, parse_export("imdb", WREILER), provider=service.provider)
    assert (preview.count(PlanKind.MATCHED), preview.count(PlanKind.MANUAL)) == (1, 46)
    assert imported(library, preview, service) == Figures(47, 0, {PLANNED: 47}, 0, 1317)
    assert library.find_show("The Witcher").external_ids.tvmaze == 28276


def test_the_command_line_reports_the_same_figures(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--offline", "import-from", "tvtime", str(TVTIME), "--yes", "--json"]
    assert main(argv, today=TODAY) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["preview"]["movies"] == 228
    outcomes = Counter(outcome["outcome"] for outcome in result["report"]["outcomes"])
    assert outcomes == {"added_manually": 64, "skipped": 2}
    assert sum(outcome["episodes_marked"] for outcome in result["report"]["outcomes"]) == 1074
    assert main(["list", "--json"], today=TODAY) == 0
    shows = json.loads(capsys.readouterr().out)
    assert Counter(show["watch_status"] for show in shows) == {
        "watching": 46,
        "plan_to_watch": 18,
    }
