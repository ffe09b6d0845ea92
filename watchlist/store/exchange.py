"""Export (JSON v1 and CSV) and import (JSON v1) of a whole library.

Import reads and validates the entire file before it writes anything; an invalid file changes
nothing and the message names the place (``shows[3].seasons[0].premiere_date: not a date``).
Re-importing a file adds nothing twice: shows are matched by external id, then by title and
premiere date, and notes by creation time and text.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session, selectinload

from watchlist import __version__
from watchlist.core.episodes import EpisodeReference, EpisodeReferenceError
from watchlist.core.errors import WatchlistError
from watchlist.core.html import sanitize_html
from watchlist.core.networks import guess_network_kind
from watchlist.core.records import ExternalIds
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus
from watchlist.core.text import quoted, text_problem
from watchlist.store import validation
from watchlist.store.errors import ImportFileError
from watchlist.store.import_source import read_import_file
from watchlist.store.import_writing import (
    NEW_SHOW,
    STAGING_CHUNK_ROWS,
    ImportPlan,
    Progress,
    StalePlanError,
    write_in_session,
    write_staged,
)
from watchlist.store.library import Library
from watchlist.store.limits import (
    MAX_GENRES,
    MAX_IMPORT_EPISODES_PER_SHOW,
    MAX_IMPORT_NOTES_PER_SHOW,
    MAX_IMPORT_RECORDS,
    MAX_IMPORT_SHOWS,
    MAX_SEASONS,
    MAX_USER_EDITED_ENTRIES,
)
from watchlist.store.models import Episode, Note, Season, Show

log = logging.getLogger(__name__)

T = TypeVar("T")
E = TypeVar("E", ShowStatus, RenewalStatus, WatchStatus, NetworkKind)

EXPORT_FORMAT = "watchlist-export"
EXPORT_VERSION = 1
MAX_REPORTED_PROBLEMS = 10
CSV_COLUMNS = (
    "title", "network", "country", "language", "genres", "status", "renewal_status",
    "renewal_announced_on", "premiered", "ended", "seasons", "aired_seasons",
    "next_season_expected", "watch_status", "rating", "notes", "tvmaze_id", "imdb_id",
    "thetvdb_id",
)  # fmt: skip


# -- export -----------------------------------------------------------------------------------


def _iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _iso_datetime(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _all_shows(session: Session) -> list[Show]:
    statement = select(Show).options(
        selectinload(Show.seasons), selectinload(Show.episodes), selectinload(Show.notes)
    )
    shows = list(session.scalars(statement))
    shows.sort(key=lambda show: (show.title.casefold(), show.premiered or date.min, show.id))
    return shows


def show_to_export(show: Show) -> dict[str, Any]:
    """One show in export format v1 (DESIGN.md), with Watchlist's added keys."""
    external_ids = ExternalIds(show.tvmaze_id, show.imdb_id, show.thetvdb_id).as_dict()
    notes = sorted(show.notes, key=lambda note: (note.created_at, note.id))
    return {
        "title": show.title,
        "external_ids": external_ids,
        "network": show.network,
        "network_kind": show.network_kind.value if show.network_kind else None,
        "country": show.country,
        "language": show.language,
        "genres": list(show.genres or ()),
        "synopsis": show.synopsis,
        "synopsis_html": show.synopsis_html,
        "status": show.provider_status.value,
        "renewal": {
            "status": show.renewal_status.value,
            "announced_on": _iso_date(show.renewal_announced_on),
        },
        "premiered": _iso_date(show.premiered),
        "ended": _iso_date(show.ended),
        "watch_status": show.watch_status.value,
        "rating": show.rating,
        "next_season_expected": show.next_season_expected,
        "poster_url": show.poster_url,
        "added_at": _iso_datetime(show.added_at),
        "updated_at": _iso_datetime(show.updated_at),
        "last_synced_at": _iso_datetime(show.last_synced_at),
        "seasons": [
            {
                "number": season.number,
                "name": season.name,
                "premiere_date": _iso_date(season.premiere_date),
                "end_date": _iso_date(season.end_date),
                "episode_count": season.episode_count,
            }
            for season in show.seasons
        ],
        "episodes": [
            {
                "season": episode.season_number,
                "number": episode.number,
                "title": episode.title,
                "airdate": _iso_date(episode.airdate),
                "watched": episode.watched,
                "airstamp": _iso_datetime(episode.airstamp),
                "runtime": episode.runtime,
            }
            for episode in show.episodes
        ],
        "notes": [
            {
                "created_at": _iso_datetime(note.created_at),
                "updated_at": _iso_datetime(note.updated_at),
                "body": note.body,
                "season": note.season_number,
                "episode": note.episode_number,
                "pinned": note.pinned,
            }
            for note in notes
        ],
        "user_edited": sorted(show.user_edited or ()),
    }


