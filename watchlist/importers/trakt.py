"""Trakt's data export (a zip of JSON files) and saved Trakt API answers, as import candidates.

Trakt's JSON mirrors its API. A show is ``{"title", "year", "ids": {"trakt", "slug", "tvdb",
"imdb", "tmdb"}}`` (with ``aired_episodes`` in extended answers). What a file says about its
shows depends on which file it is, known by its name, whether the export's (``watched-shows
.json``, numbered ``watched-history-2.json``...) or an API path saved as a file
(``sync_watched_shows.json``, ``users_me_history.json``...):

- watched (``watched-shows``): ``seasons[].episodes[]`` with ``plays`` are watched. Without
  ``seasons`` (``?extended=noseasons``) only the show's ``plays`` are known: the show is
  watching (completed when the plays reach its ``aired_episodes``), its episodes unknown;
- history (``watched-history``): one entry per play, ``{"watched_at", "show", "episode":
  {"season", "number"}}``: the only other source of watched episodes;
- watchlist (``lists-watchlist``, ``watchlist-shows``): the show, or one of its seasons or
  episodes, is to be watched: plan to watch (the entry's ``notes`` become a note);
- other lists (``lists-<name>``, ``users_me_lists_<id>_items``): the show, nothing watched;
- ratings (``ratings-shows``): ``rating`` 1-10 of the show; a season's or an episode's rating
  is not the show's;
- hidden (``hidden-dropped``, ``hidden-progress_watched``, ``hidden-calendar``...): the user
  stopped following the show: dropped. Hidden recommendations are not read (never followed);
- collection and playback (``collection-shows``, ``sync_playback``): the show, with nothing
  watched (a paused episode makes it watching).

A file whose name says nothing (one file chosen on its own) is read by the shape of each entry.
Movies are counted and skipped. A file holding ``[]`` has nothing to import; one bad entry is
left out and reported, never the whole file.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from watchlist.core.episodes import EpisodeReference, EpisodeReferenceError
from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import (
    CandidateBuilder,
    CandidateIndex,
    ImportedNoteText,
    ImportSource,
    ParsedExport,
    SkipKind,
    SkippedEntry,
    clean_imdb_id,
    clean_text,
    has_surrogates,
    positive_int,
)
from watchlist.importers.files import NotThisExportError, TrackerImportError, read_export

log = logging.getLogger(__name__)

MAX_INTEGER_DIGITS = 30  # longer integers are no id or count Trakt writes: read as missing


class TraktFile(StrEnum):
    """What a file of the export is about, from its name."""

    WATCHED = "watched"
    HISTORY = "history"
    WATCHLIST = "watchlist"
    LIST = "list"
    RATINGS = "ratings"
    HIDDEN = "hidden"
    COLLECTION = "collection"
    PLAYBACK = "playback"


_NUMBER_SUFFIX = re.compile(r"-\d+$")
_NOT_READ = ("recommendation", "comment", "user-", "settings", "profile", "stats")


def file_kind(name: str) -> TraktFile | None:
    """The kind of a Trakt file by its name; None for a file the import does not read."""
    if not name.casefold().endswith(".json"):
        return None
    words = re.sub(r"[^a-z0-9]+", "-", name.casefold().removesuffix(".json")).strip("-")
    words = _NUMBER_SUFFIX.sub("", words)
    if any(part in words for part in _NOT_READ):
        return None
    for part, kind in (
        ("history", TraktFile.HISTORY),
        ("watchlist", TraktFile.WATCHLIST),
        ("hidden", TraktFile.HIDDEN),
        ("playback", TraktFile.PLAYBACK),
        ("collection", TraktFile.COLLECTION),
        ("rating", TraktFile.RATINGS),
        ("watched", TraktFile.WATCHED),
    ):
        if part in words:
            return kind
    if words.startswith("lists-") or ("lists" in words and "items" in words):
        return TraktFile.LIST
    return None


def _shape_kind(entry: dict[str, Any]) -> TraktFile | None:
    """The kind of an entry of a file whose name says nothing, from its keys."""
    for key, kind in (
        ("watched_at", TraktFile.HISTORY),
        ("hidden_at", TraktFile.HIDDEN),
        ("paused_at", TraktFile.PLAYBACK),
        ("rated_at", TraktFile.RATINGS),
        ("listed_at", TraktFile.WATCHLIST),
        ("last_collected_at", TraktFile.COLLECTION),
        ("plays", TraktFile.WATCHED),
        ("seasons", TraktFile.WATCHED),
    ):
        if key in entry:
            return kind
    return None


def _timestamp(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # Trakt writes UTC


def _reference(season: Any, number: Any) -> EpisodeReference | None:
    season_number, episode_number = positive_int(season), positive_int(number)
    if season_number is None or episode_number is None:
        return None
    try:
        return EpisodeReference(season_number, episode_number)
    except EpisodeReferenceError:
        return None


def _integer(text: str) -> int | None:
    """JSON integers, except absurdly long ones (5,000 digits would raise): None for those."""
    return int(text) if len(text.lstrip("-")) <= MAX_INTEGER_DIGITS else None


@dataclass(slots=True)
class _Reading:
    index: CandidateIndex = field(default_factory=CandidateIndex)
    movies: dict[str, SkippedEntry] = field(default_factory=dict)
    recognised: bool = False
    empty_files: list[str] = field(default_factory=list)
    unreadable: int = 0
    surrogates: int = 0

    def text(self, value: Any) -> str:
        """A string of the export, with any lone surrogate replaced (and counted)."""
        if not isinstance(value, str):
            return ""
        if has_surrogates(value):
            self.surrogates += 1
            value = clean_text(value)
        return " ".join(value.split())

    def builder(self, show: dict[str, Any]) -> CandidateBuilder | None:
        raw_ids = show.get("ids")
        ids: dict[str, Any] = raw_ids if isinstance(raw_ids, dict) else {}
        title = self.text(show.get("title"))
        imdb = clean_imdb_id(ids["imdb"]) if isinstance(ids.get("imdb"), str) else None
        thetvdb = positive_int(ids.get("tvdb"))
        if not title and imdb is None and thetvdb is None:
            return None
        year = show.get("year")
        builder = self.index.get(
            title,
            year=year if isinstance(year, int) and not isinstance(year, bool) else None,
            imdb=imdb,
            thetvdb=thetvdb,
        )
        aired = positive_int(show.get("aired_episodes"))
        if aired is not None:
            builder.aired_episodes = aired
        return builder

    def movie(self, entry: dict[str, Any]) -> None:
        title = self.text(entry["movie"].get("title")) or "A movie"
        self.movies.setdefault(title, SkippedEntry(title, "a movie, not a series", SkipKind.MOVIE))


def _watched_seasons(builder: CandidateBuilder, entry: dict[str, Any]) -> None:
    """The episodes of ``seasons`` with plays; the show's plays when it names none."""
    named = False
    seasons = entry.get("seasons")
    for season in seasons if isinstance(seasons, list) else ():
        if not isinstance(season, dict) or not isinstance(season.get("episodes"), list):
            continue
        for episode in season["episodes"]:
            if not isinstance(episode, dict):
                continue
            plays = episode.get("plays")
            watched = positive_int(plays) is not None if "plays" in episode else (
                "last_watched_at" in episode
            )  # fmt: skip
            reference = _reference(season.get("number"), episode.get("number"))
            if watched and reference is not None:
                builder.watched.add(reference)
                named = True
    plays = positive_int(entry.get("plays"))
    if plays and not named:
        builder.unnamed_plays = max(builder.unnamed_plays, plays)


