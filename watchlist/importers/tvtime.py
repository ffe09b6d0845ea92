"""TV Time's GDPR data export (a zip of CSV files), as import candidates.

TV Time never documented the export; these are the files and columns of real exports as
people who imported them describe them (generations differ):

- ``followed_tv_show.csv``: ``tv_show_id`` (TheTVDB's id), ``tv_show_name``, ``active``,
  ``archived``, ``created_at``: the shows followed, archived ones being stopped.
- ``user_tv_show_data.csv``: ``tv_show_id``, ``is_followed``, ``nb_episodes_seen`` and, in
  some exports, ``tv_show_name``. The oldest exports name no show at all: only ids.
- ``tracking-prod-records-v2.csv`` (2023-24): rows whose ``key`` starts ``watch-episode-`` (or
  ``rewatch-episode-``) are watched episodes (``series_name``, ``s_id`` = TheTVDB id,
  ``season_number``/``s_no``, ``episode_number``/``ep_no``, ``is_special``); rows whose key
  starts ``user-series-`` are shows (``is_followed``, ``is_archived``, ``is_for_later``,
  ``ep_watch_count``).
- ``tracking-prod-records.csv`` (older; also movies, counted and skipped): ``type``,
  ``entity_type``, ``series_name``, ``series_id``/``s_id``, season and episode numbers;
  ``count-watch-episode-series`` rows count a show's watched episodes (``watch_count``).
- ``seen_episode.csv`` (oldest): ``tv_show_id`` and/or ``tv_show_name``,
  ``episode_season_number``, ``episode_number``; rows giving only an ``episode_id`` say an
  episode was watched without saying which.

Rows with no ``series_name`` are kept by their TheTVDB id (TVmaze gives the name) and the
preview says so. TV Time writes a year after names it shares with another show ("Doctor Who
(2005)"); it is taken as the show's year, and the same name under two ids is two shows.
Archived shows become dropped, "for later" plan to watch, shows with watched episodes watching.
Specials are not imported as watched episodes.

A CSV is read only if its columns are TV Time's (``key`` with ``s_id``, ``tv_show_id``,
``entity_type``...): a spreadsheet that merely has a ``series_name`` column is refused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchlist.core.episodes import EpisodeReference, EpisodeReferenceError
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import (
    CandidateBuilder,
    CandidateIndex,
    ImportCandidate,
    ImportSource,
    ParsedExport,
    SkipKind,
    SkippedEntry,
    positive_int,
    split_title_year,
)
from watchlist.importers.files import NotThisExportError, read_export
from watchlist.importers.tables import CsvTable

FOLLOWED = "followed_tv_show.csv"
USER_DATA = "user_tv_show_data.csv"
RECORDS_V2 = "tracking-prod-records-v2.csv"
RECORDS = "tracking-prod-records.csv"
SEEN = "seen_episode.csv"
FILES = (FOLLOWED, USER_DATA, RECORDS_V2, RECORDS, SEEN)

TITLE_COLUMNS = ("series_name", "tv_show_name")
ID_COLUMNS = ("s_id", "series_id", "tv_show_id")
SEASON_COLUMNS = ("season_number", "s_no", "episode_season_number")
EPISODE_COLUMNS = ("episode_number", "ep_no")
_TRUE = {"1", "true", "t", "yes", "y"}
_NOT_SHOWS = {"time-count", "count-watch-episode-total", "tracking-stats"}

# Columns only TV Time writes, per file: (all of these, at least one of those).
SIGNATURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    FOLLOWED: (("tv_show_id",), ("tv_show_name", "archived", "active", "notification_type")),
    USER_DATA: (("tv_show_id",), ("is_followed", "nb_episodes_seen", "is_favorited")),
    RECORDS_V2: (("key",), ("s_id", "series_name")),
    RECORDS: (("series_name",), ("entity_type", "series_uuid", "type-uuid-n")),
    SEEN: (("episode_id",), ("tv_show_id", "tv_show_name", "episode_season_number")),
}


def kind_of(name: str, table: CsvTable) -> str | None:
    """Which TV Time file this is: by its name when its columns agree, else by its columns."""

    def fits(kind: str) -> bool:
        required, any_of = SIGNATURES[kind]
        return table.has(*required) and any(column in table.columns for column in any_of)

    if name in SIGNATURES:
        return name if fits(name) else None
    return next((kind for kind in FILES if fits(kind)), None)


def _first(row: dict[str, str], names: tuple[str, ...]) -> str:
    return next((row[name] for name in names if row.get(name)), "")


def _true(row: dict[str, str], name: str) -> bool:
    return row.get(name, "").casefold() in _TRUE


def _episode(row: dict[str, str]) -> EpisodeReference | None:
    """The regular episode a row records as watched, if it names one."""
    if _true(row, "is_special"):
        return None
    season = positive_int(_first(row, SEASON_COLUMNS))
    number = positive_int(_first(row, EPISODE_COLUMNS))
    if season is None or number is None:
        return None
    try:
        return EpisodeReference(season, number)
    except EpisodeReferenceError:
        return None


@dataclass(slots=True)
class _Reading:
    """What reading the files found besides candidates: skips and things to report."""

    index: CandidateIndex = field(default_factory=CandidateIndex)
    movies: dict[str, SkippedEntry] = field(default_factory=dict)
    nameless: Counter[int] = field(default_factory=Counter)  # rows by TheTVDB id
    no_show: int = 0  # rows about a show that name neither it nor its id
    unplaced_episodes: int = 0  # watched episodes given by an episode id alone
    recognised: bool = False

    def show(self, row: dict[str, str]) -> CandidateBuilder | None:
        """The show a row is about, by name and id; None (counted) when it gives neither."""
        raw_title = _first(row, TITLE_COLUMNS)
        thetvdb = positive_int(_first(row, ID_COLUMNS))
        if not raw_title and thetvdb is None:
            self.no_show += 1
            return None
        if not raw_title:
            assert thetvdb is not None
            self.nameless[thetvdb] += 1
        title, year = split_title_year(raw_title) if raw_title else ("", None)
        return self.index.get(title, year=year, thetvdb=thetvdb)

    def movie(self, name: str) -> None:
        title = " ".join(name.split())
        self.movies.setdefault(title, SkippedEntry(title, "a movie, not a series", SkipKind.MOVIE))


def _read_followed(reading: _Reading, row: dict[str, str]) -> None:
    builder = reading.show(row)
    if builder is None:
        return
    if _true(row, "archived"):
        builder.statuses.add(WatchStatus.DROPPED)
    else:
        builder.statuses.add(WatchStatus.PLAN_TO_WATCH)


def _read_user_data(reading: _Reading, row: dict[str, str]) -> None:
    builder = reading.show(row)
    if builder is None:
        return
    seen = positive_int(row.get("nb_episodes_seen"))
    if seen:
        builder.unnamed_plays = max(builder.unnamed_plays, seen)
    builder.statuses.add(WatchStatus.PLAN_TO_WATCH)


def _read_records_v2(reading: _Reading, row: dict[str, str]) -> None:
    key = row.get("key", "")
    if key.startswith("user-series"):
        builder = reading.show(row)
        if builder is None:
            return
        seen = positive_int(row.get("ep_watch_count"))
        if seen:
            builder.unnamed_plays = max(builder.unnamed_plays, seen)
        if _true(row, "is_archived"):
            builder.statuses.add(WatchStatus.DROPPED)
        elif _true(row, "is_for_later") or _true(row, "is_followed"):
            builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
    elif key.startswith(("watch-episode", "rewatch-episode")):
        builder = reading.show(row)
        episode = _episode(row)
        if builder is not None and episode is not None:
            builder.watched.add(episode)


def _read_records(reading: _Reading, row: dict[str, str]) -> None:
    kind = row.get("type", "").casefold()
    entity = row.get("entity_type", "").casefold()
    movie_count = "movie" in kind or "movie" in row.get("type-uuid-n", "")  # count-watch-movie
    if row.get("movie_name") or entity == "movie" or movie_count:
        if row.get("movie_name"):
            reading.movie(row["movie_name"])
        return
    if kind in _NOT_SHOWS:
        return
    builder = reading.show(row)
    if builder is None:
        return
    if kind == "count-watch-episode-series":
        count = positive_int(row.get("watch_count"))
        if count:
            builder.unnamed_plays = max(builder.unnamed_plays, count)
        return
    if kind == "towatch":
        builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
        return
    episode = _episode(row)
    if episode is not None:
        builder.watched.add(episode)
    elif kind == "follow":
        builder.statuses.add(WatchStatus.PLAN_TO_WATCH)


def _read_seen(reading: _Reading, row: dict[str, str]) -> None:
    episode = _episode(row)
    if episode is None and not _first(row, TITLE_COLUMNS + ID_COLUMNS):
        if row.get("episode_id"):
            reading.unplaced_episodes += 1
        return
    builder = reading.show(row)
    if builder is None:
        return
    if episode is not None:
        builder.watched.add(episode)
    else:
        builder.unnamed_plays += 1


READERS: dict[str, Callable[[_Reading, dict[str, str]], None]] = {
    FOLLOWED: _read_followed,
    USER_DATA: _read_user_data,
    RECORDS_V2: _read_records_v2,
    RECORDS: _read_records,
    SEEN: _read_seen,
}


def _notes(reading: _Reading, candidates: tuple[ImportCandidate, ...]) -> list[str]:
    notes: list[str] = []
    unknown = sum(1 for candidate in candidates if candidate.episodes_unknown)
    if unknown:
        shows = "1 show" if unknown == 1 else f"{unknown:,} shows"
        notes.append(
            f"TV Time counts the episodes seen of {shows} without naming them: which episodes "
            "were watched could not be known, so none are marked (the status says watching)."
        )
    if reading.nameless:
        ids = sorted(reading.nameless)
        shown = ", ".join(str(thetvdb) for thetvdb in ids[:5])
        more = f" and {len(ids) - 5} more" if len(ids) > 5 else ""
        count = sum(reading.nameless.values())
        gives = "1 row gives" if count == 1 else f"{count:,} rows give"
        notes.append(
            f"{gives} no show name, only a TheTVDB id ({shown}{more}): those shows are kept "
            "by their ids, and TVmaze gives their names."
        )
    if reading.no_show:
        one = reading.no_show == 1
        rows = "1 row about a show gives" if one else f"{reading.no_show:,} rows about a show give"
        notes.append(f"{rows} neither its name nor its id and {'was' if one else 'were'} left out.")
    if reading.unplaced_episodes:
        notes.append(
            f"{reading.unplaced_episodes:,} watched episode"
            f"{'s are' if reading.unplaced_episodes != 1 else ' is'} given only by an episode "
            "id, without its show, and could not be imported."
        )
    return notes


def parse_tvtime_files(files: dict[str, str]) -> ParsedExport:
    """Candidates from TV Time export files (by lower-case name)."""
    reading = _Reading()
    notes: list[str] = []
    ordered = sorted(files, key=lambda n: FILES.index(n) if n in FILES else len(FILES))
    for name in ordered:
        table = CsvTable(files[name], name)
        kind = kind_of(name, table)
        if kind is None:
            continue
        reading.recognised = True
        reader = READERS[kind]
        for row in table.rows():
            reader(reading, row)
        notes += table.notes()
    if not reading.recognised:
        raise NotThisExportError(
            "This is not a TV Time export: no file has TV Time's columns "
            f"(expected {', '.join(FILES)})."
        )
    candidates = reading.index.build()
    notes += _notes(reading, candidates)
    return ParsedExport(
        ImportSource.TVTIME, candidates, tuple(reading.movies.values()), tuple(notes)
    )


def parse_tvtime(path: Path) -> ParsedExport:
    """Candidates from a TV Time export: its zip, its unzipped folder, or one of its CSVs."""
    files = read_export(path, lambda name: name in FILES, what="a TV Time export")
    parsed = parse_tvtime_files(files.texts)
    notes = (*files.notes, *parsed.notes)
    return ParsedExport(parsed.source, parsed.candidates, parsed.skipped, notes)