def export_document(library: Library) -> dict[str, Any]:
    """The whole library as an export document (JSON v1)."""
    with library.reading() as session:
        shows = [show_to_export(show) for show in _all_shows(session)]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso_datetime(library.now()),
        "generator": f"Watchlist {__version__}",
        "shows": shows,
    }


def export_json(library: Library) -> str:
    return json.dumps(export_document(library), ensure_ascii=False, indent=2) + "\n"


def _csv_safe(value: object) -> str:
    """A cell value that spreadsheets will not run as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv(library: Library) -> str:
    """The show list as CSV, one row per show."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    with library.reading() as session:
        for show in _all_shows(session):
            aired = sum(1 for season in show.seasons if season.premiere_date is not None)
            row = (
                show.title, show.network, show.country, show.language,
                "; ".join(show.genres or ()), show.provider_status.value,
                show.renewal_status.value, _iso_date(show.renewal_announced_on),
                _iso_date(show.premiered), _iso_date(show.ended), len(show.seasons), aired,
                show.next_season_expected, show.watch_status.value, show.rating,
                len(show.notes), show.tvmaze_id, show.imdb_id, show.thetvdb_id,
            )  # fmt: skip
            writer.writerow([_csv_safe(value) for value in row])
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all, and durably: a temporary file renamed over the target.

    The temporary file's content is flushed to the disk (fsync) before the rename, and the
    folder after it, so that after a power cut the target is the old file or the whole new
    one, never an empty or partial file under the target's name.
    """
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
        _sync_folder(path.parent)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WatchlistError(f"Cannot write {path}: {error.strerror or error}.") from error


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to the disk, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # Windows opens no folders; its renames are made durable by the system
        return
    try:
        os.fsync(descriptor)
    except OSError as error:  # a file system that cannot sync folders: the file is written
        log.debug("Cannot flush the folder %s: %s", folder, error)
    finally:
        os.close(descriptor)


# -- import: validation -----------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    """Reads typed values out of parsed JSON, noting every problem with its path."""

    problems: list[str] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def object(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, "not an object")
            return {}
        return value

    def texts(self, value: Any, path: str, *, at_most: int, what: str) -> list[str]:
        """A list of strings, its length checked before any item is read."""
        items = self.list(value, path)
        if len(items) > at_most:
            self.fail(path, f"{len(items):,} {what}; at most {at_most:,} are allowed")
            return []
        return [
            self.text(item, f"{path}[{index}]", optional=False) or ""
            for index, item in enumerate(items)
        ]

    def list(self, value: Any, path: str, *, optional: bool = True) -> list[Any]:
        if value is None and optional:
            return []
        if not isinstance(value, list):
            self.fail(path, "not a list")
            return []
        return value

    def text(self, value: Any, path: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            self.fail(path, "not a string")
            return None
        problem = text_problem(value)
        if problem is not None:
            self.fail(path, problem)
            return None
        return value

    def integer(self, value: Any, path: str, *, optional: bool = True) -> int | None:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "not a whole number")
            return None
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(path, "not true or false")
            return False
        return value

    def date(self, value: Any, path: str) -> date | None:
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(path, "not a date (expected YYYY-MM-DD)")
        return None

    def datetime(self, value: Any, path: str, *, optional: bool = True) -> datetime | None:
        if value is None and optional:
            return None
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
                # In UTC, as stored; a moment at the very edge of the calendar has none.
                return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
            except (ValueError, OverflowError):
                pass
        self.fail(path, "not a date and time (expected ISO 8601, e.g. 2023-01-02T23:48:00+00:00)")
        return None

    def choice(self, enum: type[E], value: Any, path: str, default: E | None) -> E | None:
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.fail(path, f"{quoted(value)} is not one of {allowed}")
            return default

    def identifier(self, value: Any, path: str, what: str) -> int | None:
        """An optional id or number that every database can store."""
        number = self.integer(value, path)
        if number is None:
            return None
        return self.checked(path, lambda v: validation.check_database_integer(v, what=what), number)

    def checked(self, path: str, check: Callable[[Any], T | None], value: Any) -> T | None:
        """Run a library validation function, turning its error into a problem at ``path``."""
        try:
            result = check(value)
        except WatchlistError as error:
            self.fail(path, str(error))
            return None
        return result


@dataclass(slots=True)
class ImportedSeason:
    number: int
    name: str
    premiere_date: date | None
    end_date: date | None
    episode_count: int | None


@dataclass(slots=True)
class ImportedEpisode:
    season_number: int
    number: int | None
    title: str
    airdate: date | None
    watched: bool
    airstamp: datetime | None = None
    runtime: int | None = None


@dataclass(slots=True)
class ImportedNote:
    created_at: datetime
    updated_at: datetime | None
    body: str
    season_number: int | None = None
    episode_number: int | None = None
    pinned: bool = False


@dataclass(slots=True)
class ImportedShow:
    """A validated show from an import file, ready to write."""

    values: dict[str, Any]
    external_ids: ExternalIds
    seasons: list[ImportedSeason]
    episodes: list[ImportedEpisode]
    notes: list[ImportedNote]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did."""

    shows_added: int
    shows_matched: int
    notes_added: int
    notes_already_present: int
    seasons_added: int

    def summary(self) -> str:
        return (
            f"Imported {self.shows_added} new show(s); {self.shows_matched} already in the "
            f"library. Added {self.notes_added} note(s) "
            f"({self.notes_already_present} already present) and {self.seasons_added} season(s)."
        )


