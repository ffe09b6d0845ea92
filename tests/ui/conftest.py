"""GUI fixtures: a real main window on a temporary library, with a fixed 'today'."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from pytestqt.qtbot import QtBot

from watchlist.config import Settings
from watchlist.store.exchange import import_file
from watchlist.store.library import Library
from watchlist.ui.main_window import MainWindow

TODAY = date(2025, 7, 15)  # just after the sample library's snapshot

WindowFactory = Callable[..., MainWindow]


def open_window_with_tvmaze(
    qtbot: QtBot,
    library: Library,
    *,
    data_dir: Path,
    tvmaze_url: str,
    state_path: Path,
    offline: bool = False,
) -> MainWindow:
    """A loaded main window whose sync talks to a local TVmaze, with time that never passes."""
    from tests.sync.fakes import FakeTime
    from watchlist.sync.service import SyncService, build_sync_service

    settings = Settings(data_dir=data_dir, tvmaze_url=tvmaze_url, offline=offline,
                        config_dir=state_path.parent)  # fmt: skip
    time = FakeTime()

    def factory(effective: Settings, opened: Library) -> SyncService:
        return build_sync_service(effective, opened, clock=time.clock, sleep=time.sleep)

    state = QSettings(str(state_path), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, state, today=lambda: TODAY, sync_factory=factory)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    return window


@pytest.fixture
def tvmaze_windows(
    qtbot: QtBot, library: Library, data_dir: Path, tmp_path: Path
) -> Iterator[Callable[..., MainWindow]]:
    """``make(tvmaze_url, offline=False)`` opens a window with ``open_window_with_tvmaze`` (window
    state in ``tmp_path/state.ini``); after the test, its imports and syncs are stopped."""
    windows: list[MainWindow] = []

    def make(tvmaze_url: str, *, offline: bool = False) -> MainWindow:
        window = open_window_with_tvmaze(
            qtbot, library, data_dir=data_dir, tvmaze_url=tvmaze_url,
            state_path=tmp_path / "state.ini", offline=offline,
        )  # fmt: skip
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.tracker_import.cancel()
        window.runner.wait_for_all()
        window.sync.close()


@pytest.fixture(autouse=True)
def british_locale() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(previous)


@pytest.fixture
def ui_state_path(tmp_path: Path) -> Path:
    return tmp_path / "window-state.ini"


@pytest.fixture
def make_window(
    qtbot: QtBot, library: Library, data_dir: Path, ui_state_path: Path
) -> WindowFactory:
    """Build (and load) a main window; call again for a 'restarted' app on the same files.
    ``every_row=False`` returns once rows are on screen (a large library's first page)."""

    def make(*, every_row: bool = True) -> MainWindow:
        settings = Settings(data_dir=data_dir, config_dir=ui_state_path.parent)
        state = QSettings(str(ui_state_path), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, state, today=lambda: TODAY)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitUntil(lambda: window.loaded if every_row else window.listed, timeout=10_000)
        return window

    return make


@pytest.fixture
def sample_window(
    library: Library, sample_library_file: Path, make_window: WindowFactory
) -> MainWindow:
    import_file(library, sample_library_file)
    return make_window()


def wait_for_write(qtbot: QtBot, window: MainWindow) -> None:
    """Block until the writer thread has finished and its callbacks ran."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
