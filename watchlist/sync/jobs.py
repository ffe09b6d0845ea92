"""Network jobs: one deadline and one way to stop for every request an operation makes.

An operation (adding a show with its poster, one show of a sync, a search) runs inside
``network_job()``. Its requests share one deadline (``Timeouts.job`` from its start, unless the
job says otherwise), and setting its ``cancel`` event (or closing the client) stops a request
or a pause within ``POLL_SECONDS``: the caller gets ``RequestCancelledError`` at once, while the
request itself is left to end on a daemon thread (see ``HttpClient``). The current job is a
context variable, so each thread has its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

POLL_SECONDS = 0.05  # how soon a waiting request or pause notices a cancel


@dataclass(slots=True)
class NetworkJob:
    """A job's start, its budget (None: the client's ``Timeouts.job``) and its stop events."""

    started: float
    seconds: float | None = None
    stops: list[threading.Event] = field(default_factory=list)

    def deadline(self, default_seconds: float) -> float:
        """The moment on ``time.monotonic()`` by which the job must be done."""
        return self.started + (self.seconds if self.seconds is not None else default_seconds)

    def stopped(self) -> bool:
        return any(event.is_set() for event in self.stops)

    def also_stop_on(self, event: threading.Event) -> None:
        if all(known is not event for known in self.stops):
            self.stops.append(event)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True as soon as the job is stopped (then at once)."""
        end = time.monotonic() + seconds
        while not self.stopped():
            left = end - time.monotonic()
            if left <= 0:
                return False
            if self.stops:
                self.stops[0].wait(min(left, POLL_SECONDS))
            else:
                time.sleep(left)
        return True


_current: ContextVar[NetworkJob | None] = ContextVar("watchlist_network_job", default=None)


def current_job() -> NetworkJob | None:
    return _current.get()


@contextmanager
def network_job(
    *, cancel: threading.Event | None = None, seconds: float | None = None
) -> Iterator[NetworkJob]:
    """Run the block as one job. Inside another job it keeps the outer deadline and adds
    ``cancel`` to what stops it."""
    outer = _current.get()
    if outer is not None:
        job = NetworkJob(outer.started, outer.seconds, list(outer.stops))
    else:
        job = NetworkJob(time.monotonic(), seconds)
    if cancel is not None:
        job.also_stop_on(cancel)
    token = _current.set(job)
    try:
        yield job
    finally:
        _current.reset(token)


class JobStopped(Exception):  # noqa: N818 - a signal between two functions, never shown
    """Raised by ``pause`` when the current job is stopped; turned into a user message by the
    HTTP client, which knows what was being fetched."""


def pause(seconds: float) -> None:
    """``time.sleep`` that ends as soon as the current job is stopped (raising JobStopped)."""
    job = _current.get()
    if job is None:
        time.sleep(seconds)
    elif job.wait(seconds):
        raise JobStopped