def _read_entry(reading: _Reading, entry: dict[str, Any], kind: TraktFile | None) -> None:
    """Take what one entry says about a show (or count its movie)."""
    if isinstance(entry.get("movie"), dict):
        reading.recognised = True
        reading.movie(entry)
        return
    show = entry.get("show")
    if not isinstance(show, dict):
        return
    reading.recognised = True
    builder = reading.builder(show)
    if builder is None:
        reading.unreadable += 1
        return
    kind = kind or _shape_kind(entry)
    episode = entry.get("episode")
    about_show = not isinstance(episode, dict) and not isinstance(entry.get("season"), dict)
    if kind is TraktFile.WATCHED:
        _watched_seasons(builder, entry)
    elif kind is TraktFile.HISTORY:
        if isinstance(episode, dict):
            reference = _reference(episode.get("season"), episode.get("number"))
            if reference is not None:
                builder.watched.add(reference)
    elif kind is TraktFile.WATCHLIST:
        builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
    elif kind is TraktFile.HIDDEN:
        builder.statuses.add(WatchStatus.DROPPED)
    elif kind is TraktFile.PLAYBACK:
        builder.statuses.add(WatchStatus.WATCHING)
    elif kind is TraktFile.RATINGS:
        rating = entry.get("rating")
        if about_show and isinstance(rating, int) and 1 <= rating <= 10:
            builder.rating = rating
    if kind in (TraktFile.WATCHLIST, TraktFile.LIST):
        notes = reading.text(entry.get("notes"))
        if notes:
            builder.notes.append(ImportedNoteText(notes, _timestamp(entry.get("listed_at"))))


