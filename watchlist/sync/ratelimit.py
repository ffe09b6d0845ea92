"""A sliding-window rate limiter: at most N calls in any window of P seconds, for all threads.

The idea is Picard's ``webservice/ratecontrol.py`` (per-host throttling, every decision logged at
debug level), with the state in an object that takes its clock and sleep from the caller, so tests
never really wait. A call counts from when it starts until ``period`` seconds after it *finished*:
measuring from the finish means the server sees calls at least ``period`` apart whatever the
latency, so we stay under its limit even when answers are slow.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], None]

TVMAZE_CALLS = 20
TVMAZE_PERIOD = 10.0
IN_FLIGHT_POLL = 0.05  # how long to wait when every slot is taken by an unfinished call
_EPSILON = 1e-9


@dataclass(slots=True)
class Slot:
    """One call's place in the window: from its start until ``period`` after its end."""

    started: float
    finished: float | None = None


class RateLimiter:
    """Keeps calls under ``calls`` per ``period`` seconds; thread-safe."""

    def __init__(
        self,
        calls: int = TVMAZE_CALLS,
        period: float = TVMAZE_PERIOD,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        name: str = "TVmaze",
    ) -> None:
        if calls < 1 or period <= 0:
            raise ValueError("a rate limit needs at least one call per positive period")
        self.calls = calls
        self.period = period
        self.name = name
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: list[Slot] = []
        self._hold_until = float("-inf")
        self._waited = 0.0

    @property
    def waited(self) -> float:
        """Seconds callers have spent waiting for the limit, in total."""
        with self._lock:
            return self._waited

    @contextmanager
    def slot(self) -> Iterator[Slot]:
        """Wait for a free slot, run the body as one call, and count it until it finishes."""
        taken = self.acquire()
        try:
            yield taken
        finally:
            self.release(taken)

    def acquire(self) -> Slot:
        """Wait until a call is allowed, then take a slot for it."""
        while True:
            with self._lock:
                now = self._clock()
                self._forget_expired(now)
                if self._hold_until - now > _EPSILON:
                    delay = self._hold_until - now
                    log.debug("%s: holding all calls for %.2f s (asked to wait)", self.name, delay)
                elif len(self._slots) < self.calls:
                    taken = Slot(started=now)
                    self._slots.append(taken)
                    log.debug(
                        "%s: call allowed (%d of %d in the last %.0f s)",
                        self.name,
                        len(self._slots),
                        self.calls,
                        self.period,
                    )
                    return taken
                else:
                    delay = self._delay_for_full_window(now)
                    log.debug(
                        "%s: %d calls in the last %.0f s; waiting %.2f s",
                        self.name,
                        len(self._slots),
                        self.period,
                        delay,
                    )
                self._waited += delay
            self._sleep(delay)

    def release(self, taken: Slot) -> None:
        """Mark a call finished; its slot frees ``period`` seconds from now."""
        with self._lock:
            taken.finished = self._clock()

    def hold_for(self, seconds: float) -> None:
        """Make every caller wait ``seconds`` from now (a 429's Retry-After)."""
        with self._lock:
            self._hold_until = max(self._hold_until, self._clock() + max(0.0, seconds))
            log.debug("%s: holding all calls for %.2f s", self.name, seconds)

    def hold_until(self, moment: float) -> None:
        """Make every caller wait until ``moment`` on this limiter's clock."""
        with self._lock:
            self._hold_until = max(self._hold_until, moment)
            log.debug("%s: holding all calls until %.2f", self.name, moment)

    def _forget_expired(self, now: float) -> None:
        self._slots = [
            taken
            for taken in self._slots
            if taken.finished is None or taken.finished + self.period - now > _EPSILON
        ]

    def _delay_for_full_window(self, now: float) -> float:
        finished = [taken.finished for taken in self._slots if taken.finished is not None]
        if not finished:
            return IN_FLIGHT_POLL
        return max(_EPSILON, min(finished) + self.period - now)
