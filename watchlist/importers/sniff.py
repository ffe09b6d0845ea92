"""Telling which tracker an export comes from, to say so when the wrong one was chosen.

Only used after the chosen parser refused the file: a few names and the first bytes are enough
to say "this looks like an IMDb list" instead of "not valid JSON". A zip or a folder is known by
the names of its files, or else by the first bytes of the first few CSV and JSON files in it (an
IMDb list has no name of its own: ``WATCHLIST.csv``, ``ratings.csv``, ``my list.csv``).
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path, PurePosixPath

from watchlist.importers.candidates import ImportSource
from watchlist.importers.encoding import decode_export_text
from watchlist.importers.trakt import file_kind
from watchlist.importers.tvtime import FILES as TVTIME_FILES
from watchlist.importers.tvtime import SIGNATURES

WATCHLIST_EXPORT = "watchlist"  # Watchlist's own export, for `watchlist import`
_HEAD_BYTES = 64 * 1024
_MAX_NAMES = 10_000
_MAX_HEADS = 20  # files of a zip or folder whose first bytes are read, when names say nothing
_DATA_SUFFIXES = (".csv", ".json", ".tsv", ".txt")

DESCRIPTIONS = {
    ImportSource.TVTIME: "a TV Time export",
    ImportSource.TRAKT: "a Trakt export",
    ImportSource.IMDB: "an IMDb list",
}


def _from_names(names: list[str]) -> ImportSource | None:
    folded = [name.casefold() for name in names]
    if any(name in TVTIME_FILES for name in folded):
        return ImportSource.TVTIME
    if any(file_kind(name) is not None for name in folded):
        return ImportSource.TRAKT
    return None


def _from_head(head: str) -> ImportSource | str | None:
    text = head.lstrip()
    if text.startswith("{") and '"watchlist-export"' in text[:2000]:
        return WATCHLIST_EXPORT
    if text.startswith("["):
        return ImportSource.TRAKT if '"show"' in text or '"movie"' in text else None
    try:
        header = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        return None
    columns = {cell.strip().casefold() for cell in header}
    if {"const", "title"} <= columns:
        return ImportSource.IMDB
    for required, any_of in SIGNATURES.values():
        if set(required) <= columns and columns & set(any_of):
            return ImportSource.TVTIME
    return None


def _from_heads(heads: Iterable[tuple[str, bytes]]) -> ImportSource | str | None:
    """The first source the first bytes of these (name, bytes) files point to."""
    for name, head in heads:
        guessed = _from_head(decode_export_text(head, name).text)
        if guessed is not None:
            return guessed
    return None


def _is_data_file(name: str) -> bool:
    return name.casefold().endswith(_DATA_SUFFIXES) and not name.startswith(".")


def _folder_heads(path: Path) -> Iterator[tuple[str, bytes]]:
    children = (child for child in islice(path.rglob("*"), _MAX_NAMES) if _is_data_file(child.name))
    for child in islice(children, _MAX_HEADS):
        if child.is_file():  # never a FIFO or a device: reading one could wait forever
            with child.open("rb") as handle:
                yield child.name, handle.read(_HEAD_BYTES)


def _zip_heads(archive: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    infos = (
        info
        for info in archive.infolist()[:_MAX_NAMES]
        if not info.is_dir() and _is_data_file(PurePosixPath(info.filename).name)
    )
    for info in islice(infos, _MAX_HEADS):
        with archive.open(info) as handle:
            yield PurePosixPath(info.filename).name, handle.read(_HEAD_BYTES)


def guess_source(path: Path) -> ImportSource | str | None:
    """Which tracker (or Watchlist itself) ``path`` seems to come from; None if unsure."""
    try:
        if path.is_dir():
            names = [child.name for child in islice(path.rglob("*"), _MAX_NAMES)]
            return _from_names(names) or _from_heads(_folder_heads(path))
        if not path.is_file():
            return None
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [PurePosixPath(name).name for name in archive.namelist()[:_MAX_NAMES]]
                return _from_names(names) or _from_heads(_zip_heads(archive))
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except (OSError, RuntimeError, EOFError, zlib.error, zipfile.BadZipFile):
        return None  # RuntimeError: an encrypted entry; EOFError, zlib.error: a damaged one
    return _from_head(decode_export_text(head, path.name).text)


def wrong_source_message(chosen: ImportSource, guessed: ImportSource | str) -> str:
    """ "This looks like an IMDb list, not a Trakt export. Import it as an IMDb list."."""
    expected = DESCRIPTIONS[chosen]
    if guessed == WATCHLIST_EXPORT:
        return (
            f"This looks like a Watchlist export, not {expected}. Use Import "
            "('watchlist import FILE') to bring it in."
        )
    found = DESCRIPTIONS[ImportSource(guessed)]
    return f"This looks like {found}, not {expected}. Import it as {found}."
