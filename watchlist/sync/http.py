"""The HTTP client for TVmaze: one ``requests.Session``, a shared rate limit, bounded retries.

Retries use tenacity, with the sleep injected so tests never wait: 5xx answers, timeouts and
refused connections back off exponentially with jitter; a 429 pauses *every* caller through the
rate limiter for its ``Retry-After`` (or a back-off when there is none) and then tries again. A
bounded number of attempts is made, after which the user gets one clear error. Offline mode
refuses before any socket is opened. Every request has a deadline of its own and its job's
(``Timeouts``), and stops as soon as its job is cancelled or the client closed (``jobs``).
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import ipaddress
import json
import logging
import math
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_any,
    wait_exponential,
    wait_random,
)
from tenacity.stop import stop_base

from watchlist import APP_NAME, __version__
from watchlist.core.text import quoted, shortened
from watchlist.sync.errors import (
    AnswerTooSlowError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OfflineError,
    ProviderError,
    RateLimitedError,
    RequestCancelledError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
)
from watchlist.sync.jobs import POLL_SECONDS, JobStopped, NetworkJob, network_job, pause
from watchlist.sync.ratelimit import Clock, RateLimiter, Sleep

log = logging.getLogger(__name__)

USER_AGENT = f"{APP_NAME}/{__version__} (+https://github.com/watchlist/watchlist)"
MAX_JSON_BYTES = 25 * 1024 * 1024  # a long-running show with every episode is ~2 MB
MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Posters come from TVmaze's image hosts (static.tvmaze.com in every recorded answer) or from
# the API's own origin (a mirror, or the tests' local server): nowhere else.
TVMAZE_IMAGE_DOMAINS = ("tvmaze.com",)

Params = Mapping[str, str | int | Sequence[str]]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait: for a connection; for each read from it; for one whole request, from
    connecting to its last byte; and for one job (a show with its poster, a search): every
    request, retry and pause it takes. The last two hold against a server that drips."""

    connect: float = 5.0
    read: float = 20.0
    request: float = 60.0
    job: float = 180.0


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to try again."""

    attempts: int = 5
    backoff_base: float = 1.0  # first back-off in seconds; doubles each attempt
    backoff_max: float = 30.0
    jitter: float = 1.0
    max_retry_after: float = 120.0  # a longer Retry-After is reported, not waited for


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date), or None."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - now).total_seconds())


@dataclass(frozen=True, slots=True)
class _Hop:
    """What one request brought back, read on its own thread: the status, a redirect's
    target, the body of a success, the Retry-After and TVmaze's message of a failure."""

    status: int
    location: str | None = None
    body: bytes = b""
    retry_after: str | None = None
    api_message: str = ""


class _Abandon:
    """Set when the caller stops waiting for a request: its thread then stops reading, and
    the connection is shut down so a blocked read returns."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._response: requests.Response | None = None

    def is_set(self) -> bool:
        return self._event.is_set()

    def watch(self, response: requests.Response) -> None:
        with self._lock:
            self._response = response
        if self.is_set():
            _shut_down(response)

    def set(self) -> None:
        self._event.set()
        with self._lock:
            response = self._response
        if response is not None:
            _shut_down(response)


def _shut_down(response: requests.Response) -> None:
    """Wake a read blocked on ``response``'s socket (closing alone does not, on Linux)."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


