"""Starting the GUI: the application object, error reporting, the window, screenshots."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from watchlist import APP_NAME, __version__
from watchlist.config import Settings
from watchlist.core.errors import WatchlistError

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1280, 800)
DESKTOP_FILE_NAME = "io.github.watchlist.Watchlist"
SCREENSHOT_TIMEOUT_MS = 30_000


def _install_exception_dialog() -> None:
    """Show unexpected exceptions in a dialog with the log's location, never a silent exit."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from watchlist.applog import current_log_file

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.critical(
            "Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, trace))
        )
        if QApplication.instance() is None:
            return
        where = current_log_file()
        QMessageBox.critical(
            None,
            APP_NAME,
            f"Something went wrong: {error}\n\n"
            + (f"Details were written to {where}." if where else "")
            + "\nYour library is safe: every change is saved as it is made.",
        )

    sys.excepthook = hook


def create_application() -> QApplication:
    from watchlist.ui import icons

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(icons.app_icon())
    return app


def run_gui(
    settings: Settings, *, screenshot: Path | None = None, select: str | None = None
) -> int:
    """Open the main window (or render it to ``screenshot`` and exit); returns the exit status."""
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from watchlist.launch import open_library, take_daily_backup
    from watchlist.ui.main_window import MainWindow
    from watchlist.ui.single_instance import SingleInstance

    app = create_application()
    try:
        library = open_library(settings, daily_backup=False)
    except WatchlistError as error:
        if screenshot is not None:
            raise
        QMessageBox.critical(None, APP_NAME, str(error))
        return 1
    _install_exception_dialog()
    guard = None
    if screenshot is None:
        guard = SingleInstance(settings.database_url)
        if guard.ask_running_instance():
            library.close()
            sys.stderr.write("watchlist: Watchlist is already open; showing its window.\n")
            return 0
        guard.claim()
    if screenshot is not None:
        state_file = Path(tempfile.mkdtemp(prefix="watchlist-shot-")) / "state.ini"
        ui_state = QSettings(str(state_file), QSettings.Format.IniFormat)
    else:
        ui_state = QSettings(str(settings.ui_state_path), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, ui_state)
    try:
        if screenshot is not None:
            return render_screenshot(window, screenshot, select)
        if guard is not None:
            guard.activationRequested.connect(window.bring_to_front)
        window.show()
        window.runner.read(lambda: take_daily_backup(settings))
        return app.exec()
    finally:
        if guard is not None:
            guard.release()
        library.close()


def wait_until_loaded(window: object, timeout_ms: int = SCREENSHOT_TIMEOUT_MS) -> bool:
    from PySide6.QtCore import QEventLoop, QTimer

    from watchlist.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    if window.loaded:
        return True
    loop = QEventLoop()
    window.libraryLoaded.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return window.loaded


def render_screenshot(window: object, path: Path, select: str | None) -> int:
    """Render the window at 1280x800 with ``select`` chosen and write a PNG."""
    from PySide6.QtCore import QCoreApplication

    from watchlist.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    if not wait_until_loaded(window):
        raise WatchlistError("The library did not load in time for the screenshot.")
    if select:
        show_id = window.library.resolve_show_id(select)
        window.show_list.select_show(show_id)
    for _ in range(5):
        QCoreApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise WatchlistError(f"Cannot write the screenshot to {path}.")
    window.runner.wait_for_all()
    return 0
