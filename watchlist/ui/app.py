"""Starting the GUI: the application object, error reporting, the window, screenshots."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from watchlist import APP_NAME, __version__
from watchlist.config import Settings
from watchlist.core.errors import WatchlistError

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings, SignalInstance

    from watchlist.store.library import Library
    from watchlist.ui.modal_watch import ModalWatch

log = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1280, 800)
DESKTOP_FILE_NAME = "io.github.watchlist.Watchlist"
SCREENSHOT_TIMEOUT_MS = 30_000
# Whatever happens, ``--screenshot`` ends within this: written, or a one-line message.
SCREENSHOT_DEADLINE_S = 120.0


def report_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Log a bug's traceback and show it in a dialog naming the log file: never a silent exit."""
    from PySide6.QtWidgets import QMessageBox

    from watchlist.applog import current_log_file

    details = "".join(traceback.format_exception(kind, error, trace))
    log.critical("Unexpected error:\n%s", details)
    where = current_log_file()
    if where is None:  # no log file (an unwritable data folder): the terminal gets the details
        sys.stderr.write(details)
    if QApplication.instance() is None:
        return
    QMessageBox.critical(
        None,
        APP_NAME,
        f"Something went wrong: {error}\n\n"
        + (
            f"Details were written to the log file {where}; please include it if you report "
            "the problem."
            if where
            else "Watchlist could not write its log file, so the details went to the terminal."
        )
        + "\nYour library is safe: every change is saved as it is made.",
    )


def install_exception_dialog() -> None:
    """Route exceptions nobody caught (in slots and at start-up) to ``report_unexpected_error``."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        report_unexpected_error(kind, error, trace)

    sys.excepthook = hook


def open_library_or_explain(settings: Settings) -> Library | None:
    """Open the library for the window; when it cannot be, say why in a dialog (None then).

    A damaged library, or a file that is not one where the library should be, comes with an
    offer to restore one of its backups (the file as found is kept among the backups first);
    so does a library file found missing or empty while a backup holds shows (that backup is
    chosen in the dialog). After a restore the library is opened again. Nothing is ever
    overwritten without that.
    """
    from watchlist.launch import open_library
    from watchlist.store.backup import list_backups
    from watchlist.store.errors import (
        DatabaseDamagedError,
        LibraryMissingError,
        NotALibraryError,
    )
    from watchlist.ui import messages

    while True:
        try:
            return open_library(settings, daily_backup=False)
        except WatchlistError as error:
            log.warning("Cannot open the library: %s", error)
            restorable = (
                isinstance(error, DatabaseDamagedError | NotALibraryError | LibraryMissingError)
                and settings.uses_default_database
                and bool(list_backups(settings.backups_dir))
            )
            if not messages.cannot_open_library(str(error), offer_restore=restorable):
                return None
            chosen = error.backup if isinstance(error, LibraryMissingError) else None
            if not restore_at_start(settings, chosen=chosen):
                return None


def restore_at_start(settings: Settings, *, chosen: Path | None = None) -> bool:
    """The backups dialog before any window exists (with ``chosen`` selected); True once a
    backup was restored."""
    from PySide6.QtWidgets import QMessageBox

    from watchlist.store.backup import BackupFile, restore_backup
    from watchlist.ui.backup_dialog import BackupDialog

    dialog = BackupDialog(settings, offer_backup_now=False, chosen=chosen)
    restored = False

    def restore(backup: BackupFile) -> None:
        nonlocal restored
        try:  # on the GUI thread: no window yet, and the user waits for this anyway
            restore_backup(backup.path, settings.database_path, settings.backups_dir)
        except WatchlistError as error:
            QMessageBox.warning(dialog, APP_NAME, str(error))
            return
        restored = True
        dialog.accept()

    dialog.restoreRequested.connect(restore)
    dialog.exec()
    dialog.deleteLater()
    return restored


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

    from watchlist.launch import take_daily_backup
    from watchlist.ui.main_window import MainWindow
    from watchlist.ui.single_instance import SingleInstance

    app = create_application()
    if screenshot is not None:  # no dialogs: errors go to the command line's one line
        return _take_screenshot(settings, screenshot, select)

    install_exception_dialog()
    guard = SingleInstance(settings.database_url)
    if not guard.acquire():  # another start has this library: atomic, see single_instance
        if guard.hand_over():
            sys.stderr.write("watchlist: Watchlist is already open; showing its window.\n")
            return 0
        sys.stderr.write(
            "watchlist: Watchlist is already starting with this library, but its window did "
            "not answer; try again in a moment.\n"
        )
        return 1
    guard.claim()  # at once: a start meanwhile finds this one, and waits for its window
    try:
        opened = open_library_or_explain(settings)
    except Exception as error:  # a bug while opening: the dialog, not a silent exit
        report_unexpected_error(type(error), error, error.__traceback__)
        guard.release()
        return 1
    if opened is None:
        guard.release()
        return 1
    library = opened
    try:
        ui_state = QSettings(str(settings.ui_state_path), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, ui_state)

        def come_forward() -> None:
            window.bring_to_front()
            log.info("Raised the window for another start of Watchlist")

        guard.activationRequested.connect(come_forward)
        window.show()
        log.info("The window is open")
        if guard.activations:  # a start asked while the library was being opened
            come_forward()
        window.runner.read(lambda: take_daily_backup(settings))
        return app.exec()
    except Exception as error:  # a bug building the window: the dialog, not a silent exit
        report_unexpected_error(type(error), error, error.__traceback__)
        return 1
    finally:
        guard.release()
        library.close()


def _take_screenshot(settings: Settings, screenshot: Path, select: str | None) -> int:
    """The window rendered to ``screenshot``, with nothing modal in the way and a time limit.

    Any dialog the window opens meanwhile is closed at once (``ModalWatch``) and its message
    becomes the command's one-line error; the process never runs past ``SCREENSHOT_DEADLINE_S``.
    """
    from watchlist.launch import open_library
    from watchlist.ui.main_window import MainWindow
    from watchlist.ui.modal_watch import Deadline, ModalWatch

    with Deadline(SCREENSHOT_DEADLINE_S, "The screenshot"):
        library = open_library(settings, daily_backup=False)
        watch = ModalWatch()
        watch.start()
        try:
            window = MainWindow(library, settings, _screenshot_state())
            return render_screenshot(window, screenshot, select, watch=watch)
        finally:
            watch.stop()
            library.close()


def _screenshot_state() -> QSettings:
    """Window state of its own for a screenshot, so the user's layout plays no part."""
    from PySide6.QtCore import QSettings

    state_file = Path(tempfile.mkdtemp(prefix="watchlist-shot-")) / "state.ini"
    return QSettings(str(state_file), QSettings.Format.IniFormat)