def _read_show(reader: _Reader, raw: Any, path: str, now: datetime) -> ImportedShow:
    data = reader.object(raw, path)
    ids = reader.object(data.get("external_ids") or {}, f"{path}.external_ids")
    renewal = reader.object(data.get("renewal") or {}, f"{path}.renewal")
    title = reader.text(data.get("title"), f"{path}.title", optional=False)
    values: dict[str, Any] = {
        "title": reader.checked(f"{path}.title", validation.clean_title, title or "")
        if title is not None
        else None,
        "network": reader.checked(
            f"{path}.network",
            lambda v: validation.clean_optional_line(v, what="network"),
            reader.text(data.get("network"), f"{path}.network"),
        ),
        "network_kind": reader.choice(
            NetworkKind, data.get("network_kind"), f"{path}.network_kind", None
        ),
        "country": reader.checked(
            f"{path}.country",
            lambda v: validation.clean_optional_line(v, what="country"),
            reader.text(data.get("country"), f"{path}.country"),
        ),
        "language": reader.checked(
            f"{path}.language",
            lambda v: validation.clean_optional_line(v, what="language"),
            reader.text(data.get("language"), f"{path}.language"),
        ),
        "genres": reader.checked(
            f"{path}.genres",
            validation.clean_genres,
            reader.texts(data.get("genres"), f"{path}.genres", at_most=MAX_GENRES, what="genres"),
        ),
        "synopsis": reader.checked(
            f"{path}.synopsis",
            validation.clean_synopsis,
            reader.text(data.get("synopsis"), f"{path}.synopsis"),
        ),
        # Rendered as rich text: sanitized like HTML from the network, whoever wrote the file
        # (and measured first, so an absurd one is refused before it is parsed).
        "synopsis_html": sanitize_html(
            reader.checked(
                f"{path}.synopsis_html",
                validation.clean_synopsis_html,
                reader.text(data.get("synopsis_html"), f"{path}.synopsis_html"),
            )
        ),
        "provider_status": reader.choice(
            ShowStatus, data.get("status"), f"{path}.status", ShowStatus.UNKNOWN
        ),
        "renewal_status": reader.choice(
            RenewalStatus, renewal.get("status"), f"{path}.renewal.status", RenewalStatus.UNKNOWN
        ),
        "renewal_announced_on": reader.date(
            renewal.get("announced_on"), f"{path}.renewal.announced_on"
        ),
        "premiered": reader.date(data.get("premiered"), f"{path}.premiered"),
        "ended": reader.date(data.get("ended"), f"{path}.ended"),
        "watch_status": reader.choice(
            WatchStatus, data.get("watch_status"), f"{path}.watch_status", WatchStatus.PLAN_TO_WATCH
        ),
        "rating": reader.checked(
            f"{path}.rating",
            validation.check_rating,
            reader.integer(data.get("rating"), f"{path}.rating"),
        ),
        "next_season_expected": reader.checked(
            f"{path}.next_season_expected",
            validation.clean_expected_text,
            reader.text(data.get("next_season_expected"), f"{path}.next_season_expected"),
        ),
        "poster_url": reader.checked(
            f"{path}.poster_url",
            lambda v: validation.clean_url(v, what="poster address"),
            reader.text(data.get("poster_url"), f"{path}.poster_url"),
        ),
        "added_at": reader.datetime(data.get("added_at"), f"{path}.added_at") or now,
        "updated_at": reader.datetime(data.get("updated_at"), f"{path}.updated_at") or now,
        "last_synced_at": reader.datetime(data.get("last_synced_at"), f"{path}.last_synced_at"),
        "user_edited": reader.checked(
            f"{path}.user_edited",
            validation.clean_user_edited,
            [
                entry
                for entry in reader.texts(
                    data.get("user_edited"),
                    f"{path}.user_edited",
                    at_most=MAX_USER_EDITED_ENTRIES,
                    what="entries",
                )
                if entry
            ],
        )
        or [],
    }
    external_ids = ExternalIds(
        tvmaze=reader.identifier(ids.get("tvmaze"), f"{path}.external_ids.tvmaze", "TVmaze id"),
        imdb=reader.checked(
            f"{path}.external_ids.imdb",
            validation.clean_imdb_id,
            reader.text(ids.get("imdb"), f"{path}.external_ids.imdb"),
        ),
        thetvdb=reader.identifier(ids.get("thetvdb"), f"{path}.external_ids.thetvdb", "TheTVDB id"),
    )
    seasons = _read_seasons(reader, data.get("seasons"), f"{path}.seasons")
    episodes = _read_episodes(reader, data.get("episodes"), f"{path}.episodes")
    notes = _read_notes(reader, data.get("notes"), f"{path}.notes")
    return ImportedShow(values, external_ids, seasons, episodes, notes)


