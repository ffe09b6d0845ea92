"""The one way the UI runs work off the GUI thread.

``TaskRunner.read`` runs on a small pool; ``TaskRunner.write`` on a single writer thread so
database writes from the window never race each other. Results and errors come back on the GUI
thread through a relay object that lives there; workers never touch widgets and pass plain data
(ids, frozen views), never sessions or ORM objects.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

DoneCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


@dataclass(frozen=True, slots=True)
class _Callbacks:
    on_done: DoneCallback | None
    on_error: ErrorCallback | None


class _Relay(QObject):
    """Lives on the GUI thread; workers emit into it and callbacks run there."""

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id = job_id
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as error:  # reported on the GUI thread, never swallowed
            self.relay.failed.emit(self.job_id, error)
        else:
            self.relay.finished.emit(self.job_id, result)


class TaskRunner(QObject):
    """Runs callables in the background and calls back on the GUI thread."""

    busyChanged = Signal(bool)
    unhandledError = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._long = QThreadPool(self)
        self._long.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._callbacks: dict[int, _Callbacks] = {}
        self._ids = itertools.count(1)

    def read(
        self,
        work: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Run a read-only job on the reader pool."""
        return self._start(self._reads, work, on_done, on_error)

    def write(
        self,
        work: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Run a job on the single writer thread, after any writes queued before it."""
        return self._start(self._writes, work, on_done, on_error)

    def long_running(
        self,
        work: Callable[[], Any],
        on_done: DoneCallback | None = None,
        on_error: ErrorCallback | None = None,
    ) -> int:
        """Run a long job (a sync) on its own thread so reads and writes are never queued
        behind it; it opens its own sessions and writes in short transactions."""
        return self._start(self._long, work, on_done, on_error)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait_for_all(self, timeout_ms: int = 30_000) -> bool:
        """Block until every job has run (for shutdown and tests); callbacks still need events."""
        return all(pool.waitForDone(timeout_ms) for pool in (self._long, self._writes, self._reads))

    def _start(
        self,
        pool: QThreadPool,
        work: Callable[[], Any],
        on_done: DoneCallback | None,
        on_error: ErrorCallback | None,
    ) -> int:
        job_id = next(self._ids)
        was_busy = self.busy
        self._callbacks[job_id] = _Callbacks(on_done, on_error)
        pool.start(_Job(job_id, work, self._relay))
        if not was_busy:
            self.busyChanged.emit(True)
        return job_id

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        callbacks = self._pop(job_id)
        if callbacks and callbacks.on_done is not None:
            callbacks.on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: BaseException) -> None:
        callbacks = self._pop(job_id)
        if callbacks and callbacks.on_error is not None:
            callbacks.on_error(error)
        else:
            self.unhandledError.emit(error)

    def _pop(self, job_id: int) -> _Callbacks | None:
        callbacks = self._callbacks.pop(job_id, None)
        if not self._callbacks:
            self.busyChanged.emit(False)
        return callbacks
