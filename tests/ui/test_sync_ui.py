"""TVmaze from the window: add from search, sync with progress, failures, cancel, offline."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from werkzeug import Request, Response

from tests.sync.fake_tvmaze import FakeTvmaze, all_of_us_are_dead, load, quiet_harbour
from tests.sync.fakes import FakeTime
from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.sync.service import SyncService, build_sync_service
from watchlist.ui.main_window import MainWindow
from watchlist.ui.tvmaze_dialog import RESULT_ROLE, TvmazeDialog

from .conftest import wait_for_write


class GatedTvmaze(FakeTvmaze):
    """Holds answers for one show until the test opens the gate."""

    def __init__(self, server: HTTPServer) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()
        self.gated_id: int | None = None
        super().__init__(server)

    def _poster(self, request: Request) -> Response:
        name = request.path.rsplit("/", 1)[1]
        self.posters.setdefault(name, real_jpeg())
        return super()._poster(request)

    def _show(self, request: Request) -> Response:
        if self.gated_id is not None and request.path == f"/shows/{self.gated_id}":
            self.waiting.set()
            self.gate.wait(timeout=20)
        return super()._show(request)


@pytest.fixture
def tvmaze(httpserver: HTTPServer) -> GatedTvmaze:
    return GatedTvmaze(httpserver)


@pytest.fixture
def make_sync_window(
    tvmaze_windows: Callable[..., MainWindow], tvmaze: GatedTvmaze
) -> Callable[..., MainWindow]:
    return lambda *, offline=False: tvmaze_windows(tvmaze.url, offline=offline)


def real_jpeg() -> bytes:
    """A small poster Qt can really decode."""
    image = QImage(21, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#3949ab"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(buffer.data().data())


def local_search_results(tvmaze: FakeTvmaze) -> list[dict[str, object]]:
    """The recorded search for "dead", its posters served by the local server."""
    results: list[dict[str, object]] = load("search_shows_dead.json")
    for result in results:
        show = result["show"]
        assert isinstance(show, dict)
        if show.get("image"):
            show["image"] = {
                "medium": f"{tvmaze.url}/posters/medium_{show['id']}.jpg",
                "original": f"{tvmaze.url}/posters/original_{show['id']}.jpg",
            }
    return results


def synced_service(library: Library, tvmaze: FakeTvmaze, settings_dir: Path) -> SyncService:
    time = FakeTime()
    settings = Settings(data_dir=settings_dir, tvmaze_url=tvmaze.url)
    return build_sync_service(settings, library, clock=time.clock, sleep=time.sleep)


def test_add_from_tvmaze_search_adds_and_selects_the_show(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library
) -> None:
    tvmaze.add(all_of_us_are_dead())
    tvmaze.search_body = local_search_results(tvmaze)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    dialog = TvmazeDialog(window.sync, window)
    qtbot.addWidget(dialog)
    added: list[int] = []
    dialog.showAdded.connect(added.append)
    dialog.showAdded.connect(window._show_added_from_tvmaze)
    qtbot.keyClicks(dialog.query, "dead")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    first = dialog.model.item(0)
    assert first.text().startswith("All of Us Are Dead (2022)")
    assert "Netflix" in first.text()
    assert first.data(RESULT_ROLE).provider_id == 55555
    dialog.add_selected()
    qtbot.waitUntil(lambda: added != [], timeout=5000)
    qtbot.waitUntil(lambda: window.detail.title.text() == "All of Us Are Dead", timeout=5000)
    assert "TVmaze" in window.detail.source.text()
    assert library.find_show("All of Us Are Dead").external_ids.tvmaze == 55555


def test_search_with_no_results_says_so(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze
) -> None:
    tvmaze.search_body = load("search_shows_nothing.json")
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    dialog = TvmazeDialog(window.sync, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.query, "zzzz")
    qtbot.waitUntil(lambda: "No show on TVmaze matches" in dialog.status.text(), timeout=5000)
    assert not dialog.add_button.isEnabled()


def test_adding_a_show_already_in_the_library_selects_it(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library, data_dir: Path
) -> None:
    tvmaze.add(all_of_us_are_dead())
    with synced_service(library, tvmaze, data_dir) as service:
        show_id = service.add_show(55555)
    tvmaze.search_body = local_search_results(tvmaze)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    dialog = TvmazeDialog(window.sync, window)
    qtbot.addWidget(dialog)
    existing: list[int] = []
    dialog.alreadyInLibrary.connect(existing.append)
    dialog.query.setText("dead")
    dialog.search_now()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    dialog.add_selected()
    qtbot.waitUntil(lambda: existing == [show_id], timeout=5000)
    assert "already in your library" in dialog.status.text()


def test_f5_syncs_and_updates_the_open_show_and_whats_new(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library, data_dir: Path
) -> None:
    tvmaze.add(all_of_us_are_dead())
    with synced_service(library, tvmaze, data_dir) as service:
        show_id = service.add_show(55555)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    window.show_list.select_show(show_id)
    show = tvmaze.shows[55555]
    show["_embedded"]["seasons"][1]["premiereDate"] = "2025-10-03"
    tvmaze.change(55555)
    window.activateWindow()
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    report = finished.args[0]
    assert [outcome.kind.value for outcome in report.outcomes] == ["updated"]
    qtbot.waitUntil(
        lambda: window.detail.estimate.headline.text() == "Season 2: 3 October 2025", timeout=5000
    )
    assert "Synced 1 show" in window.statusBar().currentMessage()
    assert not window.banner.isVisible()
    window.sidebar.choose_news()
    qtbot.waitUntil(lambda: window.whats_new.model.rowCount() >= 1, timeout=5000)
    assert "All of Us Are Dead" in window.whats_new.model.index(0).data()


def test_a_failed_sync_shows_a_banner_and_retry_recovers(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library, data_dir: Path
) -> None:
    tvmaze.add(all_of_us_are_dead())
    with synced_service(library, tvmaze, data_dir) as service:
        service.add_show(55555)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    tvmaze.script("/shows/55555", *[Response("oops", status=500)] * 5)
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000):
        window.sync_all(full=True)
    assert window.banner.isVisible()
    assert "TVmaze" in window.banner.text.text()
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000) as finished:
        window.banner.retry.click()
    assert finished.args[0].ok
    assert not window.banner.isVisible()


def test_cancel_stops_the_show_in_flight_and_keeps_those_merged(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library, data_dir: Path
) -> None:
    tvmaze.add(all_of_us_are_dead())
    tvmaze.add(quiet_harbour())
    with synced_service(library, tvmaze, data_dir) as service:
        service.add_show(55555)
        service.add_show(77777)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    tvmaze.gated_id = 77777  # the second show: TVmaze holds its answer until the cancel
    tvmaze.gate.clear()
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000) as finished:
        window.sync_all(full=True)
        assert tvmaze.waiting.wait(timeout=10)
        assert window.sync_cancel.isVisible()
        window.sync_cancel.click()
        tvmaze.gate.set()
    report = finished.args[0]
    assert report.cancelled
    assert len(report.outcomes) == 1
    assert "cancelled" in window.statusBar().currentMessage()
    assert not window.sync_progress.isVisible()


def test_notes_can_be_written_while_a_sync_runs(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, library: Library, data_dir: Path
) -> None:
    tvmaze.add(all_of_us_are_dead())
    with synced_service(library, tvmaze, data_dir) as service:
        show_id = service.add_show(55555)
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    window.show_list.select_show(show_id)
    tvmaze.change(55555, name="All of Us Are Dead (renamed upstream)")
    tvmaze.gated_id = 55555
    tvmaze.gate.clear()
    window.sync_all(full=True)
    assert tvmaze.waiting.wait(timeout=10)
    qtbot.keyClicks(window.notes.input, "Written during a sync")
    qtbot.mouseClick(window.notes.post_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.notes.model.rowCount() == 1, timeout=5000)
    note_id = window.notes.model.notes()[0].id
    window._edit_note(note_id, "Edited during a sync")
    qtbot.waitUntil(
        lambda: window.notes.model.notes()[0].body == "Edited during a sync", timeout=5000
    )
    assert window.sync.syncing
    with qtbot.waitSignal(window.sync.syncFinished, timeout=10_000):
        tvmaze.gate.set()
    wait_for_write(qtbot, window)
    assert [note.body for note in library.notes(show_id)] == ["Edited during a sync"]
    assert library.show(show_id).title == "All of Us Are Dead (renamed upstream)"


def test_offline_mode_disables_tvmaze_and_makes_no_request(
    qtbot: QtBot, make_sync_window: object, tvmaze: GatedTvmaze, httpserver: HTTPServer
) -> None:
    window: MainWindow = make_sync_window(offline=True)  # type: ignore[operator]
    assert not window.sync_action.isEnabled()
    assert not window.tvmaze_action.isEnabled()
    assert window.offline_action.isChecked() and not window.offline_action.isEnabled()
    window.add_from_tvmaze()
    assert window.banner.isVisible() and "Offline" in window.banner.text.text()
    window.sync.sync()
    qtbot.waitUntil(lambda: not window.sync.syncing, timeout=5000)
    assert httpserver.log == []


def test_work_offline_toggle_is_remembered(
    qtbot: QtBot, make_sync_window: object, httpserver: HTTPServer
) -> None:
    window: MainWindow = make_sync_window()  # type: ignore[operator]
    assert window.sync_action.isEnabled()
    window.offline_action.setChecked(True)
    assert not window.sync_action.isEnabled()
    window.close()
    again: MainWindow = make_sync_window()  # type: ignore[operator]
    assert again.offline_action.isChecked()
    assert again.sync.offline
    assert httpserver.log == []
