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
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from watchlist import __version__
from watchlist.core.errors import WatchlistError
from watchlist.core.networks import guess_network_kind
from watchlist.core.records import ExternalIds
from watchlist.core.status import NetworkKind, RenewalStatus, ShowStatus, WatchStatus
from watchlist.store import validation
from watchlist.store.errors import ImportFileError
from watchlist.store.library import Library
from watchlist.store.limits import MAX_IMPORT_BYTES, MAX_SEASONS
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
            }
            for episode in show.episodes
        ],
        "notes": [
            {
                "created_at": _iso_datetime(note.created_at),
                "updated_at": _iso_datetime(note.updated_at),
                "body": note.body,
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
    """Write a file whole or not at all (a temporary file renamed over the target)."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WatchlistError(f"Cannot write {path}: {error.strerror or error}.") from error


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
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        self.fail(path, "not a date and time (expected ISO 8601, e.g. 2023-01-02T23:48:00+00:00)")
        return None

    def choice(self, enum: type[E], value: Any, path: str, default: E | None) -> E | None:
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            self.fail(path, f"{value!r} is not one of {allowed}")
            return default

    def checked(self, path: str, check: Any, value: T) -> T | None:
        """Run a library validation function, turning its error into a problem at ``path``."""
        try:
            result: T = check(value)
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


@dataclass(slots=True)
class ImportedNote:
    created_at: datetime
    updated_at: datetime | None
    body: str


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
        "country": reader.text(data.get("country"), f"{path}.country"),
        "language": reader.text(data.get("language"), f"{path}.language"),
        "genres": reader.checked(
            f"{path}.genres",
            validation.clean_genres,
            [
                reader.text(genre, f"{path}.genres[{index}]", optional=False) or ""
                for index, genre in enumerate(reader.list(data.get("genres"), f"{path}.genres"))
            ],
        ),
        "synopsis": reader.checked(
            f"{path}.synopsis",
            validation.clean_synopsis,
            reader.text(data.get("synopsis"), f"{path}.synopsis"),
        ),
        "synopsis_html": reader.text(data.get("synopsis_html"), f"{path}.synopsis_html") or "",
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
        "poster_url": reader.text(data.get("poster_url"), f"{path}.poster_url"),
        "added_at": reader.datetime(data.get("added_at"), f"{path}.added_at") or now,
        "updated_at": reader.datetime(data.get("updated_at"), f"{path}.updated_at") or now,
        "last_synced_at": reader.datetime(data.get("last_synced_at"), f"{path}.last_synced_at"),
        "user_edited": sorted(
            {
                reader.text(entry, f"{path}.user_edited[{index}]", optional=False) or ""
                for index, entry in enumerate(
                    reader.list(data.get("user_edited"), f"{path}.user_edited")
                )
            }
            - {""}
        ),
    }
    external_ids = ExternalIds(
        tvmaze=reader.integer(ids.get("tvmaze"), f"{path}.external_ids.tvmaze"),
        imdb=reader.text(ids.get("imdb"), f"{path}.external_ids.imdb"),
        thetvdb=reader.integer(ids.get("thetvdb"), f"{path}.external_ids.thetvdb"),
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
            name=reader.text(data.get("name"), f"{where}.name") or "",
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
    for index, item in enumerate(reader.list(raw, path)):
        where = f"{path}[{index}]"
        data = reader.object(item, where)
        season = reader.integer(data.get("season"), f"{where}.season", optional=False)
        number = reader.integer(data.get("number"), f"{where}.number")
        if season is not None and number is not None:
            if (season, number) in seen:
                reader.fail(where, f"episode S{season}E{number} appears twice")
            seen.add((season, number))
        episodes.append(
            ImportedEpisode(
                season_number=season if season is not None else -1,
                number=number,
                title=reader.text(data.get("title"), f"{where}.title") or "",
                airdate=reader.date(data.get("airdate"), f"{where}.airdate"),
                watched=reader.boolean(data.get("watched"), f"{where}.watched"),
            )
        )
    return episodes


def _read_notes(reader: _Reader, raw: Any, path: str) -> list[ImportedNote]:
    notes: list[ImportedNote] = []
    for index, item in enumerate(reader.list(raw, path)):
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
            notes.append(ImportedNote(created, updated, body))
    return notes


def parse_import_document(text: str, *, now: datetime) -> list[ImportedShow]:
    """Validate a whole export document; raise ImportFileError listing what is wrong."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
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
        raise ImportFileError(f"version: expected {EXPORT_VERSION}, found {version!r}.")
    raw_shows = reader.list(document.get("shows"), "shows", optional=False)
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
                    f"{value!r} is also used by shows[{seen[key]}]",
                )
            seen.setdefault(key, index)


def read_import_file(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportFileError(
                f"{path} is {size / 1_048_576:.0f} MB; imports are limited to "
                f"{MAX_IMPORT_BYTES // 1_048_576} MB. Nothing was changed."
            )
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{path} is not UTF-8 text. Nothing was changed.") from error
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror or error}.") from error


# -- import: writing --------------------------------------------------------------------------


def _find_existing(session: Session, show: ImportedShow) -> Show | None:
    ids = show.external_ids
    for column, value in (
        (Show.tvmaze_id, ids.tvmaze),
        (Show.imdb_id, ids.imdb),
        (Show.thetvdb_id, ids.thetvdb),
    ):
        if value is not None:
            found = session.scalar(select(Show).where(column == value))
            if found is not None:
                return found
    title = show.values["title"]
    candidates = session.scalars(select(Show).where(Show.title == title)).all()
    for candidate in candidates:
        if candidate.premiered == show.values["premiered"]:
            return candidate
    return None


def _free_ids(session: Session, ids: ExternalIds) -> ExternalIds:
    """Drop ids another show in the library already holds (the library's copy wins)."""

    def taken(column: Any, value: object) -> bool:
        return (
            value is not None and session.scalar(select(Show.id).where(column == value)) is not None
        )

    return ExternalIds(
        tvmaze=None if taken(Show.tvmaze_id, ids.tvmaze) else ids.tvmaze,
        imdb=None if taken(Show.imdb_id, ids.imdb) else ids.imdb,
        thetvdb=None if taken(Show.thetvdb_id, ids.thetvdb) else ids.thetvdb,
    )


def import_document(library: Library, text: str) -> ImportReport:
    """Validate then import a whole export document in one transaction."""
    shows = parse_import_document(text, now=library.now())
    added = matched = notes_added = notes_present = seasons_added = 0
    with library.writing() as session:
        for imported in shows:
            existing = _find_existing(session, imported)
            if existing is None:
                ids = _free_ids(session, imported.external_ids)
                existing = Show(
                    **imported.values,
                    tvmaze_id=ids.tvmaze,
                    imdb_id=ids.imdb,
                    thetvdb_id=ids.thetvdb,
                )
                if existing.network_kind is None:
                    existing.network_kind = guess_network_kind(existing.network)
                session.add(existing)
                added += 1
            else:
                matched += 1
            known_seasons = {season.number for season in existing.seasons}
            for season in imported.seasons:
                if season.number not in known_seasons:
                    existing.seasons.append(
                        Season(
                            number=season.number,
                            name=season.name,
                            premiere_date=season.premiere_date,
                            end_date=season.end_date,
                            episode_count=season.episode_count,
                        )
                    )
                    seasons_added += 1
            known_episodes = {(e.season_number, e.number) for e in existing.episodes}
            for episode in imported.episodes:
                if (episode.season_number, episode.number) not in known_episodes:
                    existing.episodes.append(
                        Episode(
                            season_number=episode.season_number,
                            number=episode.number,
                            title=episode.title,
                            airdate=episode.airdate,
                            watched=episode.watched,
                        )
                    )
            known_notes = {(note.created_at, note.body) for note in existing.notes}
            for note in imported.notes:
                key = (note.created_at, note.body)
                if key in known_notes:
                    notes_present += 1
                    continue
                known_notes.add(key)
                session.add(
                    Note(
                        show=existing,
                        created_at=note.created_at,
                        updated_at=note.updated_at,
                        body=note.body,
                    )
                )
                notes_added += 1
            session.flush()
    report = ImportReport(added, matched, notes_added, notes_present, seasons_added)
    log.info("Import: %s", report.summary())
    return report


def import_file(library: Library, path: Path) -> ImportReport:
    return import_document(library, read_import_file(path))
