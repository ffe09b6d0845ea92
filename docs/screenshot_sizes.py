"""Render the main window on the sample library at several sizes, in light and dark palettes.

For checking layout by eye (text cut, faint secondary text, icons) after a change to the
window: one PNG per size and palette, named ``main-<width>x<height>-<palette>.png``. Run from
the repository root:

    QT_QPA_PLATFORM=offscreen python docs/screenshot_sizes.py [FOLDER] [--select TITLE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from watchlist.config import Settings, sample_library_path
from watchlist.store.exchange import import_file
from watchlist.store.library import Library
from watchlist.ui.app import create_application, wait_until_loaded
from watchlist.ui.main_window import MainWindow

SIZES = ((1024, 640), (1280, 800), (1366, 768), (1920, 1080))


def dark_palette(base: QPalette) -> QPalette:
    """A dark palette in the colours of common dark desktop themes."""
    dark = QPalette(base)
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26272a",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.ToolTipBase: "#2d2e31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Mid: "#5f6368",
        QPalette.ColorRole.Dark: "#3c4043",
        QPalette.ColorRole.Light: "#5f6368",
    }
    for role, colour in colours.items():
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#80868b"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#80868b"))
    return dark


def settle() -> None:
    for _ in range(10):
        QCoreApplication.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("screenshots"))
    parser.add_argument("--select", default="All of Us Are Dead")
    arguments = parser.parse_args()
    arguments.folder.mkdir(parents=True, exist_ok=True)
    app = create_application()
    assert isinstance(app, QApplication)
    light = app.palette()
    with tempfile.TemporaryDirectory(prefix="watchlist-shots-") as scratch:
        folder = Path(scratch)
        settings = Settings(data_dir=folder, config_dir=folder, offline=True)
        library = Library.open(settings.database_url)
        import_file(library, sample_library_path())
        state = QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, state)
        try:
            window.resize(*SIZES[1])
            window.show()
            wait_until_loaded(window)
            window.show_list.select_show(library.resolve_show_id(arguments.select))
            for palette_name, palette in (("light", light), ("dark", dark_palette(light))):
                app.setPalette(palette)
                for width, height in SIZES:
                    window.resize(width, height)
                    settle()
                    window.runner.wait_for_all()
                    settle()
                    path = arguments.folder / f"main-{width}x{height}-{palette_name}.png"
                    window.grab().save(str(path))
                    print(path)
        finally:
            app.setPalette(light)
            window.close()
            window.runner.wait_for_all()
            library.close()


if __name__ == "__main__":
    main()
