"""One window per library: a second start hands over to the running window and exits."""

from __future__ import annotations

import hashlib
import logging
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
ACTIVATE_MESSAGE = b"activate\n"


def server_name(database_url: str) -> str:
    """A per-user, per-library name for the local socket."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(os.getuid())
    digest = hashlib.sha256(f"{user}\0{database_url}".encode()).hexdigest()[:16]
    return f"watchlist-{digest}"


class SingleInstance(QObject):
    """Claims a library for this process, or tells the process that holds it to come forward."""

    activationRequested = Signal()

    def __init__(self, database_url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(database_url)
        self._server: QLocalServer | None = None

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
            self.activationRequested.emit()
