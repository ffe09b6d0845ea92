"""Trakt's data export (a zip of JSON files), as import candidates.

Trakt's JSON mirrors its API. Read here, in any of the names exports have used:

- ``watched-shows.json`` (``watched_shows.json``): ``[{"show": {...}, "seasons": [{"number",
  "episodes": [{"number", "plays"}]}]}]``, every show watched and its watched episodes;
- ``watched-history.json`` / ``watched-history-N.json`` (``history*.json``): one entry per
  play, ``{"type": "episode", "show": {...}, "episode": {"season", "number"}}``;
- ``lists-watchlist.json`` (``watchlist-shows.json``, ``watchlist_shows.json``): ``{"type":
  "show", "show": {...}, "listed_at", "notes"}``, shows to watch later;
- ``ratings-shows.json`` (``ratings_shows.json``): ``{"type": "show", "show": {...},
  "rating": 1-10}``.

A show is ``{"title", "year", "ids": {"trakt", "slug", "tvdb", "imdb", "tmdb"}}``. Entries are
recognised by their shape, so one file of any of these kinds imports too; movies are skipped.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
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
    SkippedEntry,
    clean_imdb_id,
    positive_int,
)
from watchlist.importers.files import TrackerImportError, read_export

FILE_NAMES = re.compile(
    r"(watched[-_](shows|history(-\d+)?)|history(-\d+)?|lists[-_]watchlist|"
    r"watchlist([-_]shows)?|ratings[-_]shows)\.json"
)


def _show(entry: dict[str, Any]) -> dict[str, Any] | None:
    show = entry.get("show")
    return show if isinstance(show, dict) and isinstance(show.get("title"), str) else None


def _builder(index: CandidateIndex, show: dict[str, Any]) -> CandidateBuilder:
    raw_ids = show.get("ids")
    ids: dict[str, Any] = raw_ids if isinstance(raw_ids, dict) else {}
    year = show.get("year")
    return index.get(
        " ".join(show["title"].split()),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        imdb=clean_imdb_id(ids.get("imdb") if isinstance(ids.get("imdb"), str) else None),
        thetvdb=positive_int(ids.get("tvdb")),
    )


def _reference(season: Any, number: Any) -> EpisodeReference | None:
    season_number, episode_number = positive_int(season), positive_int(number)
    if season_number is None or episode_number is None:
        return None
    try:
        return EpisodeReference(season_number, episode_number)
    except EpisodeReferenceError:
        return None


def _timestamp(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # Trakt writes UTC


def _read_entry(index: CandidateIndex, entry: dict[str, Any]) -> bool:
    """Take what one entry says about a show; False when it is not about a show."""
    show = _show(entry)
    if show is None:
        return False
    builder = _builder(index, show)
    for season in entry.get("seasons") or ():
        if not isinstance(season, dict):
            continue
        for episode in season.get("episodes") or ():
            if isinstance(episode, dict) and episode.get("plays", 1):
                reference = _reference(season.get("number"), episode.get("number"))
                if reference is not None:
                    builder.watched.add(reference)
    episode = entry.get("episode")
    if isinstance(episode, dict) and entry.get("type", "episode") == "episode":
        reference = _reference(episode.get("season"), episode.get("number"))
        if reference is not None:
            builder.watched.add(reference)
    if "listed_at" in entry:
        builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
        notes = entry.get("notes")
        if isinstance(notes, str) and notes.strip():
            builder.notes.append(ImportedNoteText(notes.strip(), _timestamp(entry["listed_at"])))
    rating = entry.get("rating")
    if "rated_at" in entry and isinstance(rating, int) and 1 <= rating <= 10:
        builder.rating = rating
    return True


def parse_trakt_files(files: dict[str, str]) -> ParsedExport:
    """Candidates from Trakt export files (by lower-case name)."""
    index = CandidateIndex()
    skipped: dict[str, SkippedEntry] = {}
    recognised = False
    for name in sorted(files):
        try:
            document = json.loads(files[name])
        except json.JSONDecodeError as error:
            raise TrackerImportError(
                f"{name} is not valid JSON (line {error.lineno}, column {error.colno}). "
                "Nothing was imported."
            ) from error
        if not isinstance(document, list):
            continue
        for entry in document:
            if not isinstance(entry, dict):
                continue
            if _read_entry(index, entry):
                recognised = True
            elif isinstance(entry.get("movie"), dict):
                recognised = True
                title = str(entry["movie"].get("title") or "A movie")
                skipped[title] = SkippedEntry(title, "a movie, not a series")
    if not recognised:
        raise TrackerImportError(
            "This is not a Trakt export: no entry has a show (expected watched-shows.json, "
            "watched-history.json, lists-watchlist.json or ratings-shows.json)."
        )
    return ParsedExport(ImportSource.TRAKT, index.build(), tuple(skipped.values()))


def parse_trakt(path: Path) -> ParsedExport:
    """Candidates from a Trakt export: its zip, its unzipped folder, or one of its JSON files."""
    files = read_export(
        path, lambda name: FILE_NAMES.fullmatch(name) is not None, what="a Trakt export"
    )
    return parse_trakt_files(files)