def _read_seasons(reader: _Reader, raw: Any, path: str) -> list[ImportedSeason]:
    seasons: list[ImportedSeason] = []
    items = reader.list(raw, path)
    if len(items) > MAX_SEASONS:
        reader.fail(path, f"{len(items)} seasons; at most {MAX_SEASONS} are allowed")
        return seasons
    seen: set[int] = set()
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        data = reader.object(item, where)
        number = reader.checked(
            f"{where}.number",
            validation.check_season_number,
            reader.integer(data.get("number"), f"{where}.number", optional=False),
        )
        count = reader.integer(data.get("episode_count"), f"{where}.episode_count")
        if count is not None and not 0 <= count <= 10_000:
            reader.fail(f"{where}.episode_count", "must be from 0 to 10,000")
        season = ImportedSeason(
            number=number if number is not None else -1,
            name=reader.checked(
                f"{where}.name",
                lambda v: validation.clean_optional_line(v, what="season name"),
                reader.text(data.get("name"), f"{where}.name"),
            )
            or "",
            premiere_date=reader.date(data.get("premiere_date"), f"{where}.premiere_date"),
            end_date=reader.date(data.get("end_date"), f"{where}.end_date"),
            episode_count=count,
        )
        if number is not None and number in seen:
            reader.fail(f"{where}.number", f"season {number} appears twice")
        if number is not None:
            seen.add(number)
        seasons.append(season)
    return seasons


