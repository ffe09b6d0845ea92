"""A large library at start-up: its first page on screen at once, every row read after it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import TODAY, WindowFactory
from watchlist.config import Settings
from watchlist.core.status import WatchStatus
from watchlist.store.errors import ListReadCancelledError
from watchlist.store.exchange import import_file
from watchlist.store.library import Library, NewShow
from watchlist.store.progress import next_to_watch
from watchlist.store.views import ShowQuery
from watchlist.ui import list_loading, messages
from watchlist.ui.app import render_screenshot
from watchlist.ui.list_loading import LoadedRows
from watchlist.ui.main_window import MainWindow
from watchlist.ui.show_model import Column

PAGE = 3  # the sample library's 12 shows count as large, shown three rows first


class ListGate:
    """Holds the read of every row until ``release``: before it reads (then also until the
    window stops it; ``outcome`` says how the read ended) or, with ``after_read``, once it has
    every row, as a long read at 100,000 shows does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, after_read: bool = False) -> None:
        self.started = threading.Event()
        self.read = threading.Event()
        self.released = threading.Event()
        self.stop: threading.Event | None = None
        self.outcome = ""
        real = list_loading.load_everything

        def hold(stop: threading.Event | None) -> None:
            for _ in range(1000):  # until released, or until the window stops the read
                if self.released.wait(0.01) or (not after_read and stop and stop.is_set()):
                    return

        def gated(library: Library, stop: threading.Event | None = None) -> LoadedRows:
            self.stop = stop
            self.started.set()
            if not after_read:
                hold(stop)
            try:
                rows = real(library, stop)
            except ListReadCancelledError:
                self.outcome = "stopped"
                raise
            self.read.set()
            if after_read:
                hold(stop)
            self.outcome = "read"
            return rows

        monkeypatch.setattr(list_loading, "LARGE_LIBRARY", 5)
        monkeypatch.setattr(list_loading, "FIRST_PAGE_ROWS", PAGE)
        monkeypatch.setattr(list_loading, "load_everything", gated)

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def sample_library(library: Library, sample_library_file: Path) -> Library:
    import_file(library, sample_library_file)
    return library


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch, sample_library: Library) -> Iterator[ListGate]:
    held = ListGate(monkeypatch)
    yield held
    held.release()  # never leave a worker waiting


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch, sample_library: Library) -> Iterator[ListGate]:
    holder = ListGate(monkeypatch, after_read=True)
    yield holder
    holder.release()


@pytest.fixture
def open_window(make_window: WindowFactory) -> Callable[[], MainWindow]:
    """A shown window once its first rows are on screen (not waiting for every row)."""
    return lambda: make_window(every_row=False)


def save_window_state(path: Path, **values: object) -> None:
    """What an earlier session left in the window state file."""
    state = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        state.setValue(key, value)
    state.sync()


def listed_titles(window: MainWindow) -> list[str]:
    proxy = window.show_list.proxy
    return [proxy.index(row, Column.TITLE).data() for row in range(proxy.rowCount())]


def sidebar_texts(window: MainWindow) -> list[str]:
    entries = window.sidebar.entries
    return [entries.item(row).text() for row in range(entries.rowCount())]


def test_the_first_page_shows_at_once_with_the_librarys_counts_then_every_row(
    qtbot: QtBot, gate: ListGate, open_window: Callable[[], MainWindow], library: Library
) -> None:
    window = open_window()
    everything = [summary.title for summary in library.list_shows()]
    assert listed_titles(window) == everything[:PAGE]
    assert not window.loaded
    assert window.count_label.text() == "12 shows (reading the list\u2026)"
    assert "All shows  (12)" in sidebar_texts(window)
    counts = library.count_by_watch_status()
    assert f"Watching  ({counts[WatchStatus.WATCHING]})" in sidebar_texts(window)
    assert window.show_list.selected_show_id() == library.resolve_show_id(everything[0])
    assert window.detail.show_id == library.resolve_show_id(everything[0])
    found = next_to_watch(library, today=TODAY)
    for title in everything[:PAGE]:  # "Up next" is there for the page's rows already
        show_id = library.resolve_show_id(title)
        assert window.model.next_to_watch(show_id) == found.get(show_id)

    window.show_list.filter.setText("the")  # typed while the rest is read
    gate.release()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert gate.outcome == "read"
    assert listed_titles(window) == [
        summary.title for summary in library.list_shows(ShowQuery(text="the"))
    ]
    window.show_list.filter.clear()
    assert listed_titles(window) == everything
    assert window.count_label.text() == "12 of 12 shows"


