"""An IMDb list export (a watchlist, a custom list or your ratings) as import candidates.

IMDb's "Export" writes a CSV with ``Const`` (the IMDb id, ``tt...``), ``Title``, ``Title Type``,
``Year``, ``Created``, ``Description`` and, in a ratings export or a rated list, ``Your Rating``.
Rows of type TV Series and TV Mini Series are kept (whatever the spelling: ``TV Series``,
``tvSeries``, ``TV Mini-Series``); movies, episodes and the rest are skipped with a reason. A
rated series is taken as being watched; the rest as planned. A row's description becomes a note.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import (
    CandidateIndex,
    ImportedNoteText,
    ImportSource,
    ParsedExport,
    SkippedEntry,
    clean_imdb_id,
    positive_int,
)
from watchlist.importers.files import TrackerImportError, read_export

SERIES_TYPES = {"tvseries", "tvminiseries"}
REQUIRED_COLUMNS = ("const", "title")


def _type_key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _created(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_imdb_text(text: str) -> ParsedExport:
    """Candidates from the text of an IMDb list CSV."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {(name or "").strip().casefold() for name in reader.fieldnames or ()}
    if not all(column in columns for column in REQUIRED_COLUMNS):
        raise TrackerImportError(
            "This is not an IMDb list export: it needs the columns Const and Title "
            "(IMDb: your list -> Export)."
        )
    index = CandidateIndex()
    skipped: list[SkippedEntry] = []
    for raw in reader:
        row = {(key or "").strip().casefold(): (value or "").strip() for key, value in raw.items()
               if isinstance(value, str)}  # fmt: skip
        title = " ".join(row.get("title", "").split())
        imdb = clean_imdb_id(row.get("const"))
        if not title or imdb is None:
            skipped.append(SkippedEntry(title or "(no title)", "no title or IMDb id"))
            continue
        kind = row.get("title type", "")
        if _type_key(kind) not in SERIES_TYPES:
            skipped.append(SkippedEntry(title, f"not a series (IMDb type: {kind or 'none'})"))
            continue
        builder = index.get(title, year=positive_int(row.get("year")), imdb=imdb)
        rating = positive_int(row.get("your rating"))
        if rating is not None and rating <= 10:
            builder.rating = rating
            builder.statuses.add(WatchStatus.WATCHING)
        else:
            builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
        description = row.get("description", "")
        if description:
            builder.notes.append(ImportedNoteText(description, _created(row.get("created", ""))))
    return ParsedExport(ImportSource.IMDB, index.build(), tuple(skipped))


def parse_imdb(path: Path) -> ParsedExport:
    """Candidates from an IMDb list CSV (or a zip or folder holding one)."""
    files = read_export(path, lambda name: name.endswith(".csv"), what="an IMDb list export")
    if len(files) > 1:
        raise TrackerImportError(f"{path} holds several CSV files; import them one at a time.")
    return parse_imdb_text(next(iter(files.values())))