def _read_episodes(reader: _Reader, raw: Any, path: str) -> list[ImportedEpisode]:
    episodes: list[ImportedEpisode] = []
    seen: set[tuple[int, int]] = set()
    items = reader.list(raw, path)
    if len(items) > MAX_IMPORT_EPISODES_PER_SHOW:
        reader.fail(
            path, f"{len(items):,} episodes; at most {MAX_IMPORT_EPISODES_PER_SHOW:,} are allowed"
        )
        return episodes
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        data = reader.object(item, where)
        if data.get("season") is None:
            reader.fail(f"{where}.season", "not a whole number")
        season = reader.identifier(data.get("season"), f"{where}.season", "season number")
        number = reader.identifier(data.get("number"), f"{where}.number", "episode number")
        if season is not None and number is not None:
            if (season, number) in seen:
                reader.fail(where, f"episode S{season}E{number} appears twice")
            seen.add((season, number))
        episodes.append(
            ImportedEpisode(
                season_number=season if season is not None else -1,
                number=number,
                title=reader.checked(
                    f"{where}.title",
                    lambda v: validation.clean_optional_line(v, what="episode title"),
                    reader.text(data.get("title"), f"{where}.title"),
                )
                or "",
                airdate=reader.date(data.get("airdate"), f"{where}.airdate"),
                watched=reader.boolean(data.get("watched"), f"{where}.watched"),
                airstamp=reader.datetime(data.get("airstamp"), f"{where}.airstamp"),
                runtime=_read_runtime(reader, data.get("runtime"), f"{where}.runtime"),
            )
        )
    return episodes


def _read_notes(reader: _Reader, raw: Any, path: str) -> list[ImportedNote]:
    notes: list[ImportedNote] = []
    items = reader.list(raw, path)
    if len(items) > MAX_IMPORT_NOTES_PER_SHOW:
        reader.fail(
            path, f"{len(items):,} notes; at most {MAX_IMPORT_NOTES_PER_SHOW:,} are allowed"
        )
        return notes
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        data = reader.object(item, where)
        created = reader.datetime(data.get("created_at"), f"{where}.created_at", optional=False)
        body = reader.checked(
            f"{where}.body",
            validation.clean_note_body,
            reader.text(data.get("body"), f"{where}.body", optional=False) or "",
        )
        updated = reader.datetime(data.get("updated_at"), f"{where}.updated_at")
        if created is not None and body is not None:
            season, episode = _read_note_reference(reader, data, where)
            pinned = reader.boolean(data.get("pinned"), f"{where}.pinned")
            notes.append(ImportedNote(created, updated, body, season, episode, pinned))
    return notes


def _read_runtime(reader: _Reader, raw: Any, path: str) -> int | None:
    runtime = reader.integer(raw, path)
    if runtime is not None and not 0 < runtime <= 10_000:
        reader.fail(path, "must be from 1 to 10,000 minutes")
        return None
    return runtime


