"""Reading an import file: any kind of file, never more than the limit, never waiting forever.

The 200 MB limit is judged on the bytes actually read, not on what ``stat`` says: a device
(``/dev/zero``), a pipe or a named FIFO has no size, and a file may grow while it is read. A
regular file larger than the limit is still refused before it is opened for reading. Reading
stops at the first byte that cannot be in a Watchlist export (a NUL byte, or bytes that are not
UTF-8), so ``/dev/zero`` and ``/dev/urandom`` are refused within the first 64 kB.

A named FIFO is opened without blocking and waited on for at most ``IDLE_SECONDS`` between
pieces: a FIFO nobody writes to is refused after that time instead of holding the import (and
the library's writer) forever. Standard input (``watchlist import -``) is read as it comes: the
program writing to it is the user's own, and Ctrl+C stops the wait.
"""

from __future__ import annotations

import codecs
import os
import select
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from watchlist.store.errors import ImportFileError
from watchlist.store.limits import MAX_IMPORT_BYTES

CHUNK_BYTES = 64 * 1024
IDLE_SECONDS = 30.0
_NOTHING_CHANGED = "Nothing was changed."


def _too_large(name: str, size: int | None = None) -> ImportFileError:
    limit = MAX_IMPORT_BYTES // 1_048_576
    how_big = f"is {size / 1_048_576:.0f} MB" if size is not None else f"holds more than {limit} MB"
    return ImportFileError(
        f"{name} {how_big}; imports are limited to {limit} MB. {_NOTHING_CHANGED}"
    )


def _decode_capped(name: str, read_chunk: Callable[[], bytes]) -> str:
    """Text from ``read_chunk`` (b"" at the end): UTF-8 with or without a BOM, at most the
    import limit, refused at the first NUL byte or invalid UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    parts: list[str] = []
    total = 0
    while chunk := read_chunk():
        total += len(chunk)
        if total > MAX_IMPORT_BYTES:
            raise _too_large(name)
        if b"\x00" in chunk:
            raise ImportFileError(
                f"{name} holds NUL bytes, so it is not a Watchlist export (JSON text). "
                f"{_NOTHING_CHANGED}"
            )
        try:
            parts.append(decoder.decode(chunk))
        except UnicodeDecodeError as error:
            raise ImportFileError(f"{name} is not UTF-8 text. {_NOTHING_CHANGED}") from error
    try:
        parts.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError as error:
        raise ImportFileError(f"{name} is not UTF-8 text. {_NOTHING_CHANGED}") from error
    return "".join(parts)


def _fifo_reader(fd: int, name: str, idle_seconds: float) -> Callable[[], bytes]:
    """Chunks of a FIFO opened without blocking, waiting at most ``idle_seconds`` for each."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)

    def read_chunk() -> bytes:
        while True:
            if not poller.poll(idle_seconds * 1000):
                raise ImportFileError(
                    f"Nothing arrived from {name} for {idle_seconds:g} seconds (is a program "
                    f"writing to it?), so the import was stopped. {_NOTHING_CHANGED}"
                )
            try:
                return os.read(fd, CHUNK_BYTES)
            except BlockingIOError:  # woken without data: wait again
                continue

    return read_chunk


def read_import_file(path: Path, *, idle_seconds: float | None = None) -> str:
    """The text of an import file, whatever kind of file ``path`` is; ImportFileError if it
    cannot be read, is too large, is not UTF-8 text or (a FIFO) stays silent ``idle_seconds``
    (by default ``IDLE_SECONDS``)."""
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of blocking.
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ImportFileError(f"{path} is a folder, not a file. {_NOTHING_CHANGED}")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_IMPORT_BYTES:
            raise _too_large(str(path), info.st_size)
        if stat.S_ISFIFO(info.st_mode) and hasattr(select, "poll"):
            idle = IDLE_SECONDS if idle_seconds is None else idle_seconds
            reader = _fifo_reader(fd, str(path), idle)
        else:
            if nonblocking:
                os.set_blocking(fd, True)  # a device or a regular file: read as usual

            def reader() -> bytes:
                return os.read(fd, CHUNK_BYTES)

        try:
            return _decode_capped(str(path), reader)
        except OSError as error:
            raise ImportFileError(f"Cannot read {path}: {error.strerror or error}.") from error
    finally:
        os.close(fd)


def read_import_stream(stream: BinaryIO, name: str = "Standard input") -> str:
    """The text of an import read from ``stream`` (standard input), with the same limits."""
    try:
        return _decode_capped(name, lambda: stream.read(CHUNK_BYTES))
    except OSError as error:
        raise ImportFileError(f"Cannot read {name}: {error.strerror or error}.") from error
