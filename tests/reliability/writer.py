"""What a writer process does until it is killed: notes, edits, imports and backups.

It opens the library exactly as the command line and the window do (``launch.open_library``)
and writes through the same library API. Before each write it logs the attempt, and after the
write returned (committed) it logs the acknowledgement, one JSON line each, appended to a file
with a single ``write`` call, so a kill leaves either the whole line or none of it. The harness
then checks that every acknowledged write is in the library after the kill.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from watchlist.config import Settings
from watchlist.launch import open_library
from watchlist.store.backup import BackupKind, take_backup
from watchlist.store.exchange import import_document
from watchlist.store.library import Library

WORDS = ("renewed", "season", "cliffhanger", "finale", "rewatch", "binged", "premiere", "cast")


class Journal:
    """Attempt and acknowledgement lines, appended atomically."""

    def __init__(self, path: Path) -> None:
        self.handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, **entry: Any) -> None:
        os.write(self.handle, (json.dumps(entry) + "\n").encode("utf-8"))


def import_text(marker: str, shows: int, notes_per_show: int) -> str:
    """An export document of new shows whose notes all carry ``marker``."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    document = {
        "format": "watchlist-export",
        "version": 1,
        "shows": [
            {
                "title": f"{marker} show {number}",
                "seasons": [{"number": 1, "premiere_date": "2024-03-01", "episode_count": 8}],
                "notes": [
                    {
                        "created_at": (start + timedelta(minutes=index)).isoformat(),
                        "body": f"{marker} note {number}.{index}",
                    }
                    for index in range(notes_per_show)
                ],
            }
            for number in range(shows)
        ],
    }
    return json.dumps(document)


def run(data_dir: Path, journal_path: Path, seed: str, show_ids: list[int]) -> None:
    """Write until killed (or until a generous number of writes is done)."""
    rng = random.Random(seed)
    journal = Journal(journal_path)
    settings = Settings(data_dir=data_dir, offline=True)
    library = open_library(settings, daily_backup=rng.random() < 0.2)
    journal.write(kind="opened")
    own_notes: list[int] = []
    for step in range(10_000):
        roll = rng.random()
        if roll < 0.75 or not own_notes:
            own_notes.append(_add_note(library, journal, rng, f"{seed}:{step}", show_ids))
        elif roll < 0.88:
            _edit_note(library, journal, rng, rng.choice(own_notes), f"{seed}:{step}")
        elif roll < 0.97:
            marker = f"import {seed}:{step}"
            count = rng.randint(1, 4) * rng.randint(1, 5)
            journal.write(kind="try-import", marker=marker, notes=count)
            import_document(library, import_text(marker, shows=1, notes_per_show=count))
            journal.write(kind="import", marker=marker, notes=count)
        else:
            backup = take_backup(settings.database_path, settings.backups_dir, BackupKind.MANUAL)
            journal.write(kind="backup", path=str(backup.path))


def _add_note(
    library: Library, journal: Journal, rng: random.Random, tag: str, show_ids: list[int]
) -> int:
    body = f"{tag} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
    if rng.random() < 0.05:
        body += " " + " ".join(["long"] * rng.randint(1_000, 15_000))  # spans many pages
    journal.write(kind="try-note", body=body)
    note = library.add_note(rng.choice(show_ids), body)
    journal.write(kind="note", id=note.id, body=note.body)
    return note.id


def _edit_note(
    library: Library, journal: Journal, rng: random.Random, note_id: int, tag: str
) -> None:
    body = f"{tag} edited " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 20)))
    journal.write(kind="try-edit", id=note_id, body=body)
    note = library.edit_note(note_id, body)
    journal.write(kind="edit", id=note_id, body=note.body)