def _load(name: str, text: str) -> Any:
    try:
        return json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as error:
        raise NotThisExportError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}). "
            "Nothing was imported."
        ) from error
    except RecursionError as error:
        raise TrackerImportError(
            f"{name} is nested more deeply than any Trakt export is. Nothing was imported."
        ) from error


def parse_trakt_files(files: dict[str, str]) -> ParsedExport:
    """Candidates from Trakt export files (by lower-case name)."""
    reading = _Reading()
    for name in sorted(files):
        document = _load(name, files[name])
        if not isinstance(document, list):
            continue
        if not document:
            reading.empty_files.append(name)
            continue
        kind = file_kind(name)
        for entry in document:
            if not isinstance(entry, dict):
                continue
            try:
                _read_entry(reading, entry, kind)
            except (TypeError, ValueError, AttributeError, KeyError) as error:
                log.warning("Trakt import: an entry of %s left out: %r", name, error)
                reading.unreadable += 1
    if not reading.recognised and not reading.empty_files:
        raise NotThisExportError(
            "This is not a Trakt export: no entry has a show (expected watched-shows.json, "
            "watched-history.json, lists-watchlist.json or ratings-shows.json)."
        )
    candidates = reading.index.build()
    return ParsedExport(
        ImportSource.TRAKT, candidates, tuple(reading.movies.values()), _notes(reading, candidates)
    )


def _notes(reading: _Reading, candidates: tuple[Any, ...]) -> tuple[str, ...]:
    notes: list[str] = []
    if reading.empty_files and not reading.recognised:
        names = ", ".join(reading.empty_files)
        verb = "is" if len(reading.empty_files) == 1 else "are"
        notes.append(f"Nothing to import: {names} {verb} empty.")
    unknown = sum(1 for candidate in candidates if candidate.episodes_unknown)
    if unknown:
        notes.append(
            f"Trakt counts the plays of {unknown} show{'s' if unknown != 1 else ''} without "
            "naming the episodes: which episodes were watched could not be known, so none are "
            "marked (the status says watching, or completed when the plays cover every aired "
            "episode)."
        )
    if reading.unreadable:
        notes.append(
            f"{reading.unreadable:,} entr{'ies' if reading.unreadable != 1 else 'y'} could not "
            "be read and were left out."
        )
    if reading.surrogates:
        notes.append(
            f"{reading.surrogates:,} text{'s' if reading.surrogates != 1 else ''} held characters "
            "that are not valid Unicode; they were replaced by \ufffd."
        )
    return tuple(notes)


def parse_trakt(path: Path) -> ParsedExport:
    """Candidates from a Trakt export: its zip, its unzipped folder, or one of its JSON files."""
    files = read_export(path, lambda name: file_kind(name) is not None, what="a Trakt export")
    parsed = parse_trakt_files(files.texts)
    notes = (*files.notes, *parsed.notes)
    return ParsedExport(parsed.source, parsed.candidates, parsed.skipped, notes)
