"""The HTTP client for TVmaze: one ``requests.Session``, a shared rate limit, bounded retries.

Retries use tenacity, with the sleep injected so tests never wait: 5xx answers, timeouts and
refused connections back off exponentially with jitter; a 429 pauses *every* caller through the
rate limiter for its ``Retry-After`` (or a back-off when there is none) and then tries again. A
bounded number of attempts is made, after which the user gets one clear error. Offline mode
refuses before any socket is opened.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
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
    wait_exponential,
    wait_random,
)

from watchlist import APP_NAME, __version__
from watchlist.sync.errors import (
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OfflineError,
    ProviderError,
    RateLimitedError,
    RequestRejectedError,
    ResponseTooLargeError,
    ServerError,
)
from watchlist.sync.ratelimit import Clock, RateLimiter, Sleep

log = logging.getLogger(__name__)

USER_AGENT = f"{APP_NAME}/{__version__} (+https://github.com/watchlist/watchlist)"
MAX_JSON_BYTES = 25 * 1024 * 1024  # a long-running show with every episode is ~2 MB
MAX_REDIRECTS = 3
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

Params = Mapping[str, str | int | Sequence[str]]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for a connection, and for each read from it."""

    connect: float = 5.0
    read: float = 20.0


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


class HttpClient:
    """GET requests to TVmaze (JSON) and its image host (posters), politely."""

    def __init__(
        self,
        base_url: str,
        *,
        offline: bool = False,
        limiter: RateLimiter | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        wall_clock: Callable[[], datetime] = utc_now,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.offline = offline
        self.timeouts = timeouts or Timeouts()
        self.retry = retry = retry or RetryPolicy()
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self._base_origin = _origin(self.base_url)
        self._limiters = {self._base_origin: limiter or RateLimiter(clock=clock, sleep=sleep)}
        self._lock = threading.Lock()
        self._requests_made = 0
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
        except (UnicodeDecodeError, ValueError) as error:
            raise MalformedResponseError(what, f"the answer is not valid JSON ({error})") from error

    def download(self, url: str, *, max_bytes: int, what: str) -> bytes:
        """GET a file (a poster) of at most ``max_bytes``, streamed and cut off past the cap."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise RequestRejectedError(f"Not downloading {what} from {url!r}: not a web address.")
        return self._get(url, None, what=what, max_bytes=max_bytes, api=False)

    # -- internals ------------------------------------------------------------------------

    def _get(
        self, url: str, params: Params | None, *, what: str, max_bytes: int, api: bool
    ) -> bytes:
        if self.offline:
            raise OfflineError()
        retrying = Retrying(
            stop=stop_after_attempt(self.retry.attempts),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            sleep=self._sleep,
            before_sleep=self._log_retry,
            reraise=True,
        )
        for attempt in retrying:
            with attempt:
                return self._attempt(
                    url, params, what=what, max_bytes=max_bytes, api=api, state=attempt.retry_state
                )
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _attempt(
        self,
        url: str,
        params: Params | None,
        *,
        what: str,
        max_bytes: int,
        api: bool,
        state: RetryCallState,
    ) -> bytes:
        """One try: follow same-origin redirects (each through the limiter), then read."""
        for _ in range(MAX_REDIRECTS + 1):
            limiter = self.limiter_for(url)
            with limiter.slot(), self._send(url, params, what=what, api=api) as response:
                status = response.status_code
                if api and status in REDIRECT_STATUSES and response.headers.get("Location"):
                    url = self._redirect_target(url, response.headers["Location"], what)
                    params = None
                    continue
                if 200 <= status < 300:
                    return self._read(response, max_bytes=max_bytes, what=what)
                raise self._status_error(response, what=what, limiter=limiter, state=state)
        raise RequestRejectedError(f"TVmaze redirected the request for {what} too many times.")

    @staticmethod
    def _redirect_target(url: str, location: str, what: str) -> str:
        target = urljoin(url, location)
        if _origin(target) != _origin(url):
            raise RequestRejectedError(
                f"TVmaze redirected the request for {what} to another site ({target}); "
                "Watchlist did not follow it."
            )
        return target

    def _send(self, url: str, params: Params | None, *, what: str, api: bool) -> _ClosingResponse:
        with self._lock:
            self._requests_made += 1
        log.debug("GET %s %s", url, dict(params or {}))
        headers = {"Accept": "application/json"} if api else {"Accept": "image/*"}
        try:
            response = self.session.get(
                url,
                params=params,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                stream=True,
                allow_redirects=not api,
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
            raise RequestRejectedError(f"Cannot request {what}: {error}.") from error
        return _ClosingResponse(response)

    def _read(self, response: requests.Response, *, max_bytes: int, what: str) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise ResponseTooLargeError(_too_large(what, max_bytes))
        chunks: list[bytes] = []
        total = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
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
        response: requests.Response,
        *,
        what: str,
        limiter: RateLimiter,
        state: RetryCallState,
    ) -> ProviderError:
        status = response.status_code
        if status == 404:
            return NotFoundError(f"TVmaze has no {what}.")
        if status == 429:
            retry_after = retry_after_seconds(
                response.headers.get("Retry-After"), self._wall_clock()
            )
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
            f"TVmaze refused the request for {what} (HTTP {status}{_api_message(response)})."
        )

    def _should_retry(self, error: BaseException) -> bool:
        if isinstance(error, RateLimitedError):
            return error.retry_after is not None and error.retry_after <= self.retry.max_retry_after
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


class _ClosingResponse:
    """A streamed response that is always closed, so its connection returns to the pool."""

    def __init__(self, response: requests.Response) -> None:
        self.response = response

    def __enter__(self) -> requests.Response:
        return self.response

    def __exit__(self, *_exc: object) -> None:
        self.response.close()


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
    except (UnicodeDecodeError, ValueError, requests.RequestException):
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return f": {message}" if isinstance(message, str) and message else ""
