"""One window per library: a second start hands over to the running window and exits.

Which start keeps the library is decided by a lock the operating system gives to one process
only (``flock`` on a per-user, per-library lock file; a byte lock on Windows), held for the
process's lifetime and released by the system when it ends, even by a crash. Asking "is a window
listening?" first, as this once did, let two starts at the same instant both find no window and
both open one. The holder then listens on a local socket, so later starts can ask it to come
forward.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import IO

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
# How long a later start keeps trying to reach the window of the start that holds the lock
# (it listens within milliseconds of taking the lock, while it opens the library).
HANDOVER_TIMEOUT_S = 10.0
ACTIVATE_MESSAGE = b"activate\n"


def server_name(database_url: str) -> str:
    """A per-user, per-library name for the local socket."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
    digest = hashlib.sha256(f"{user}\0{database_url}".encode()).hexdigest()[:16]
    return f"watchlist-{digest}"


class ProcessLock:
    """An exclusive lock on a file, held until released or until the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def try_acquire(self) -> bool | None:
        """True when this process now holds the lock, False when another one does; None when
        no lock can be taken here at all (the file cannot be created or locked)."""
        if self._handle is not None:
            return True
        try:
            handle = self.path.open("a+b")
        except OSError as error:
            log.warning("Cannot create the lock file %s: %s", self.path, error)
            return None
        try:
            locked = _lock_file(handle)
        except OSError as error:
            handle.close()
            log.warning("Cannot lock %s: %s", self.path, error)
            return None
        if not locked:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor releases the lock
            self._handle = None


def _lock_file(handle: IO[bytes]) -> bool:
    """Lock ``handle`` without waiting; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class SingleInstance(QObject):
    """Claims a library for this process, or tells the process that holds it to come forward."""

    activationRequested = Signal()

    def __init__(
        self, database_url: str, parent: QObject | None = None, *, lock_folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.name = server_name(database_url)
        folder = lock_folder if lock_folder is not None else Path(tempfile.gettempdir())
        self.lock = ProcessLock(folder / f"{self.name}.lock")
        self.activations = 0  # requests heard so far, also those before the window existed
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """Take the library for this process; False when another start already has it.

        Where no lock can be taken (a temporary folder another user owns the file in), the
        check falls back to asking for a running window.
        """
        locked = self.lock.try_acquire()
        if locked is None:
            return not self.ask_running_instance()
        return locked

    def hand_over(self, timeout_s: float = HANDOVER_TIMEOUT_S) -> bool:
        """Ask the start holding the library to come forward, waiting for it to listen."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.ask_running_instance():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def ask_running_instance(self) -> bool:
        """True when another window has this library open (and was asked to come forward)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(ACTIVATE_MESSAGE)
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        log.info("Another Watchlist window has this library open; asked it to come forward")
        return True

    def claim(self) -> bool:
        """Listen for later starts; removes a stale socket left by a crashed process."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                log.warning("Cannot claim %s: %s", self.name, server.errorString())
                return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        log.info("This window answers later starts on %s", self.name)
        return True

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        self.lock.release()

    def _on_connection(self) -> None:
        server = self._server
        if server is None:
            return
        while (socket := server.nextPendingConnection()) is not None:
            socket.setParent(self)
            socket.readyRead.connect(self._read_from_sender)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read_from_sender(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        if ACTIVATE_MESSAGE.strip() in data:
            log.info("Another start asked for this window; bringing it forward")
            self.activations += 1
            self.activationRequested.emit()
