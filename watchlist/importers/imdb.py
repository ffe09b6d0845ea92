"""An IMDb list export (a watchlist, a custom list or your ratings) as import candidates.

IMDb's "Export" writes a CSV with ``Const`` (the IMDb id, ``tt...``), ``Title``, ``Original
Title``, ``Title Type``, ``Year``, ``Created``, ``Description`` and, in a ratings export or a
rated list, ``Your Rating``. Exports from before about 2017 name the columns ``const``,
``Title type`` and ``You rated`` and the types ``TV Series``, ``Mini-Series``, ``Feature Film``;
an IMDb used in another language writes the type in it (Italian ``Serie TV``, ``Mini serie TV``,
German ``TV-Serie``, French ``Série télévisée``, Spanish ``Serie de TV``, Portuguese
``Minissérie``). Series and mini-series are kept; movies are counted; episodes and the rest are
listed as skipped with a reason. A rated series is taken as being watched, the rest as planned;
a row's description becomes a note. The title shown is the user's (``Title``, possibly
translated); TVmaze is searched for the ``Original Title`` when the ids do not find the show.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from watchlist.core.status import WatchStatus
from watchlist.importers.candidates import (
    CandidateIndex,
    ImportedNoteText,
    ImportSource,
    ParsedExport,
    SkipKind,
    SkippedEntry,
    clean_imdb_id,
)
from watchlist.importers.files import NotThisExportError, TrackerImportError, read_export
from watchlist.importers.tables import CsvTable

REQUIRED_COLUMNS = ("const", "title")
TYPE_COLUMNS = ("title type", "type")
RATING_COLUMNS = ("your rating", "you rated")
_YEAR = re.compile(r"\s*((?:18|19|20|21)\d\d)")
_OLD_CREATED = "%a %b %d %H:%M:%S %Y"  # "Thu Aug 14 16:20:52 2014"

# Words in a title type, folded to ASCII lower case, in the languages IMDb is offered in.
_EPISODE_WORDS = ("episod", "folge", "capitul", "эпизод")
_SERIES_WORDS = ("serie", "сериал")
_NOT_TV_WORDS = ("podcast", "game", "gioco", "spiel", "jeu", "juego", "jogo")
_MOVIE_WORDS = ("movie", "film", "pelicula", "video", "short", "documentar", "corto", "curta")


def _folded(text: str) -> str:
    """ "Série télévisée" -> "serietelevisee": lower case, accents and punctuation gone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalnum())


def title_type_kind(text: str) -> SkipKind | None:
    """None for a series or mini-series; otherwise why the row is skipped."""
    key = _folded(text)
    if any(word in key for word in _EPISODE_WORDS):
        return SkipKind.EPISODE
    if any(word in key for word in _NOT_TV_WORDS):
        return SkipKind.OTHER
    if any(word in key for word in _SERIES_WORDS):
        return None
    if any(word in key for word in _MOVIE_WORDS):
        return SkipKind.MOVIE
    return SkipKind.OTHER


def _created(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            moment = datetime.strptime(text.strip(), _OLD_CREATED)
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _year(text: str) -> int | None:
    """The first year of "2019", "2005–2013" or "2019-"."""
    match = _YEAR.match(text)
    return int(match[1]) if match else None


def _first(row: dict[str, str], columns: tuple[str, ...]) -> str:
    return next((row[column] for column in columns if row.get(column)), "")


def _rating(text: str) -> int | None:
    if not text.isdigit() or len(text) > 2:
        return None
    value = int(text)
    return value if 1 <= value <= 10 else None


def _is_list(text: str) -> bool:
    return CsvTable(text[:65_536], "").has(*REQUIRED_COLUMNS)


def parse_imdb_text(text: str, name: str = "The list") -> ParsedExport:
    """Candidates from the text of an IMDb list CSV."""
    table = CsvTable(text, name)
    if not table.has(*REQUIRED_COLUMNS):
        raise NotThisExportError(
            "This is not an IMDb list export: it needs the columns Const and Title "
            "(IMDb: your list -> Export)."
        )
    index = CandidateIndex()
    skipped: list[SkippedEntry] = []
    for row in table.rows():
        title = " ".join(row.get("title", "").split())
        imdb = clean_imdb_id(row.get("const"))
        if not title and imdb is None:  # a spreadsheet's blank row, perhaps still numbered
            table.empty_rows += 1
            continue
        if not title or imdb is None:
            skipped.append(SkippedEntry(title or "(no title)", "no title or IMDb id"))
            continue
        kind = _first(row, TYPE_COLUMNS)
        skip = title_type_kind(kind)
        if skip is not None:
            reason = {
                SkipKind.MOVIE: "a movie, not a series",
                SkipKind.EPISODE: "an episode, not a series",
            }.get(skip, "not a series")
            skipped.append(SkippedEntry(title, f"{reason} (IMDb type: {kind or 'none'})", skip))
            continue
        builder = index.get(title, year=_year(row.get("year", "")), imdb=imdb)
        original = " ".join(row.get("original title", "").split())
        if original:
            builder.lookup_title = original
        rating = _rating(_first(row, RATING_COLUMNS))
        if rating is not None:
            builder.rating = rating
            builder.statuses.add(WatchStatus.WATCHING)
        else:
            builder.statuses.add(WatchStatus.PLAN_TO_WATCH)
        description = row.get("description", "")
        if description:
            builder.notes.append(ImportedNoteText(description, _created(row.get("created", ""))))
    return ParsedExport(ImportSource.IMDB, index.build(), tuple(skipped), tuple(table.notes()))


def parse_imdb(path: Path) -> ParsedExport:
    """Candidates from an IMDb list CSV (or a zip or folder holding one)."""
    files = read_export(path, lambda name: name.endswith(".csv"), what="an IMDb list export")
    lists = [name for name, text in files.texts.items() if _is_list(text)]
    if len(lists) > 1:
        raise TrackerImportError(f"{path} holds several IMDb lists; import them one at a time.")
    if not lists and len(files.texts) > 1:
        raise NotThisExportError(f"{path} holds no IMDb list (a CSV with Const and Title).")
    name = lists[0] if lists else next(iter(files.texts))
    text = files.texts[name]
    parsed = parse_imdb_text(text, files.names[name])
    notes = (*files.notes, *parsed.notes)
    return ParsedExport(parsed.source, parsed.candidates, parsed.skipped, notes)