def _read_note_reference(
    reader: _Reader, data: dict[str, Any], where: str
) -> tuple[int | None, int | None]:
    """A note's season and episode: none, a season, or a season and an episode."""
    season = reader.integer(data.get("season"), f"{where}.season")
    episode = reader.integer(data.get("episode"), f"{where}.episode")
    if season is None and episode is not None:
        reader.fail(f"{where}.episode", "an episode needs its season")
        return None, None
    if season is None:
        return None, None
    try:
        reference = EpisodeReference(season, episode)
    except EpisodeReferenceError as error:
        reader.fail(f"{where}.season", str(error))
        return None, None
    return reference.season, reference.episode


class _TooManyRecordsError(Exception):
    """Raised inside the JSON parser to stop it at ``MAX_IMPORT_RECORDS`` objects."""


def _load_json(text: str) -> Any:
    """``json.loads``, stopping with a message past ``MAX_IMPORT_RECORDS`` objects.

    Counting objects costs a call for each, so it is done only when the text has more opening
    braces than the limit (an upper bound on how many objects it holds).
    """
    if text.count("{") <= MAX_IMPORT_RECORDS:
        return json.loads(text)
    count = 0

    def counted(value: dict[str, Any]) -> dict[str, Any]:
        nonlocal count
        count += 1
        if count > MAX_IMPORT_RECORDS:
            raise _TooManyRecordsError
        return value

    try:
        return json.loads(text, object_hook=counted)
    except _TooManyRecordsError:
        raise ImportFileError(
            f"The file holds more than {MAX_IMPORT_RECORDS:,} records (shows, seasons, episodes "
            f"and notes); at most {MAX_IMPORT_SHOWS:,} shows can be imported at once. Nothing "
            "was changed."
        ) from None


