"""Trakt: what each kind of file says, read from real Trakt API answers (fixtures/imports/real).

The real samples are API answers saved under their API paths (``sync_watched_shows.json``...);
a user feeds them as a folder or one file at a time, exactly as an export's own files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from watchlist.core.episodes import EpisodeReference
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import ImportCandidate
from watchlist.importers.files import TrackerImportError
from watchlist.importers.parse import parse_export
from watchlist.importers.trakt import TraktFile, file_kind

REAL = Path(__file__).parent.parent / "fixtures" / "imports" / "real" / "trakt"
FUZEMAN = REAL / "fuzeman_trakt.py"
PYTRAKT = REAL / "moogar0880_PyTrakt"


def by_title(path: Path) -> dict[str, ImportCandidate]:
    return {candidate.title: candidate for candidate in parse_export("trakt", path).candidates}


def entries(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_a_folder_of_api_answers_imports_what_they_say() -> None:
    parsed = parse_export("trakt", FUZEMAN)
    shows = {candidate.title: candidate for candidate in parsed.candidates}
    # Counted by hand from the files: 11 shows (one show under two Trakt ids is one show),
    # 46 regular episodes watched (Archer's 4 specials are not), 6 shows rated, 2 movies.
    assert len(shows) == 11
    assert sum(len(candidate.watched) for candidate in shows.values()) == 46
    assert {title: c.rating for title, c in shows.items() if c.rating} == {
        "Parks and Recreation": 10,
        "True Detective": 6,
        "Chuck": 10,
        "30 Rock": 8,
        "The Office": 10,
        "Breaking Bad": 10,
    }
    assert len(shows["Archer"].watched) == 13
    assert parsed.movies == 2 and parsed.listed_skips == ()


def test_watched_shows_without_seasons_are_watching_and_say_the_episodes_are_unknown() -> None:
    parsed = parse_export("trakt", PYTRAKT / "sync_watched_shows__noseasons.json")
    shows = {candidate.title: candidate for candidate in parsed.candidates}
    bad = shows["Breaking Bad"]
    assert (bad.watch_status, bad.watched, bad.unnamed_plays) == (WatchStatus.WATCHING, (), 56)
    assert bad.episodes_unknown
    assert shows["Parks and Recreation"].watch_status is WatchStatus.WATCHING
    assert any("could not be known" in note for note in parsed.notes)


def test_plays_that_cover_every_aired_episode_make_a_show_completed(tmp_path: Path) -> None:
    # The same answer with ?extended=full, which adds the show's aired_episodes.
    shows = entries(PYTRAKT / "sync_watched_shows__noseasons.json")
    shows[0]["show"]["aired_episodes"] = 56  # Breaking Bad: 56 plays of 56 aired
    shows[1]["show"]["aired_episodes"] = 125  # Parks and Recreation: 23 of 125
    path = tmp_path / "watched-shows.json"
    path.write_text(json.dumps(shows), encoding="utf-8")
    parsed = by_title(path)
    assert parsed["Breaking Bad"].watch_status is WatchStatus.COMPLETED
    assert parsed["Parks and Recreation"].watch_status is WatchStatus.WATCHING


def test_named_episodes_win_over_the_plays_count() -> None:
    shows = by_title(PYTRAKT)  # noseasons and full answers side by side
    bad = shows["Breaking Bad"]
    assert bad.watched == tuple(EpisodeReference(s, e) for s in (1, 2) for e in (1, 2))
    assert not bad.episodes_unknown


@pytest.mark.parametrize(
    ("folder", "name", "status"),
    [
        (PYTRAKT, "sync_watchlist_episodes.json", WatchStatus.PLAN_TO_WATCH),
        (PYTRAKT, "sync_watchlist_seasons.json", WatchStatus.PLAN_TO_WATCH),
        (PYTRAKT, "sync_watchlist_shows.json", WatchStatus.PLAN_TO_WATCH),
        (FUZEMAN, "sync_collection_shows.json", None),
        (PYTRAKT, "sync_collection_shows.json", None),
        (FUZEMAN, "sync_playback_episodes.json", WatchStatus.WATCHING),
        (FUZEMAN, "users_me_lists_shows_items.json", None),
        (FUZEMAN, "sync_ratings_episodes.json", None),
    ],
)
def test_only_real_history_marks_episodes_watched(
    folder: Path, name: str, status: WatchStatus | None
) -> None:
    shows = by_title(folder / name)
    assert shows
    assert {title: c.watched for title, c in shows.items()} == dict.fromkeys(shows, ())
    assert {c.watch_status for c in shows.values()} == {status}


def test_history_entries_mark_their_episodes_watched() -> None:
    shows = by_title(FUZEMAN / "sync_history_shows.json")  # 25 plays of three episodes
    parks = shows["Parks and Recreation"]
    assert parks.watched == (EpisodeReference(2, 1), EpisodeReference(2, 2), EpisodeReference(2, 3))
    assert parks.watch_status is WatchStatus.WATCHING


def test_a_season_or_episode_rating_is_not_the_show_rating(tmp_path: Path) -> None:
    assert {c.rating for c in by_title(FUZEMAN / "sync_ratings_episodes.json").values()} == {None}
    assert {c.rating for c in by_title(FUZEMAN / "sync_ratings_seasons.json").values()} == {None}
    for name in ("sync_ratings_episodes.json", "sync_ratings_seasons.json", "sync_ratings.json"):
        shutil.copy(FUZEMAN / name, tmp_path / name)
    shows = by_title(tmp_path)
    # Chuck's season 1 and one of its episodes are rated 10, Breaking Bad's season 8: only
    # sync_ratings.json's show entry rates a show itself.
    assert shows["Chuck"].rating is None
    assert {title: c.rating for title, c in shows.items() if c.rating} == {"Breaking Bad": 10}


@pytest.mark.parametrize("name", ["hidden-dropped.json", "hidden-progress_watched.json"])
def test_a_hidden_show_is_dropped(tmp_path: Path, name: str) -> None:
    shutil.copy(FUZEMAN / "sync_watched_shows.json", tmp_path / "watched-shows.json")
    shows = entries(FUZEMAN / "sync_ratings_shows.json")
    hidden = [{"hidden_at": "2016-01-01T00:00:00.000Z", "type": "show", "show": shows[0]["show"]}]
    (tmp_path / name).write_text(json.dumps(hidden), encoding="utf-8")
    parsed = by_title(tmp_path)
    office = parsed["The Office"]
    assert office.watch_status is WatchStatus.DROPPED and len(office.watched) == 8
    assert parsed["Chuck"].watch_status is WatchStatus.WATCHING


def test_hidden_recommendations_are_not_read(tmp_path: Path) -> None:
    assert file_kind("hidden-recommendations.json") is None
    assert file_kind("hidden-dropped.json") is TraktFile.HIDDEN


def test_an_empty_file_is_nothing_to_import(tmp_path: Path) -> None:
    path = tmp_path / "watched-shows.json"
    path.write_text("[]\n", encoding="utf-8")
    parsed = parse_export("trakt", path)
    assert parsed.candidates == ()
    assert parsed.notes == ("Nothing to import: watched-shows.json is empty.",)


def test_numbered_files_are_all_read(tmp_path: Path) -> None:
    history = entries(FUZEMAN / "sync_history_shows.json")  # plays of S2E1, S2E2 and S2E3
    first = [entry for entry in history if entry["episode"]["number"] != 3]
    second = [entry for entry in history if entry["episode"]["number"] == 3]
    for number, part in ((1, first), (2, second)):
        (tmp_path / f"watched-history-{number}.json").write_text(json.dumps(part), "utf-8")
    shutil.copy(PYTRAKT / "sync_watchlist_shows.json", tmp_path / "lists-watchlist-2.json")
    shutil.copy(PYTRAKT / "sync_ratings_shows.json", tmp_path / "ratings-shows-1.json")
    shows = by_title(tmp_path)
    assert len(shows["Parks and Recreation"].watched) == 3  # episodes from both halves
    assert shows["The Walking Dead"].watch_status is WatchStatus.PLAN_TO_WATCH
    assert shows["The Walking Dead"].rating == 10
    assert sum(len(c.watched) for c in shows.values()) == sum(
        len(c.watched) for c in by_title(FUZEMAN / "sync_history_shows.json").values()
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("watched-shows.json", TraktFile.WATCHED),
        ("watched-history-12.json", TraktFile.HISTORY),
        ("lists-watchlist-2.json", TraktFile.WATCHLIST),
        ("ratings-shows-1.json", TraktFile.RATINGS),
        ("lists-favourite-comedies.json", TraktFile.LIST),
        ("sync_watched_shows__noseasons.json", TraktFile.WATCHED),
        ("users_me_lists_shows_items.json", TraktFile.LIST),
        ("collection-shows.json", TraktFile.COLLECTION),
        ("user-settings.json", None),
        ("comments-shows.json", None),
    ],
)
def test_file_kinds_by_name(name: str, kind: TraktFile | None) -> None:
    assert file_kind(name) is kind


def test_a_file_of_another_tracker_says_which_it_looks_like() -> None:
    imdb = Path(__file__).parent.parent / "fixtures" / "imports" / "imdb" / "watchlist.csv"
    with pytest.raises(TrackerImportError, match=r"^This looks like an IMDb list, not a Trakt"):
        parse_export("trakt", imdb)
