"""The sliding-window rate limiter, on a fake clock: it decides, it never really waits."""

from __future__ import annotations

import logging
import threading

import pytest

from tests.sync.fakes import FakeTime
from watchlist.sync.ratelimit import RateLimiter


def limiter(fake_time: FakeTime, calls: int = 20, period: float = 10.0) -> RateLimiter:
    return RateLimiter(calls, period, clock=fake_time.clock, sleep=fake_time.sleep)


def call(rate: RateLimiter, fake_time: FakeTime, duration: float = 0.0) -> float:
    """Make one call lasting ``duration`` seconds; returns when it started."""
    with rate.slot() as slot:
        fake_time.now += duration
    return slot.started


def test_calls_within_the_limit_do_not_wait(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    for _ in range(20):
        call(rate, fake_time)
    assert fake_time.sleeps == []


def test_call_past_the_limit_waits_for_the_window_to_slide(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    first = call(rate, fake_time)
    for _ in range(19):
        call(rate, fake_time)
    assert call(rate, fake_time) == pytest.approx(first + 10.0)


def test_window_counts_from_when_a_call_finished(fake_time: FakeTime) -> None:
    rate = limiter(fake_time, calls=1, period=10.0)
    call(rate, fake_time, duration=3.0)  # started at 1000, finished at 1003
    assert call(rate, fake_time) == pytest.approx(1013.0)


def test_hundred_calls_take_four_windows(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    starts = [call(rate, fake_time) for _ in range(100)]
    assert starts[-1] - starts[0] == pytest.approx(40.0)


def test_calls_spread_out_never_wait(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    for _ in range(100):
        call(rate, fake_time)
        fake_time.now += 0.5
    assert fake_time.sleeps == []


def test_hold_pauses_the_next_call(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    rate.hold_for(7.0)
    assert call(rate, fake_time) == pytest.approx(1007.0)


def test_hold_until_never_shortens_a_longer_hold(fake_time: FakeTime) -> None:
    rate = limiter(fake_time)
    rate.hold_for(30.0)
    rate.hold_until(fake_time.now + 5.0)
    assert call(rate, fake_time) == pytest.approx(1030.0)


def test_waiting_is_logged_at_debug_level(
    fake_time: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    rate = limiter(fake_time, calls=1, period=10.0)
    with caplog.at_level(logging.DEBUG, logger="watchlist.sync.ratelimit"):
        call(rate, fake_time)
        call(rate, fake_time)
    assert any("waiting 10.00 s" in record.getMessage() for record in caplog.records)


def test_waited_adds_up_the_delays(fake_time: FakeTime) -> None:
    rate = limiter(fake_time, calls=1, period=10.0)
    call(rate, fake_time)
    call(rate, fake_time)
    assert rate.waited == pytest.approx(10.0)


def test_threads_never_exceed_the_limit_together() -> None:
    """Many threads on a real clock with a long window: only ``calls`` get through at once."""
    admitted: list[int] = []
    blocked = threading.Event()

    def sleep(_seconds: float) -> None:
        blocked.set()
        raise TimeoutError  # a waiting thread stops here instead of sleeping

    rate = RateLimiter(5, 3600.0, sleep=sleep)

    def worker(number: int) -> None:
        try:
            with rate.slot():
                admitted.append(number)
        except TimeoutError:
            pass

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(admitted) == 5 and blocked.is_set()


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one call"):
        RateLimiter(0, 10.0)