def test_a_page_filtered_by_the_saved_watch_status_fills_that_list(
    qtbot: QtBot,
    gate: ListGate,
    open_window: Callable[[], MainWindow],
    library: Library,
    ui_state_path: Path,
) -> None:
    save_window_state(ui_state_path, watchFilter=WatchStatus.COMPLETED.value)
    completed = library.list_shows(ShowQuery(watch_statuses=frozenset({WatchStatus.COMPLETED})))
    assert len(completed) > 1
    window = open_window()
    assert listed_titles(window) == [summary.title for summary in completed][:PAGE]
    assert window.model.rowCount() == min(PAGE, len(completed))


def test_the_saved_selection_beyond_the_page_is_selected_once_every_row_is_read(
    qtbot: QtBot,
    gate: ListGate,
    open_window: Callable[[], MainWindow],
    library: Library,
    ui_state_path: Path,
) -> None:
    last = library.list_shows()[-1]
    save_window_state(ui_state_path, selectedShow=last.id)
    window = open_window()
    assert window.model.row_of(last.id) is None  # not on the first page
    gate.release()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert window.show_list.selected_show_id() == last.id
    assert window.detail.show_id == last.id


def test_a_show_chosen_on_the_first_page_stays_chosen(
    qtbot: QtBot,
    gate: ListGate,
    open_window: Callable[[], MainWindow],
    library: Library,
    ui_state_path: Path,
) -> None:
    everything = library.list_shows()
    save_window_state(ui_state_path, selectedShow=everything[-1].id)
    window = open_window()
    chosen = everything[1].id
    assert window.show_list.select_show(chosen)  # the user clicks the second row
    gate.release()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert window.show_list.selected_show_id() == chosen