def parse_import_document(text: str, *, now: datetime) -> list[ImportedShow]:
    """Validate a whole export document; raise ImportFileError listing what is wrong."""
    try:
        document = _load_json(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    except RecursionError:
        raise ImportFileError(
            "The file nests lists or objects hundreds of levels deep, which no Watchlist "
            "export does, so it was not read. Nothing was changed."
        ) from None
    except ValueError as error:  # an integer past Python's limit on digits
        raise ImportFileError(
            f"The file holds a number more than {sys.get_int_max_str_digits():,} digits long, "
            "which no Watchlist export does, so it was not read. Nothing was changed."
        ) from error
    reader = _Reader()
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ImportFileError(
            'This is not a Watchlist export (expected "format": "watchlist-export").'
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > EXPORT_VERSION:
        raise ImportFileError(
            f"This export is format version {version}, from a newer Watchlist; this version "
            f"reads version {EXPORT_VERSION}. Update Watchlist to import it."
        )
    if version != EXPORT_VERSION:
        raise ImportFileError(f"version: expected {EXPORT_VERSION}, found {quoted(version)}.")
    raw_shows = reader.list(document.get("shows"), "shows", optional=False)
    if len(raw_shows) > MAX_IMPORT_SHOWS:
        raise ImportFileError(
            f"The file lists {len(raw_shows):,} shows; at most {MAX_IMPORT_SHOWS:,} can be "
            "imported at once. Nothing was changed."
        )
    shows = [_read_show(reader, raw, f"shows[{index}]", now) for index, raw in enumerate(raw_shows)]
    _check_duplicate_ids(reader, shows)
    if reader.problems:
        shown = reader.problems[:MAX_REPORTED_PROBLEMS]
        more = len(reader.problems) - len(shown)
        suffix = f" (and {more} more problems)" if more else ""
        raise ImportFileError(
            "The file was not imported; nothing was changed. " + "; ".join(shown) + suffix + "."
        )
    return shows


def _check_duplicate_ids(reader: _Reader, shows: list[ImportedShow]) -> None:
    seen: dict[tuple[str, object], int] = {}
    for index, show in enumerate(shows):
        for name, value in show.external_ids.as_dict().items():
            key = (name, value)
            if key in seen:
                reader.fail(
                    f"shows[{index}].external_ids.{name}",
                    f"{quoted(value)} is also used by shows[{seen[key]}]",
                )
            seen.setdefault(key, index)


# -- import: writing --------------------------------------------------------------------------


@dataclass(slots=True)
class _Target:
    """A show an import writes to: one already in the library (``show_id`` set) or a new one
    (``values`` to insert), with what it holds so far, so nothing is added twice."""

    show_id: int | None
    values: dict[str, Any] | None = None
    new_show: int | None = None  # its index among the import's new shows
    seasons: set[int] = field(default_factory=set)
    episodes: set[tuple[int, int | None]] = field(default_factory=set)
    notes: set[tuple[datetime, str]] = field(default_factory=set)


@dataclass(slots=True)
class _LibraryIndex:
    """Every show of the library and of the import so far, by external id and by title and
    premiere date: one query instead of four per imported show."""

    by_id: dict[str, dict[object, _Target]]
    by_title: dict[tuple[str, date | None], _Target]

    @classmethod
    def load(cls, session: Session) -> _LibraryIndex:
        index = cls({"tvmaze": {}, "imdb": {}, "thetvdb": {}}, {})
        rows = session.execute(
            select(
                Show.id, Show.tvmaze_id, Show.imdb_id, Show.thetvdb_id, Show.title, Show.premiered
            ).order_by(Show.id)
        )
        for show_id, tvmaze, imdb, thetvdb, title, premiered in rows:
            index.add(_Target(show_id), ExternalIds(tvmaze, imdb, thetvdb), title, premiered)
        return index

    def add(self, target: _Target, ids: ExternalIds, title: str, premiered: date | None) -> None:
        for name, value in ids.as_dict().items():
            self.by_id[name].setdefault(value, target)
        self.by_title.setdefault((title, premiered), target)

    def find(self, show: ImportedShow) -> _Target | None:
        """The show an imported one is: by TVmaze, IMDb or TheTVDB id, else by title and
        premiere date."""
        for name, value in show.external_ids.as_dict().items():
            found = self.by_id[name].get(value)
            if found is not None:
                return found
        return self.by_title.get((show.values["title"], show.values["premiered"]))

    def free_ids(self, ids: ExternalIds) -> ExternalIds:
        """Drop ids another show already holds (the library's copy wins)."""

        def free(name: str, value: Any) -> Any:
            return None if value is not None and value in self.by_id[name] else value

        return ExternalIds(
            tvmaze=free("tvmaze", ids.tvmaze),
            imdb=free("imdb", ids.imdb),
            thetvdb=free("thetvdb", ids.thetvdb),
        )


def _load_known(session: Session, targets: list[_Target]) -> None:
    """What the library's own shows among ``targets`` already hold, in a few queries."""
    by_id = {target.show_id: target for target in targets if target.show_id is not None}
    ids = sorted(by_id)
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start : start + _IN_CHUNK]
        for show_id, number in session.execute(
            select(Season.show_id, Season.number).where(Season.show_id.in_(chunk))
        ):
            by_id[show_id].seasons.add(number)
        for show_id, season, episode in session.execute(
            select(Episode.show_id, Episode.season_number, Episode.number).where(
                Episode.show_id.in_(chunk)
            )
        ):
            by_id[show_id].episodes.add((season, episode))
        for show_id, created_at, body in session.execute(
            select(Note.show_id, Note.created_at, Note.body).where(Note.show_id.in_(chunk))
        ):
            by_id[show_id].notes.add((created_at, body))


_IN_CHUNK = 500


# Below this many rows an import is one plain transaction on SQLite too: it is over in
# well under a second, and staging would only add work.
STAGED_IMPORT_MIN_ROWS = 5_000


def import_document(
    library: Library,
    text: str,
    *,
    chunk_rows: int = STAGING_CHUNK_ROWS,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate then import a whole export document: all of it, or nothing.

    Shows are matched against the library (and earlier shows of the same file) in memory and
    the rows worked out before anything is written. A large import on SQLite is staged first
    and copied in by one short transaction (``import_writing``), so notes written meanwhile
    wait a moment instead of failing; ``progress`` hears how many rows are staged. Should shows
    be added or removed meanwhile, the import is worked out again inside one transaction.
    """
    shows = parse_import_document(text, now=library.now())
    rows = sum(1 + len(show.seasons) + len(show.episodes) + len(show.notes) for show in shows)
    if library.engine.dialect.name == "sqlite" and rows >= STAGED_IMPORT_MIN_ROWS:
        with library.reading() as session:
            plan, report = _plan_import(session, shows)
            planned_on = _shows_state(session)
        try:
            write_staged(
                library,
                plan,
                unchanged=lambda connection: _shows_state(connection) == planned_on,
                chunk_rows=chunk_rows,
                progress=progress,
            )
        except StalePlanError:
            log.info("Import: shows changed while it was staged; importing in one transaction")
        else:
            log.info("Import: %s", report.summary())
            return report
    with library.writing() as session:
        plan, report = _plan_import(session, shows)
        write_in_session(session, plan)
    log.info("Import: %s", report.summary())
    return report


def _shows_state(connection: Session | Connection) -> tuple[int, int | None]:
    """How many shows there are and the largest id: what an import's matching rests on."""
    count, largest = connection.execute(select(func.count(), func.max(Show.id))).one()
    return int(count), largest


def _plan_import(session: Session, shows: list[ImportedShow]) -> tuple[ImportPlan, ImportReport]:
    """The rows importing ``shows`` writes into the library as ``session`` sees it."""
    index = _LibraryIndex.load(session)
    placed: list[tuple[ImportedShow, _Target]] = []
    plan = ImportPlan()
    for imported in shows:
        target = index.find(imported)
        if target is None:
            ids = index.free_ids(imported.external_ids)
            values = {
                **imported.values,
                "tvmaze_id": ids.tvmaze,
                "imdb_id": ids.imdb,
                "thetvdb_id": ids.thetvdb,
            }
            if values.get("network_kind") is None:
                values["network_kind"] = guess_network_kind(values["network"])
            target = _Target(None, values, new_show=len(plan.shows))
            index.add(target, ids, values["title"], values["premiered"])
            plan.shows.append(values)
        placed.append((imported, target))
    _load_known(session, [target for _, target in placed if target.show_id is not None])
    notes_present = 0
    for imported, target in placed:
        owner = {"show_id": target.show_id, NEW_SHOW: target.new_show}
        known_seasons, known_episodes = set(target.seasons), set(target.episodes)
        for season in imported.seasons:
            if season.number not in known_seasons:
                target.seasons.add(season.number)
                plan.seasons.append(
                    {
                        **owner,
                        "number": season.number,
                        "name": season.name,
                        "premiere_date": season.premiere_date,
                        "end_date": season.end_date,
                        "episode_count": season.episode_count,
                    }
                )
        for episode in imported.episodes:
            if (episode.season_number, episode.number) not in known_episodes:
                target.episodes.add((episode.season_number, episode.number))
                plan.episodes.append(
                    {
                        **owner,
                        "season_number": episode.season_number,
                        "number": episode.number,
                        "title": episode.title,
                        "airdate": episode.airdate,
                        "watched": episode.watched,
                        "airstamp": episode.airstamp,
                        "runtime": episode.runtime,
                    }
                )
        for note in imported.notes:
            key = (note.created_at, note.body)
            if key in target.notes:
                notes_present += 1
                continue
            target.notes.add(key)
            plan.notes.append(
                {
                    **owner,
                    "created_at": note.created_at,
                    "updated_at": note.updated_at,
                    "body": note.body,
                    "season_number": note.season_number,
                    "episode_number": note.episode_number,
                    "pinned": note.pinned,
                }
            )
    report = ImportReport(
        shows_added=len(plan.shows),
        shows_matched=len(placed) - len(plan.shows),
        notes_added=len(plan.notes),
        notes_already_present=notes_present,
        seasons_added=len(plan.seasons),
    )
    return plan, report


def import_file(library: Library, path: Path) -> ImportReport:
    return import_document(library, read_import_file(path))
