"""One entry point for reading any supported export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from watchlist.importers.candidates import ImportSource, ParsedExport
from watchlist.importers.files import NotThisExportError
from watchlist.importers.imdb import parse_imdb
from watchlist.importers.sniff import guess_source, wrong_source_message
from watchlist.importers.trakt import parse_trakt
from watchlist.importers.tvtime import parse_tvtime

PARSERS: dict[ImportSource, Callable[[Path], ParsedExport]] = {
    ImportSource.TVTIME: parse_tvtime,
    ImportSource.TRAKT: parse_trakt,
    ImportSource.IMDB: parse_imdb,
}


def parse_export(source: ImportSource | str, path: Path) -> ParsedExport:
    """The candidates in an export of ``source`` ("tvtime", "trakt", "imdb") at ``path``.

    A file of another tracker (or Watchlist's own export) is refused saying which it looks like.
    """
    chosen = ImportSource(source)
    try:
        return PARSERS[chosen](path)
    except NotThisExportError as error:
        guessed = guess_source(path)
        if guessed is None or guessed == chosen:
            raise
        raise NotThisExportError(wrong_source_message(chosen, guessed)) from error