def test_closing_the_window_stops_reading_the_list(
    qtbot: QtBot,
    gate: ListGate,
    open_window: Callable[[], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    errors: list[BaseException] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    assert gate.started.wait(10)
    window.close()  # waits for the workers: the read must end at once, not after every row
    assert gate.stop is not None and gate.stop.is_set()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert gate.outcome == "stopped"
    assert errors == []  # a stopped read is not an error to show
    assert window.model.rowCount() == PAGE


def test_a_screenshot_of_a_large_library_is_its_first_page(
    qtbot: QtBot, gate: ListGate, library: Library, data_dir: Path, tmp_path: Path
) -> None:
    """What ``watchlist gui --screenshot`` draws: the window as a user first sees it."""
    settings = Settings(data_dir=data_dir, config_dir=tmp_path)
    state = QSettings(str(tmp_path / "shot.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, state, today=lambda: TODAY)
    qtbot.addWidget(window)
    target = tmp_path / "shot.png"
    assert render_screenshot(window, target, None) == 0  # the gate holds every row back
    assert gate.outcome == "stopped"
    assert window.model.rowCount() == PAGE and not window.loaded
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)
    assert window.show_list.view.model().index(0, 0).data(Qt.ItemDataRole.DisplayRole)


@pytest.mark.parametrize(
    "sorting",
    [(Column.NETWORK, Qt.SortOrder.AscendingOrder), (Column.TITLE, Qt.SortOrder.DescendingOrder)],
)
def test_a_list_sorted_another_way_is_read_whole_before_it_shows(
    qtbot: QtBot,
    gate: ListGate,
    library: Library,
    *,
    data_dir: Path,
    ui_state_path: Path,
    sorting: tuple[Column, Qt.SortOrder],
) -> None:
    """The first page is the head of the list in title order, so for another order it would
    show the wrong rows at the top: then every row is read before the list shows."""
    settings = Settings(data_dir=data_dir, config_dir=ui_state_path.parent)

    def open_window() -> MainWindow:
        state = QSettings(str(ui_state_path), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, state, today=lambda: TODAY)
        qtbot.addWidget(window)
        return window

    gate.release()
    first = open_window()
    qtbot.waitUntil(lambda: first.loaded, timeout=10_000)
    first.show_list.view.sortByColumn(*sorting)
    first.close()  # saves the sorted header

    gate.released.clear()  # every row is held back again
    window = open_window()
    qtbot.wait(300)
    assert not window.listed  # no page in the wrong order: the list waits for every row
    gate.release()
    qtbot.waitUntil(lambda: window.listed, timeout=10_000)
    assert window.show_list.proxy.sortColumn() == sorting[0]
    assert window.loaded and window.model.rowCount() == 12


def test_a_show_removed_while_every_row_is_read_stays_removed(
    qtbot: QtBot,
    held: ListGate,
    open_window: Callable[[], MainWindow],
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    assert held.read.wait(10)  # the read has every row, the removed show among them
    removed = window.show_list.selected_show_id()
    assert removed is not None
    errors: list[BaseException] = []
    monkeypatch.setattr(window, "show_error", errors.append)
    monkeypatch.setattr(messages, "confirm", lambda *_args, **_kwargs: True)
    window.remove_selected()
    qtbot.waitUntil(lambda: window.model.row_of(removed) is None, timeout=10_000)
    held.release()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert window.model.row_of(removed) is None
    assert window.model.rowCount() == library.count_shows() == 11
    assert window.show_list.selected_show_id() not in (None, removed)
    assert errors == []


def test_a_read_stopped_after_its_last_batch_is_not_shown(
    qtbot: QtBot, held: ListGate, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    assert held.read.wait(10)  # past its last batch: nothing left to stop it
    window.stop_loading_list()  # what the screenshot does
    held.release()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert window.model.rowCount() == PAGE and not window.loaded


def test_the_pages_next_episodes_stay_when_every_row_lands(
    qtbot: QtBot,
    held: ListGate,
    open_window: Callable[[], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(list_loading, "FIRST_PAGE_ROWS", 11)  # shows with an episode to watch
    window = open_window()
    page = [window.model.show_id_at(row) for row in range(window.model.rowCount())]
    before = {show_id: window.model.next_to_watch(show_id) for show_id in page}
    assert any(before.values())
    seen: list[dict[int, object]] = []
    window.libraryLoaded.connect(
        lambda: seen.append({show_id: window.model.next_to_watch(show_id) for show_id in page})
    )
    held.release()
    qtbot.waitUntil(lambda: window.loaded, timeout=10_000)
    assert seen[0] == before  # not blank while every row's next episode is read again


def test_closing_during_the_first_read_reads_nothing_more(
    qtbot: QtBot,
    library: Library,
    *,
    sample_library_file: Path,
    data_dir: Path,
    ui_state_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_file(library, sample_library_file)
    monkeypatch.setattr(list_loading, "LARGE_LIBRARY", 5)
    monkeypatch.setattr(list_loading, "FIRST_PAGE_ROWS", PAGE)
    looking, real_first_look = threading.Event(), list_loading.first_look

    def slow_first_look(*args: object, **kwargs: object) -> object:
        looking.set()
        time.sleep(0.3)  # the window closes meanwhile
        return real_first_look(*args, **kwargs)  # type: ignore[arg-type]

    whole_reads: list[object] = []
    monkeypatch.setattr(list_loading, "first_look", slow_first_look)
    monkeypatch.setattr(list_loading, "load_everything", lambda *args: whole_reads.append(args))
    settings = Settings(data_dir=data_dir, config_dir=ui_state_path.parent)
    state = QSettings(str(ui_state_path), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, state, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    assert looking.wait(10)
    window.close()
    qtbot.wait(100)  # the first read's result, queued before the close, is delivered now
    assert whole_reads == []
    assert not window.listed and window.model.rowCount() == 0


def test_the_first_pages_counts_follow_changes_made_while_every_row_is_read(
    qtbot: QtBot,
    gate: ListGate,
    open_window: Callable[[], MainWindow],
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window()
    monkeypatch.setattr(messages, "confirm", lambda *_args, **_kwargs: True)
    removed = window.show_list.selected_show_id()
    assert removed is not None
    status = library.show(removed).watch_status
    before = library.count_by_watch_status()[status]
    window.remove_selected()
    qtbot.waitUntil(lambda: window.count_label.text() == "11 shows (reading the list\u2026)")
    assert "All shows  (11)" in sidebar_texts(window)
    assert f"{status.label}  ({before - 1})" in sidebar_texts(window)

    added = library.add_show(NewShow(title="Andor"))
    window._refresh_show(added)  # as after the Add show dialog
    qtbot.waitUntil(lambda: "All shows  (12)" in sidebar_texts(window))
    assert window.count_label.text() == "12 shows (reading the list\u2026)"
