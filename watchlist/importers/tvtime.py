"""TV Time's GDPR data export (a zip of CSV files), as import candidates.

TV Time never documented the export; these are the files and columns of real exports as
people who imported them describe them (older and newer generations differ):

- ``followed_tv_show.csv``: ``tv_show_id`` (TheTVDB's id), ``tv_show_name``, ``active``,
  ``archived``, ``created_at``: the shows followed, archived ones being stopped.
- ``user_tv_show_data.csv``: ``tv_show_id``, ``tv_show_name``, ``is_followed``,
  ``nb_episodes_seen``.
- ``tracking-prod-records-v2.csv`` (newer): rows whose ``key`` starts ``watch-episode-`` are
  watched episodes (``series_name``, ``s_id`` = TheTVDB id, ``season_number``/``s_no``,
  ``episode_number``/``ep_no``, ``is_special``); rows whose key starts ``user-series-`` are
  shows (``is_followed``, ``is_archived``, ``is_for_later``).
- ``tracking-prod-records.csv`` (older; also movies, skipped): ``entity_type``,
  ``series_name``, ``series_id``/``s_id``, season and episode numbers as above.
- ``seen_episode.csv`` (oldest): ``tv_show_id``, ``tv_show_name``,
  ``episode_season_number``, ``episode_number``.

TV Time writes a year after names it shares with another show ("Doctor Who (2005)"); it is
taken as the show's year. Archived shows become dropped, "for later" plan to watch, shows
with watched episodes watching. Specials are not imported as watched episodes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from watchlist.core.episodes import EpisodeReference, EpisodeReferenceError
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import (
    CandidateIndex,
    ImportSource,
    ParsedExport,
    SkippedEntry,
    positive_int,
    split_title_year,
)
from watchlist.importers.files import TrackerImportError, read_export

FILES = (
    "followed_tv_show.csv",
    "user_tv_show_data.csv",
    "tracking-prod-records-v2.csv",
    "tracking-prod-records.csv",
    "seen_episode.csv",
)
FOLLOW_FILES = ("followed_tv_show.csv", "user_tv_show_data.csv")
TITLE_COLUMNS = ("series_name", "tv_show_name")
ID_COLUMNS = ("s_id", "series_id", "tv_show_id")
SEASON_COLUMNS = ("season_number", "s_no", "episode_season_number")
EPISODE_COLUMNS = ("episode_number", "ep_no")
SHOW_ENTITIES = {"", "episode", "series", "show", "tv_show"}
_TRUE = {"1", "true", "t", "yes", "y"}


def _rows(text: str) -> Iterator[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        yield {
            (key or "").strip().casefold(): (value or "").strip()
            for key, value in row.items()
            if isinstance(value, str)
        }


def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
    return next((row[name] for name in names if row.get(name)), "")


def _true(row: dict[str, str], name: str) -> bool:
    return row.get(name, "").casefold() in _TRUE


def _episode(row: dict[str, str]) -> EpisodeReference | None:
    """The regular episode a row records as watched, if it records one."""
    if row.get("key", "").startswith("user-series") or _true(row, "is_special"):
        return None
    season = positive_int(_first(row, SEASON_COLUMNS))
    number = positive_int(_first(row, EPISODE_COLUMNS))
    if season is None or number is None:
        return None
    try:
        return EpisodeReference(season, number)
    except EpisodeReferenceError:
        return None


def parse_tvtime_files(files: dict[str, str]) -> ParsedExport:
    """Candidates from TV Time export files (by lower-case name)."""
    index = CandidateIndex()
    skipped: list[SkippedEntry] = []
    recognised = False
    for name in sorted(files, key=lambda n: FILES.index(n) if n in FILES else len(FILES)):
        for row in _rows(files[name]):
            raw_title = _first(row, TITLE_COLUMNS)
            if not raw_title:
                if row.get("movie_name"):
                    recognised = True
                    skipped.append(SkippedEntry(row["movie_name"], "a movie, not a series"))
                continue
            recognised = True
            if row.get("entity_type", "").casefold() not in SHOW_ENTITIES:
                continue
            title, year = split_title_year(raw_title)
            builder = index.get(title, year=year, thetvdb=positive_int(_first(row, ID_COLUMNS)))
            episode = _episode(row)
            if episode is not None:
                builder.watched.add(episode)
            if _true(row, "archived") or _true(row, "is_archived"):
                builder.statuses.add(WatchStatus.DROPPED)
            elif _true(row, "is_for_later") or _true(row, "is_followed") or name in FOLLOW_FILES:
                builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
    if not recognised:
        raise TrackerImportError(
            "This is not a TV Time export: no file has a series_name or tv_show_name column "
            f"(expected {', '.join(FILES)})."
        )
    unique_skips = tuple(dict.fromkeys(skipped))
    return ParsedExport(ImportSource.TVTIME, index.build(), unique_skips)


def parse_tvtime(path: Path) -> ParsedExport:
    """Candidates from a TV Time export: its zip, its unzipped folder, or one of its CSVs."""
    files = read_export(path, lambda name: name in FILES, what="a TV Time export")
    return parse_tvtime_files(files)
