"""A hostile HTTP server that answers one byte at a time, for ever.

Each read of the socket gets a byte well within any per-read timeout, so only an overall
deadline stops a client. ``phase="headers"`` drips the status line and headers (the client
never gets a response object); ``phase="body"`` sends the headers at once and drips a body of
spaces (valid JSON whitespace, so nothing but time ends it).
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

Phase = Literal["headers", "body"]


class DripServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, phase: Phase, interval: float) -> None:
        super().__init__(("127.0.0.1", 0), _DripHandler)
        self.phase = phase
        self.interval = interval
        self.stopping = threading.Event()
        self.requests: list[str] = []  # the request lines received
        self.hung_up = threading.Semaphore(0)  # released when a client closes its connection
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def record(self, request_line: str) -> None:
        with self._lock:
            self.requests.append(request_line)


class _DripHandler(socketserver.BaseRequestHandler):
    server: DripServer

    def handle(self) -> None:
        connection: socket.socket = self.request
        received = b""
        while b"\r\n\r\n" not in received:
            piece = connection.recv(4096)
            if not piece:
                return
            received += piece
        self.server.record(received.split(b"\r\n", 1)[0].decode("latin-1"))
        if self.server.phase == "body":
            connection.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000000\r\n\r\n"
            )
            drip = b" "
        else:
            connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            drip = b"a"
        try:
            while not self.server.stopping.wait(self.server.interval):
                connection.sendall(drip)
        except OSError:  # the client hung up
            self.server.hung_up.release()


@contextmanager
def dripping_server(*, phase: Phase = "body", interval: float = 0.1) -> Iterator[DripServer]:
    server = DripServer(phase=phase, interval=interval)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