def wait_until_loaded(
    window: object,
    timeout_ms: int = SCREENSHOT_TIMEOUT_MS,
    *,
    first_page: bool = False,
    stop: SignalInstance | None = None,
) -> bool:
    """Run events until every row is in the list, or only until rows are on screen with
    ``first_page`` (a large library's first page; a small one's rows are all read at once);
    ``stop`` ends the wait early."""
    from PySide6.QtCore import QEventLoop, QTimer

    from watchlist.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def done() -> bool:
        return window.listed if first_page else window.loaded

    if done():
        return True
    loop = QEventLoop()
    (window.listShown if first_page else window.libraryLoaded).connect(loop.quit)
    if stop is not None:
        stop.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    return done()


def render_screenshot(
    window: object, path: Path, select: str | None, *, watch: ModalWatch | None = None
) -> int:
    """Render the window at 1280x800 with ``select`` chosen and write a PNG.

    The picture is the window as a user first sees it: with a large library (more than
    ``list_loading.LARGE_LIBRARY`` shows) that is its first page, taken before the rest of the
    list is read, unless ``select`` names a show, which may be anywhere in the list. A dialog
    ``watch`` closed on the way (an error the window met) fails the screenshot with its message.
    """
    from PySide6.QtCore import QCoreApplication

    from watchlist.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)

    def check_no_dialog() -> None:
        if watch is not None and watch.message is not None:
            raise WatchlistError(f"No screenshot was taken: the window said {watch.message!r}")

    window.resize(*SCREENSHOT_SIZE)
    window.show()
    check_no_dialog()
    loaded = wait_until_loaded(
        window, first_page=not select, stop=watch.dialogClosed if watch is not None else None
    )
    check_no_dialog()
    if not loaded:
        raise WatchlistError("The library did not load in time for the screenshot.")
    if select:
        show_id = window.library.resolve_show_id(select)
        window.show_list.select_show(show_id)
    for _ in range(5):
        QCoreApplication.processEvents()
    window.stop_loading_list()  # the rest of a large list: not in the picture
    window.runner.wait_for_all()  # reads started after loading (next to watch) land first
    for _ in range(5):
        QCoreApplication.processEvents()
    check_no_dialog()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise WatchlistError(f"Cannot write the screenshot to {path}.")
    window.runner.wait_for_all()
    return 0
