"""Render resources/screenshots/episode-progress.png: episode progress in the detail pane.

The sample library with Severance watched up to S2E4, its season 2 expanded, at 1280x800,
with the date fixed so the picture does not change with the day it is made.

    QT_QPA_PLATFORM=offscreen python docs/screenshot_episode_progress.py [PNG]
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QPoint, QSettings

from watchlist.config import Settings, sample_library_path
from watchlist.core.episodes import EpisodeReference
from watchlist.store.exchange import import_file
from watchlist.store.library import Library
from watchlist.store.progress import mark_watched
from watchlist.ui.app import create_application, wait_until_loaded
from watchlist.ui.main_window import MainWindow

TODAY = date(2025, 7, 15)  # the sample library's snapshot, as in the GUI tests
SHOW = "Severance"
OUT = Path(__file__).resolve().parent.parent / "resources" / "screenshots" / "episode-progress.png"


def main() -> int:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    folder = Path(tempfile.mkdtemp(prefix="watchlist-shot-"))
    settings = Settings(data_dir=folder, config_dir=folder)
    app = create_application()
    with Library.open(f"sqlite:///{folder / 'library.sqlite3'}") as library:
        import_file(library, sample_library_path())
        show_id = library.resolve_show_id(SHOW)
        mark_watched(library, show_id, EpisodeReference(2, 4), up_to=True, today=TODAY)
        state = QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, state, today=lambda: TODAY)
        window.resize(1280, 800)
        window.show()
        if not wait_until_loaded(window):
            return 1
        window.show_list.select_show(show_id)
        window.right.setSizes([640, 160])
        guide = window.detail.seasons
        guide.expand_season(2)
        guide.setCurrentIndex(guide.index_of(EpisodeReference(2, 5)))
        for _ in range(5):
            QCoreApplication.processEvents()
        # Scroll the pane to the title of the seasons section (just above the summary line).
        content = window.detail.widget()
        assert content is not None
        summary = window.detail.episode_progress.mapTo(content, QPoint(0, 0)).y()
        window.detail.verticalScrollBar().setValue(summary - 40)
        for _ in range(5):
            QCoreApplication.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(target))
        window.runner.wait_for_all()
        window.close()
    del app
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