class HttpClient:
    """GET requests to TVmaze (JSON) and its image hosts (posters), politely and in bounded time.

    Each request runs on a daemon thread of its own while the calling thread waits for it, its
    deadline (``Timeouts.request``, and the job's) and its job's cancel: a server that drips
    one byte at a time, or a window closing during a sync, never holds the caller (or the
    process's exit) longer than ``jobs.POLL_SECONDS`` past the deadline or the cancel.
    Posters come only from ``image_domains`` (TVmaze's) or the API's own origin, over http(s);
    every redirect is checked again, and an image host whose name leads to a loopback, private
    or link-local address is refused before any request.
    """

    def __init__(
        self,
        base_url: str,
        *,
        offline: bool = False,
        limiter: RateLimiter | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = pause,
        wall_clock: Callable[[], datetime] = utc_now,
        session: requests.Session | None = None,
        image_domains: Sequence[str] = TVMAZE_IMAGE_DOMAINS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.offline = offline
        self.timeouts = timeouts or Timeouts()
        self.retry = retry = retry or RetryPolicy()
        self.image_domains = tuple(domain.lower().strip(".") for domain in image_domains)
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._base_origin = _origin(self.base_url)
        self._limiters = {self._base_origin: limiter or RateLimiter(clock=clock, sleep=sleep)}
        self._lock = threading.Lock()
        self._requests_made = 0
        self._closing = threading.Event()
        self._backoff = wait_exponential(
            multiplier=retry.backoff_base, max=retry.backoff_max
        ) + wait_random(0, retry.jitter)
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.verify = True
        self.session.max_redirects = MAX_REDIRECTS

    @property
    def requests_made(self) -> int:
        """How many HTTP requests this client has sent (redirects and retries included)."""
        with self._lock:
            return self._requests_made

    def close(self) -> None:
        """Close the client; requests still waiting end at once with RequestCancelledError."""
        self._closing.set()
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def limiter_for(self, url: str) -> RateLimiter:
        """The rate limiter of a URL's host: the API's own, or one per other host."""
        origin = _origin(url)
        with self._lock:
            limiter = self._limiters.get(origin)
            if limiter is None:
                api = self._limiters[self._base_origin]
                limiter = RateLimiter(
                    api.calls, api.period, clock=self._clock, sleep=self._sleep, name=origin
                )
                self._limiters[origin] = limiter
            return limiter

    # -- public requests ------------------------------------------------------------------

    def get_json(self, path: str, params: Params | None = None, *, what: str) -> Any:
        """GET ``path`` on the API and decode its JSON; ``what`` names it in messages."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        try:
            body = self._get(url, params, what=what, max_bytes=MAX_JSON_BYTES, api=True)
        except ResponseTooLargeError as error:
            raise MalformedResponseError(what, str(error)) from error
        try:
            return json.loads(body.decode("utf-8"))
        except RecursionError:
            raise MalformedResponseError(
                what, "the answer nests lists or objects hundreds of levels deep"
            ) from None
        except (UnicodeDecodeError, ValueError) as error:
            problem = f"the answer is not valid JSON ({shortened(str(error), 200)})"
            raise MalformedResponseError(what, problem) from error

    def download(self, url: str, *, max_bytes: int, what: str) -> bytes:
        """GET a file (a poster) of at most ``max_bytes`` from an image host, streamed and cut
        off past the cap."""
        self.check_image_address(url, what)
        return self._get(url, None, what=what, max_bytes=max_bytes, api=False)

    # -- internals ------------------------------------------------------------------------

    def _get(
        self, url: str, params: Params | None, *, what: str, max_bytes: int, api: bool
    ) -> bytes:
        if self.offline:
            raise OfflineError()
        with network_job() as job:
            job.also_stop_on(self._closing)
            retrying = Retrying(
                stop=stop_any(
                    stop_after_attempt(self.retry.attempts),
                    _StopWhenJobSpent(job, self.timeouts.job),
                ),
                wait=self._wait,
                retry=retry_if_exception(self._should_retry),
                sleep=self._retry_sleep(job),
                before_sleep=self._log_retry,
                reraise=True,
            )
            try:
                for attempt in retrying:
                    with attempt:
                        return self._attempt(
                            url,
                            params,
                            what=what,
                            max_bytes=max_bytes,
                            api=api,
                            state=attempt.retry_state,
                            job=job,
                        )
            except JobStopped:
                raise RequestCancelledError(what) from None
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _retry_sleep(self, job: NetworkJob) -> Callable[[float], None]:
        """The back-off between tries: never past the job's deadline, stopped by its cancel."""

        def sleep(seconds: float) -> None:
            left = job.deadline(self.timeouts.job) - time.monotonic()
            self._sleep(max(0.0, min(seconds, left)))
            if job.stopped():
                raise JobStopped

        return sleep

    def _attempt(
        self,
        url: str,
        params: Params | None,
        *,
        what: str,
        max_bytes: int,
        api: bool,
        state: RetryCallState,
        job: NetworkJob,
    ) -> bytes:
        """One try: follow checked redirects (each through the limiter), then read."""
        for _ in range(MAX_REDIRECTS + 1):
            limiter = self.limiter_for(url)
            with limiter.slot():
                hop = self._wait_for(
                    functools.partial(
                        self._hop, url, params, what=what, api=api, max_bytes=max_bytes
                    ),
                    job,
                    what,
                )
            if hop.status in REDIRECT_STATUSES and hop.location:
                url = self._redirect_target(url, hop.location, what, api=api)
                params = None
                continue
            if 200 <= hop.status < 300:
                return hop.body
            raise self._status_error(hop, what=what, limiter=limiter, state=state)
        raise RequestRejectedError(f"TVmaze redirected the request for {what} too many times.")

    def _wait_for(self, work: Callable[[_Abandon], _Hop], job: NetworkJob, what: str) -> _Hop:
        """Run one request on a daemon thread; wait for it, its deadline or the job's stop."""
        if job.stopped():  # neither a cancelled job nor a spent one makes another request
            raise RequestCancelledError(what)
        abandon = _Abandon()
        done = threading.Event()
        outcome: list[_Hop | BaseException] = []

        def run() -> None:
            try:
                outcome.append(work(abandon))
            except BaseException as error:  # handed to the waiting thread, which raises it
                outcome.append(error)
            finally:
                done.set()

        job_deadline = job.deadline(self.timeouts.job)
        request_deadline = time.monotonic() + self.timeouts.request
        deadline = min(job_deadline, request_deadline)
        if time.monotonic() >= job_deadline:
            raise self._too_slow(what, None)
        threading.Thread(target=run, name="watchlist-http", daemon=True).start()
        while not done.wait(max(0.0, min(POLL_SECONDS, deadline - time.monotonic()))):
            if job.stopped():
                abandon.set()
                raise RequestCancelledError(what)
            if time.monotonic() >= deadline:
                abandon.set()
                seconds = self.timeouts.request if request_deadline <= job_deadline else None
                raise self._too_slow(what, seconds)
        if job.stopped():  # a request that failed because its client closed: not an error
            raise RequestCancelledError(what)
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _too_slow(self, what: str, request_seconds: float | None) -> AnswerTooSlowError:
        if request_seconds is not None:
            return AnswerTooSlowError(
                f"TVmaze took more than {request_seconds:g} seconds to answer for {what}, so "
                "Watchlist stopped waiting. Try again later."
            )
        return AnswerTooSlowError(
            f"TVmaze took more than {self.timeouts.job:g} seconds in all for {what}, so "
            "Watchlist stopped waiting. Try again later."
        )

    def _hop(
        self,
        url: str,
        params: Params | None,
        abandon: _Abandon,
        *,
        what: str,
        api: bool,
        max_bytes: int,
    ) -> _Hop:
        """One request and what it brought back (on the request's own thread)."""
        if not api:
            self._check_resolved_address(url, what)
        with self._send(url, params, what=what, api=api) as response:
            abandon.watch(response)
            status = response.status_code
            if status in REDIRECT_STATUSES:
                return _Hop(status, location=response.headers.get("Location"))
            if 200 <= status < 300:
                body = self._read(response, max_bytes=max_bytes, what=what, abandon=abandon)
                return _Hop(status, body=body)
            return _Hop(
                status,
                retry_after=response.headers.get("Retry-After"),
                api_message=_api_message(response) if status != 429 else "",
            )

    def _redirect_target(self, url: str, location: str, what: str, *, api: bool) -> str:
        target = urljoin(url, location)
        if api:
            if _origin(target) != _origin(url):
                raise RequestRejectedError(
                    f"TVmaze redirected the request for {what} to another site "
                    f"({shortened(target)}); Watchlist did not follow it."
                )
            return target
        self.check_image_address(target, what)
        return target

    def check_image_address(self, url: str, what: str) -> None:
        """Refuse an image address that is not http(s) on TVmaze's image hosts or the API's
        own origin (checked for the first address and for every redirect)."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:
            parts, host = None, ""
        if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
            raise RequestRejectedError(
                f"Not downloading {what} from {quoted(url)}: not a web address."
            )
        if _origin(url) == self._base_origin:
            return
        if not any(host == domain or host.endswith(f".{domain}") for domain in self.image_domains):
            raise RequestRejectedError(
                f"Not downloading {what} from {quoted(url)}: not one of TVmaze's image hosts."
            )

    def _check_resolved_address(self, url: str, what: str) -> None:
        """Refuse an image host whose name leads to this computer or a private network."""
        if _origin(url) == self._base_origin:
            return
        parts = urlsplit(url)
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            addresses = {info[4][0] for info in socket.getaddrinfo(host, port)}
        except (OSError, ValueError):
            return  # the request itself fails with its own message
        for address in addresses:
            if not _is_public(str(address)):
                raise RequestRejectedError(
                    f"Not downloading {what} from {quoted(url)}: its host leads to a local or "
                    f"private address ({address})."
                )

    def _send(self, url: str, params: Params | None, *, what: str, api: bool) -> _ClosingResponse:
        with self._lock:
            self._requests_made += 1
        log.debug("GET %s %s", shortened(url, 300), shortened(str(dict(params or {})), 300))
        headers = {"Accept": "application/json"} if api else {"Accept": "image/*"}
        try:
            response = self.session.get(
                url,
                params=params,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                stream=True,
                allow_redirects=False,
            )
        except requests.Timeout as error:
            raise NetworkError(
                f"TVmaze did not answer in time for {what}, even after "
                f"{self.retry.attempts} tries. Check your internet connection and try again."
            ) from error
        except requests.ConnectionError as error:
            raise NetworkError(
                f"Cannot reach TVmaze for {what} ({_reason(error)}), even after "
                f"{self.retry.attempts} tries. Check your internet connection and try again."
            ) from error
        except requests.RequestException as error:
            reason = shortened(str(error))
            raise RequestRejectedError(f"Cannot request {what}: {reason}.") from error
        return _ClosingResponse(response)

    def _read(
        self, response: requests.Response, *, max_bytes: int, what: str, abandon: _Abandon
    ) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLargeError(_too_large(what, max_bytes))
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                if abandon.is_set():
                    break  # nobody waits for it any more
                total += len(chunk)
                if total > max_bytes:
                    raise ResponseTooLargeError(_too_large(what, max_bytes))
                chunks.append(chunk)
        except requests.RequestException as error:
            raise NetworkError(
                f"The answer from TVmaze for {what} was cut off ({_reason(error)}), even after "
                f"{self.retry.attempts} tries. Check your internet connection and try again."
            ) from error
        return b"".join(chunks)

    def _status_error(
        self,
        hop: _Hop,
        *,
        what: str,
        limiter: RateLimiter,
        state: RetryCallState,
    ) -> ProviderError:
        status = hop.status
        if status == 404:
            return NotFoundError(f"TVmaze has no {what}.")
        if status == 429:
            retry_after = retry_after_seconds(hop.retry_after, self._wall_clock())
            if retry_after is not None and retry_after > self.retry.max_retry_after:
                return RateLimitedError(
                    f"TVmaze is receiving too many requests and asked Watchlist to wait "
                    f"{math.ceil(retry_after / 60)} minutes; try again later.",
                    retry_after=retry_after,
                )
            delay = retry_after if retry_after is not None else self._backoff_seconds(state)
            # The hold makes every caller wait, this one included (its next try goes through
            # the same limiter), so tenacity itself does not wait after a 429.
            limiter.hold_for(delay)
            return RateLimitedError(
                "TVmaze is receiving too many requests from this computer and still refused "
                f"after {self.retry.attempts} tries; try again in a few minutes.",
                retry_after=delay,
            )
        if status >= 500:
            return ServerError(
                f"TVmaze is having trouble (HTTP {status}) and still was after "
                f"{self.retry.attempts} tries; try again later.",
                status=status,
            )
        return RequestRejectedError(
            f"TVmaze refused the request for {what} (HTTP {status}{hop.api_message})."
        )

    def _should_retry(self, error: BaseException) -> bool:
        if isinstance(error, RateLimitedError):
            return error.retry_after is not None and error.retry_after <= self.retry.max_retry_after
        if isinstance(error, AnswerTooSlowError):
            return False  # another try would be as slow, and the deadline is spent
        return isinstance(error, (NetworkError, ServerError))

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RateLimitedError):
            return 0.0  # the rate limiter's hold does the waiting, for every caller
        return self._backoff_seconds(state)

    def _backoff_seconds(self, state: RetryCallState) -> float:
        """Exponential back-off with jitter, never longer than the policy's maximum."""
        return min(self.retry.backoff_max, float(self._backoff(state)))

    @staticmethod
    def _log_retry(state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        seconds = state.next_action.sleep if state.next_action else 0.0
        log.info(
            "Try %d failed (%s); trying again in %.1f s",
            state.attempt_number,
            type(error).__name__,
            seconds,
        )


class _StopWhenJobSpent(stop_base):
    """No more tries once the job's deadline has passed."""

    def __init__(self, job: NetworkJob, default_seconds: float) -> None:
        self.job = job
        self.default_seconds = default_seconds

    def __call__(self, retry_state: RetryCallState) -> bool:
        return time.monotonic() >= self.job.deadline(self.default_seconds)


class _ClosingResponse:
    """A streamed response that is always closed, so its connection returns to the pool."""

    def __init__(self, response: requests.Response) -> None:
        self.response = response

    def __enter__(self) -> requests.Response:
        return self.response

    def __exit__(self, *_exc: object) -> None:
        self.response.close()


def _is_public(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved and unspecified addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _reason(error: BaseException) -> str:
    """A short, readable cause from requests' deeply nested connection errors."""
    text = str(error)
    for marker in ("Failed to resolve", "Connection refused", "Name or service not known"):
        if marker in text:
            return marker.lower()
    return type(error).__name__


def _too_large(what: str, max_bytes: int) -> str:
    return f"the answer for {what} is larger than {max_bytes / 1_048_576:g} MB"


def _api_message(response: requests.Response) -> str:
    """TVmaze's own error message, if its error body has one."""
    try:
        body = json.loads(next(response.iter_content(10_000), b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, requests.RequestException):
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return f": {shortened(message)}" if isinstance(message, str) and message else ""
