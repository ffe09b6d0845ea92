"""Render resources/screenshots/import-preview.png and notes.png for the README.

The import preview is of a Trakt export with a mix of shows (two TVmaze matches from the test
suite's local TVmaze look-alike, two already in the sample library, three to add by hand, a
movie); the notes are Severance's, with episode chips and a pinned note. Needs the test extras
(pytest-httpserver), run from the repository root:

    QT_QPA_PLATFORM=offscreen python docs/screenshot_imports_and_notes.py [FOLDER]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex
from pytest_httpserver import HTTPServer

from tests.sync.fake_tvmaze import FakeTvmaze, the_witcher, under_the_dome
from watchlist.config import Settings, sample_library_path
from watchlist.core.episodes import EpisodeReference
from watchlist.importers.parse import parse_export
from watchlist.importers.preview import preview_import
from watchlist.store.exchange import import_file
from watchlist.store.library import Library
from watchlist.sync.service import build_sync_service
from watchlist.ui.app import create_application
from watchlist.ui.notes_panel import NotesPanel
from watchlist.ui.tracker_import import ImportPreviewDialog

OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots"


def _show(title: str, year: int, imdb: str | None, tvdb: int | None = None) -> dict[str, Any]:
    return {"title": title, "year": year, "ids": {"imdb": imdb, "tvdb": tvdb}}


def _seasons(*counts: int) -> list[dict[str, Any]]:
    return [
        {"number": season, "episodes": [{"number": n, "plays": 1} for n in range(1, count + 1)]}
        for season, count in enumerate(counts, start=1)
    ]


def write_trakt_export(folder: Path) -> Path:
    folder.mkdir()
    watched = [
        {"show": _show("Under the Dome", 2013, "tt1553656", 264492), "seasons": _seasons(13, 4)},
        {"show": _show("The Witcher", 2019, "tt5180504", 362696), "seasons": _seasons(8, 8)},
        {"show": _show("Dark", 2017, "tt5753856"), "seasons": _seasons(10, 8, 8)},
        {"show": _show("Severance", 2022, "tt11280740"), "seasons": _seasons(9)},
        {"show": _show("Blue Lights", 2023, "tt15339570"), "seasons": _seasons(6, 6)},
        {"show": _show("Slow Horses", 2022, None), "seasons": _seasons(6, 6, 6)},
    ]
    listed = [
        {"listed_at": "2024-02-03T10:00:00.000Z", "notes": "Recommended by Sam", "type": "show",
         "show": _show("Shōgun", 2024, "tt2788316", 392573)},
        {"listed_at": "2024-02-04T10:00:00.000Z", "type": "movie",
         "movie": {"title": "Dune: Part Two", "year": 2024, "ids": {"imdb": "tt15239678"}}},
    ]  # fmt: skip
    (folder / "watched-shows.json").write_text(json.dumps(watched), encoding="utf-8")
    (folder / "lists-watchlist.json").write_text(json.dumps(listed), encoding="utf-8")
    return folder


def render_import_preview(library: Library, folder: Path, target: Path) -> None:
    server = HTTPServer()
    server.start()
    try:
        tvmaze = FakeTvmaze(server)
        tvmaze.add(under_the_dome())
        tvmaze.add(the_witcher())
        tvmaze.lookups.update({"tt1553656": 1, "tt5180504": 28276})
        settings = Settings(data_dir=folder, config_dir=folder, tvmaze_url=tvmaze.url)
        with build_sync_service(settings, library) as service:
            parsed = parse_export("trakt", write_trakt_export(folder / "trakt"))
            preview = preview_import(library, parsed, provider=service.provider)
    finally:
        server.stop()
    dialog = ImportPreviewDialog(preview)
    dialog.resize(980, 440)
    dialog.show()
    dialog.table.setCurrentIndex(QModelIndex())
    dialog.import_button.setFocus()
    for _ in range(5):
        QCoreApplication.processEvents()
    dialog.grab().save(str(target))


def render_notes(library: Library, target: Path) -> None:
    show_id = library.resolve_show_id("Severance")
    notes = [
        ("2022-03-04T21:40", EpisodeReference(1, 7),
         "The *Music Dance Experience* is the happiest two minutes of TV this year."),
        ("2022-03-11T22:05", EpisodeReference(1, 8),
         "Ricken's book turns up again — keep an eye on who reads it."),
        ("2022-04-09T09:15", EpisodeReference(1),
         "**Before season 2:** rewatch the finale, and remember the goats."),
        ("2022-04-10T18:30", None, "Renewed at last. Filming was slower than anyone expected."),
        ("2025-03-21T23:10", EpisodeReference(2, 10),
         "Cold Harbor: I need a week to think about that ending."),
    ]  # fmt: skip
    for when, reference, body in notes:
        created = datetime.fromisoformat(when).replace(tzinfo=UTC)
        note = library.add_note(show_id, body, created_at=created, reference=reference)
        if body.startswith("**Before"):
            library.pin_note(note.id)
    panel = NotesPanel()
    panel.set_show(show_id, library.notes(show_id))
    panel.resize(560, 660)
    panel.show()
    panel.input.setPlainText("Theory: the testing floor is where Gemma was all along.")
    panel.reference.setText("s2e8")
    for _ in range(20):
        QCoreApplication.processEvents()
    panel.grab().save(str(target))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    folder = Path(tempfile.mkdtemp(prefix="watchlist-shot-"))
    app = create_application()
    app.setStyle("Fusion")
    with Library.open(f"sqlite:///{folder / 'library.sqlite3'}") as library:
        import_file(library, sample_library_path())
        render_import_preview(library, folder, out / "import-preview.png")
        render_notes(library, out / "notes.png")
    del app
    print(out / "import-preview.png", out / "notes.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
