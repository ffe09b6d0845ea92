"""Helpers that damage a library file the way a failing disk would, or fill the disk."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import Pool

from watchlist.store.library import Library, NewShow

MARKER = "DAMAGE-ME"
TABLE_LEAF_PAGE = 0x0D


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def library_with_notes(path: Path, count: int = 120) -> None:
    """A library whose notes fill many pages (so one can be damaged), checkpointed."""
    with Library.open(f"sqlite:///{path}") as library:
        show_id = library.add_show(NewShow(title="Dark"))
        for number in range(count):
            library.add_note(show_id, f"{MARKER} {number} " + "words " * 300)
    checkpoint(path)


def checkpoint(path: Path) -> None:
    """Move everything from the write-ahead log into the main file."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def damage_a_notes_page(path: Path) -> int:
    """Overwrite one data page of the notes table with garbage; returns its number.

    The schema and the revision stamp stay readable, so only a structural check (or reading
    the notes) finds the damage.
    """
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    for number in range(pages - 1, 1, -1):
        start = (number - 1) * page_size
        page = data[start : start + page_size]
        if page[0] == TABLE_LEAF_PAGE and MARKER.encode() in page:
            data[start : start + page_size] = b"\xa5" * page_size
            path.write_bytes(bytes(data))
            return number
    raise AssertionError("no page of notes found to damage")


@contextmanager
def disk_full_after(extra_pages: int) -> Iterator[None]:
    """Every new SQLite connection may grow its database by only ``extra_pages`` pages."""

    def limit(dbapi_connection: Any, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    event.listen(Pool, "connect", limit)
    try:
        yield
    finally:
        event.remove(Pool, "connect", limit)
