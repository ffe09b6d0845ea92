"""Everything the window does with TVmaze, off the GUI thread: search, add, sync, thumbnails.

The sync service (and with it ``requests``) is built on first use, so a window that never syncs
never loads the network stack. Progress and per-show results come back as signals on the GUI
thread; a sync can be cancelled between shows.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from watchlist.config import Settings
from watchlist.store.library import Library
from watchlist.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from watchlist.sync.service import ShowOutcome, SyncProgress, SyncReport, SyncService

log = logging.getLogger(__name__)

ServiceFactory = Callable[[Settings, Library], "SyncService"]
T = TypeVar("T")


def _default_factory(settings: Settings, library: Library) -> SyncService:
    from watchlist.sync.service import build_sync_service

    return build_sync_service(settings, library)


class _Relay(QObject):
    """Lives on the GUI thread; the sync thread emits into it."""

    progress = Signal(object)
    landed = Signal(object)


class SyncController(QObject):
    """The window's side of TVmaze."""

    syncStarted = Signal()
    syncProgressed = Signal(object)
    showLanded = Signal(object)
    syncFinished = Signal(object)
    syncFailed = Signal(object)
    offlineChanged = Signal(bool)

    def __init__(
        self,
        library: Library,
        settings: Settings,
        runner: TaskRunner,
        *,
        service_factory: ServiceFactory = _default_factory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.settings = settings
        self.runner = runner
        self._factory = service_factory
        self._service: SyncService | None = None
        self._service_lock = threading.Lock()
        self._users: dict[SyncService, int] = {}  # jobs running with each service
        self._user_offline = False
        self._cancel: threading.Event | None = None
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.landed.connect(self._on_landed)

    # -- offline --------------------------------------------------------------------------

    @property
    def forced_offline(self) -> bool:
        """Offline by WATCHLIST_OFFLINE or --offline: the window cannot turn it off."""
        return self.settings.offline

    @property
    def offline(self) -> bool:
        return self.settings.offline or self._user_offline

    def set_user_offline(self, offline: bool) -> None:
        if offline == self._user_offline:
            return
        self._user_offline = offline
        self._drop_service()
        self.offlineChanged.emit(self.offline)

    def _drop_service(self) -> None:
        """Forget the service; it is closed now, or when the last job using it returns."""
        with self._service_lock:
            service, self._service = self._service, None
            in_use = service is not None and self._users.get(service, 0) > 0
        if service is not None and not in_use:
            service.close()

    def service(self) -> SyncService:
        """The sync service for the current offline setting (built on first use)."""
        with self._service_lock:
            return self._current_service()

    def _current_service(self) -> SyncService:
        if self._service is None:
            effective = replace(self.settings, offline=self.offline)
            self._service = self._factory(effective, self.library)
        return self._service

    def with_service(self, work: Callable[[SyncService], T]) -> T:
        """Run ``work`` with the service, on a worker thread.

        Going offline meanwhile (or closing the window) makes later jobs use a new service,
        and closes this one only once every job using it has returned, so a sync or an import
        never has its connection closed under it.
        """
        with self._service_lock:
            service = self._current_service()
            self._users[service] = self._users.get(service, 0) + 1
        try:
            return work(service)
        finally:
            with self._service_lock:
                left = self._users[service] - 1
                if left:
                    self._users[service] = left
                else:
                    del self._users[service]
                retired = not left and service is not self._service
            if retired:
                service.close()

    def close(self) -> None:
        """Stop everything (the window is closing): the sync, and every request in flight,
        whichever service it uses; their jobs end at once with RequestCancelledError."""
        self.cancel()
        with self._service_lock:
            services = {*self._users, *([self._service] if self._service is not None else [])}
            self._service = None
        for service in services:
            service.close()

    # -- sync -----------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self._cancel is not None

    def sync(self, show_ids: Sequence[int] | None = None, *, full: bool = False) -> bool:
        """Start a sync in the background; False if one is already running."""
        if self.syncing:
            return False
        cancel = threading.Event()
        self._cancel = cancel
        relay = self._relay
        ids = list(show_ids) if show_ids is not None else None

        def work() -> SyncReport:
            return self.with_service(
                lambda service: service.sync(
                    ids,
                    full=full,
                    progress=relay.progress.emit,
                    cancel=cancel,
                    landed=relay.landed.emit,
                )
            )

        self.syncStarted.emit()
        self.runner.long_running(work, self._on_finished, self._on_failed)
        return True

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    @Slot(object)
    def _on_progress(self, progress: SyncProgress) -> None:
        self.syncProgressed.emit(progress)

    @Slot(object)
    def _on_landed(self, outcome: ShowOutcome) -> None:
        self.showLanded.emit(outcome)

    def _on_finished(self, report: SyncReport) -> None:
        self._cancel = None
        self.syncFinished.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self._cancel = None
        self.syncFailed.emit(error)

    # -- search and add -------------------------------------------------------------------

    def search(
        self, query: str, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        self.runner.read(lambda: self.with_service(lambda s: s.search(query)), on_done, on_error)

    def add(
        self,
        tvmaze_id: int,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self.runner.read(
            lambda: self.with_service(lambda s: s.add_show(tvmaze_id)), on_done, on_error
        )

    def link(
        self,
        show_id: int,
        tvmaze_id: int,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Link a show added by hand to a TVmaze show and sync it, off the GUI thread."""
        self.runner.read(
            lambda: self.with_service(lambda s: s.link_show(show_id, tvmaze_id)),
            on_done,
            on_error,
        )

    def thumbnail(
        self, url: str, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        self.runner.read(lambda: self.with_service(lambda s: s.thumbnail(url)), on_done, on_error)
