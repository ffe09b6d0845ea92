"""The window's sync service is shared by jobs on worker threads and rebuilt when going offline."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.sync.drip_server import dripping_server
from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.sync.errors import RequestCancelledError
from watchlist.ui.sync_controller import SyncController
from watchlist.ui.tasks import TaskRunner


class FakeService:
    """Records the settings it was built with and whether it was closed."""

    def __init__(self, settings: Settings) -> None:
        self.offline = settings.offline
        self.closed = False

    def close(self) -> None:
        self.closed = True


def controller(library: Library, data_dir: Path) -> tuple[SyncController, list[FakeService]]:
    built: list[FakeService] = []

    def factory(settings: Settings, _library: Library) -> Any:
        built.append(FakeService(settings))
        return built[-1]

    settings = Settings(data_dir=data_dir, config_dir=data_dir / "config")
    sync = SyncController(library, settings, TaskRunner(), service_factory=factory)
    return sync, built


def test_going_offline_closes_a_service_only_after_the_jobs_using_it(
    qtbot: QtBot, library: Library, data_dir: Path
) -> None:
    sync, built = controller(library, data_dir)
    started, release = threading.Event(), threading.Event()
    results: list[bool] = []

    def job(service: Any) -> bool:
        started.set()
        release.wait(10)
        return bool(service.closed)  # still open while the job runs?

    worker = threading.Thread(target=lambda: results.append(sync.with_service(job)))
    worker.start()
    assert started.wait(10)
    sync.set_user_offline(True)
    assert not built[0].closed  # an import or a sync is still talking to TVmaze
    assert sync.with_service(lambda service: service) is built[1]
    assert built[1].offline
    release.set()
    worker.join(10)
    assert results == [False]
    assert built[0].closed  # closed by the last job to return
    assert not built[1].closed


def test_an_unused_service_is_closed_at_once(library: Library, data_dir: Path) -> None:
    sync, built = controller(library, data_dir)
    sync.with_service(lambda service: service)
    sync.set_user_offline(True)
    assert built[0].closed
    sync.close()


def test_closing_closes_services_still_in_use(library: Library, data_dir: Path) -> None:
    sync, built = controller(library, data_dir)
    started, release = threading.Event(), threading.Event()

    def job(_service: Any) -> None:
        started.set()
        release.wait(10)

    worker = threading.Thread(target=lambda: sync.with_service(job))
    worker.start()
    assert started.wait(10)
    sync.close()  # the window is closing: the job's requests must stop now, not after it
    assert built[0].closed
    release.set()
    worker.join(10)


def test_closing_stops_adding_a_show_from_a_dripping_tvmaze_at_once(
    qtbot: QtBot, library: Library, data_dir: Path
) -> None:
    with dripping_server(phase="headers") as server:
        settings = Settings(
            data_dir=data_dir, config_dir=data_dir / "config", tvmaze_url=server.url
        )
        runner = TaskRunner()
        sync = SyncController(library, settings, runner)
        failures: list[BaseException] = []
        sync.add(1, on_done=lambda _show_id: None, on_error=failures.append)
        qtbot.waitUntil(lambda: bool(server.requests), timeout=10_000)
        started = time.monotonic()
        sync.close()
        assert runner.wait_for_all(5_000)
        took = time.monotonic() - started
        qtbot.waitUntil(lambda: bool(failures), timeout=5_000)
    assert [type(error) for error in failures] == [RequestCancelledError]
    assert took < 5.0
    assert library.list_shows() == []
